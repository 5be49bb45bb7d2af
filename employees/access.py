"""Who may do what with departments, employees and their competences.

One policy object per user answers every question from the user's grants,
which it reads once. Views, pages and services ask it instead of checking
grants themselves.
"""

from functools import cached_property

from employees.models import AccessGrant, Department, Employee

Kind = AccessGrant.Kind


def access_for(user) -> "Access":
    """The user's Access, kept on the user object for the rest of the request."""
    access = user.__dict__.get("_kyndig_access")
    if access is None:
        access = Access(user)
        if user.is_authenticated:
            user.__dict__["_kyndig_access"] = access
    return access


class Access:
    """The access a signed-in user holds through grants and their own record."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def grants(self) -> list[tuple[str, str]]:
        if not self.user.is_authenticated:
            return []
        return list(
            AccessGrant.objects.filter(user=self.user).values_list(
                "kind", "department__path"
            )
        )

    @property
    def is_superuser(self) -> bool:
        return self.user.is_authenticated and self.user.is_superuser

    def paths(self, *kinds: str) -> list[str]:
        kinds = kinds or tuple(Kind.values)
        return [path for kind, path in self.grants if kind in kinds]

    def covers(self, department_path: str, *kinds: str) -> bool:
        if self.is_superuser:
            return True
        return any(department_path.startswith(path) for path in self.paths(*kinds))

    # --- roles ------------------------------------------------------------
    @property
    def is_hr(self) -> bool:
        return self.is_superuser or bool(self.paths(Kind.HR))

    @property
    def is_manager(self) -> bool:
        return bool(self.paths(Kind.MANAGER))

    @property
    def has_grants(self) -> bool:
        return self.is_superuser or bool(self.grants)

    def is_self(self, employee: Employee) -> bool:
        return self.user.is_authenticated and employee.user_id == self.user.pk

    def is_hr_over(self, employee: Employee) -> bool:
        return self.covers(employee.department.path, Kind.HR)

    def is_lead_over(self, employee: Employee) -> bool:
        """HR or manager over the employee: those who run their development."""
        return self.covers(employee.department.path, Kind.HR, Kind.MANAGER)

    # --- departments --------------------------------------------------------
    def can_view_department(self, department: Department) -> bool:
        return self.covers(department.path)

    def can_edit_department(self, department: Department) -> bool:
        return self.covers(department.path, Kind.HR)

    def can_create_department_under(self, parent: Department | None) -> bool:
        if parent is None:
            return self.is_superuser
        return self.covers(parent.path, Kind.HR)

    # --- employees ----------------------------------------------------------
    def can_view_employee(self, employee: Employee) -> bool:
        return self.is_self(employee) or self.covers(employee.department.path)

    def can_view_employee_detail(self, employee: Employee) -> bool:
        """Competences, assessments, enrollments: viewers see names only."""
        return self.is_self(employee) or self.is_lead_over(employee)

    def can_edit_employee(self, employee: Employee) -> bool:
        return self.is_hr_over(employee)

    def can_assess(self, employee: Employee) -> bool:
        # Validated levels come from someone else: never from oneself.
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_self_assess(self, employee: Employee) -> bool:
        return self.is_self(employee) and employee.is_active

    def can_grant_access(self, department: Department) -> bool:
        return self.covers(department.path, Kind.HR)

    # --- enrollments ------------------------------------------------------
    def can_enroll_directly(self, employee: Employee) -> bool:
        # HR's own course places are requested and approved like anyone's.
        return not self.is_self(employee) and self.is_hr_over(employee)

    def can_request_for(self, employee: Employee) -> bool:
        return self.is_self(employee) and employee.is_active

    def can_decide(self, employee: Employee) -> bool:
        """Approve or reject a request, review practice evidence."""
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_withdraw(self, employee: Employee) -> bool:
        return self.is_self(employee) or self.is_lead_over(employee)

    def can_record_attendance(self, employee: Employee) -> bool:
        return not self.is_self(employee) and self.is_hr_over(employee)

    def can_complete(self, employee: Employee) -> bool:
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_submit_evidence(self, employee: Employee) -> bool:
        return self.is_self(employee)

    def can_view_reports(self) -> bool:
        return self.has_grants
