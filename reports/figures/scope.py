"""Which departments and employees a user's figures cover (the access policy
decides; this only shapes the answer for the figures)."""

from employees.access import Subtrees, access_for
from employees.models import Department, JobRole

FIELDS = ("id", "name", "code", "parent_id", "path", "depth", "municipality_id")


def scope_departments(*, user, department=None) -> tuple[Subtrees, list]:
    """(scope, departments reported on): each subtree, depth-first.

    ``department`` (an instance or id) must lie in the user's grants; without
    it, every granted subtree in turn. Out of scope answers 404, exactly like
    a department that does not exist.
    """
    scope = access_for(user).figure_scope(department)
    if not scope:
        return scope, []
    return scope, list(scope.departments().only(*FIELDS))


def measured(scope: Subtrees, role=None):
    """The employees the figures count: active, in scope, of ``role`` if given."""
    employees = scope.employees()
    role_id = role_id_of(role)
    return employees if role_id is None else employees.filter(job_role_id=role_id)


def lead_scope(*, user, department=None) -> Subtrees:
    """The part of the figures' scope where the user may see people in detail."""
    access = access_for(user)
    return access.lead_part(access.figure_scope(department))


def role_id_of(role) -> int | None:
    if role is None or role == "":
        return None
    if isinstance(role, JobRole):
        return role.pk
    return int(role)


__all__ = ["Department", "lead_scope", "measured", "role_id_of", "scope_departments"]
