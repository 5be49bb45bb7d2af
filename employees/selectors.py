"""Reads of the organisation, always scoped to the asking user."""

from django.db.models import Prefetch, Q, QuerySet

from employees.access import access_for
from employees.models import AccessGrant, Department, Employee, JobRole, RoleCompetence


def department_list(*, user) -> QuerySet[Department]:
    return Department.objects.visible_to(user).select_related("parent")


def employee_list(*, user, detail: bool = False) -> QuerySet[Employee]:
    """Employees the user may see.

    ``detail`` narrows to those whose competences and enrollments the user may
    see (HR, managers and oneself; viewers see names only).
    """
    kinds = (AccessGrant.Kind.HR, AccessGrant.Kind.MANAGER) if detail else ()
    employees = Employee.objects.visible_to(user, kinds)
    return employees.select_related("department", "job_role", "municipality")


def municipality_ids(*, user) -> list[int]:
    """The municipalities the user works in, through grants or employment."""
    ids = set(
        Department.objects.visible_to(user).values_list("municipality_id", flat=True)
    )
    ids.update(
        Employee.objects.filter(user=user).values_list("municipality_id", flat=True)
    )
    return sorted(ids)


def role_list(*, user) -> QuerySet[JobRole]:
    roles = JobRole.objects.all()
    if not user.is_superuser:
        roles = roles.filter(Q(municipality_id__in=municipality_ids(user=user)))
    profile = RoleCompetence.objects.select_related("competence")
    return roles.prefetch_related(Prefetch("profile", queryset=profile))


def grant_list(*, user) -> QuerySet[AccessGrant]:
    """Grants on departments the user holds HR for."""
    grants = AccessGrant.objects.select_related("user", "department")
    if user.is_superuser:
        return grants
    hr_paths = access_for(user).paths(AccessGrant.Kind.HR)
    return grants.filter(department__in=Department.objects.in_paths(hr_paths))


def employees_enrollable_by(*, user) -> QuerySet[Employee]:
    """Active employees the user may place on a course directly (HR scope)."""
    employees = Employee.objects.active()
    if not user.is_superuser:
        hr_paths = access_for(user).paths(AccessGrant.Kind.HR)
        employees = employees.in_paths(hr_paths)
    return employees.select_related("department", "job_role")


def assessment_history(*, employee) -> QuerySet:
    """An employee's assessments, newest first (callers check detail access)."""
    from competences.models import Assessment

    return Assessment.objects.filter(employee=employee).select_related(
        "competence", "assessed_by"
    )
