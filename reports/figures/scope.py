"""Which departments a user's figures cover."""

from django.http import Http404
from django.utils.translation import gettext as _

from employees.access import access_for
from employees.models import AccessGrant, Department, JobRole, _outermost

LEAD_KINDS = (AccessGrant.Kind.HR, AccessGrant.Kind.MANAGER)


def scope_departments(*, user, department=None) -> tuple[list[str], list]:
    """(root paths, departments) reported on: each root, then its subtree.

    Departments come depth-first (ordered by materialised path).

    ``department`` (an instance or id) must lie in the user's grants; without
    it, every granted subtree in turn. Out of scope answers 404, exactly like
    a department that does not exist.
    """
    roots = scope_roots(user=user, department=department)
    if not roots:
        return [], []
    return roots, list(
        Department.objects.in_paths(roots)
        .order_by("path")
        .only("id", "name", "code", "parent_id", "path", "depth")
    )


def scope_roots(*, user, department=None) -> list[str]:
    """The paths of the subtrees covered (disjoint, ordered)."""
    access = access_for(user)
    if department is None:
        if access.is_superuser:
            return list(
                Department.objects.roots()
                .order_by("path")
                .values_list("path", flat=True)
            )
        return _outermost(access.paths())
    path = _department_path(department)
    if path is None or not access.covers(path):
        raise Http404(_("No such department."))
    return [path]


def lead_roots(*, user, roots: list[str]) -> list[str]:
    """The parts of ``roots`` where the user may see employees in detail.

    HR and manager grants give per-employee detail; a viewer grant does not.
    """
    access = access_for(user)
    if access.is_superuser:
        return roots
    lead = access.paths(*LEAD_KINDS)
    inside = [p for p in lead if any(p.startswith(root) for root in roots)]
    covered = [r for r in roots if any(r.startswith(p) for p in lead)]
    return _outermost(inside + covered)


def _department_path(department) -> str | None:
    if isinstance(department, Department):
        return department.path
    try:
        pk = int(department)
    except (TypeError, ValueError):
        return None
    return Department.objects.filter(pk=pk).values_list("path", flat=True).first()


def role_id_of(role) -> int | None:
    if role is None or role == "":
        return None
    if isinstance(role, JobRole):
        return role.pk
    return int(role)
