"""Small groups stay private for viewers (DESIGN §4).

A viewer (the MED committee, say) sees figures, not people. A department of
one or two people would show each person's stage, so for the parts of a
scope a user sees only through a viewer grant, a department with fewer than
``PRIVACY_MIN_GROUP`` active employees shows no figures; its people still count
in every department above it. HR and managers may see the people anyway and
see every figure.

Hiding a small department is not enough: a parent's figures minus those of its
visible children are the figures of everyone else in the parent, its own
staff and its hidden children. So that residual group must be empty or at
least ``PRIVACY_MIN_GROUP`` too; where it is not, a second department is
hidden (the smallest that helps), or the parent itself. The rule runs until
nothing changes.
"""

from django.conf import settings

from employees.access import Subtrees


def hidden_departments(departments, headcounts: dict[int, int], lead: Subtrees):
    """Ids of the departments whose figures a viewer may not see.

    ``departments`` are the scope's rows (depth-first, with ``parent_id``),
    ``headcounts`` the active employees of each with its subtree, ``lead`` the
    part of the scope the user sees in detail (never hidden).
    """
    minimum = settings.PRIVACY_MIN_GROUP
    children: dict = {}
    for dept in departments:
        children.setdefault(dept.parent_id, []).append(dept)
    open_view = {dept.pk for dept in departments if lead.covers(dept)}
    hidden = {
        dept.pk
        for dept in departments
        if dept.pk not in open_view and 0 < headcounts.get(dept.pk, 0) < minimum
    }
    _close_downwards(departments, hidden, open_view)
    changed = True
    while changed:
        changed = False
        for dept in departments:
            if dept.pk in hidden or dept.pk in open_view:
                continue
            if _protect_residual(dept, children, headcounts, hidden, open_view):
                _close_downwards(departments, hidden, open_view)
                changed = True
    return hidden


def _close_downwards(departments, hidden: set, open_view: set) -> None:
    """Below a hidden department, whatever a viewer sees only as a viewer is
    hidden too (its figures are part of the hidden ones)."""
    for dept in departments:  # depth-first: parents come first
        if dept.parent_id in hidden and dept.pk not in open_view:
            hidden.add(dept.pk)


def _nearest_visible(dept, children, hidden) -> list:
    found = []
    for child in children.get(dept.pk, []):
        if child.pk in hidden:
            found += _nearest_visible(child, children, hidden)
        else:
            found.append(child)
    return found


def _protect_residual(dept, children, headcounts, hidden, open_view) -> bool:
    """Hide one more department if ``dept`` minus its nearest visible
    descendants leaves a group too small; answers whether it hid one."""
    minimum = settings.PRIVACY_MIN_GROUP
    visible = _nearest_visible(dept, children, hidden)
    residual = headcounts.get(dept.pk, 0) - sum(
        headcounts.get(v.pk, 0) for v in visible
    )
    if residual == 0 or residual >= minimum:
        return False
    candidates = [v for v in visible if v.pk not in open_view]
    if candidates:
        smallest = min(candidates, key=lambda v: (headcounts.get(v.pk, 0), v.pk))
        hidden.add(smallest.pk)
    else:
        hidden.add(dept.pk)
    return True
