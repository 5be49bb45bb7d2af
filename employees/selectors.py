"""Reads of the organisation, always scoped to the asking user by the policy."""

from django.db.models import QuerySet

from employees.access import access_for
from employees.models import AccessGrant, Department, Employee, JobRole


def department_list(*, user) -> QuerySet[Department]:
    return access_for(user).departments().select_related("parent")


def employee_list(*, user, detail: bool = False) -> QuerySet[Employee]:
    """Employees the user may see.

    ``detail`` narrows to those whose competences and enrollments the user may
    see (HR, managers and oneself; viewers see names only).
    """
    employees = access_for(user).employees(detail=detail)
    return employees.select_related("department", "job_role", "municipality")


def role_list(*, user) -> QuerySet[JobRole]:
    """Job roles of the municipalities the user works in."""
    return JobRole.objects.filter(municipality__in=access_for(user).municipalities())


def grant_list(*, user) -> QuerySet[AccessGrant]:
    """Grants on departments the user holds HR for."""
    departments = access_for(user).hr_departments()
    return AccessGrant.objects.filter(department__in=departments).select_related(
        "user", "department"
    )


def employees_enrollable_by(*, user) -> QuerySet[Employee]:
    """Active employees the user may place on a course directly (HR scope)."""
    employees = access_for(user).hr_employees().active()
    return employees.select_related("department", "job_role")
