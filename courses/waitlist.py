"""The order of a session's waitlist (DESIGN §9).

``fifo`` (the default): first come, first served. ``need``: people with an
overdue requirement this course meets first, then the larger total gap
between their current level (§3) and the course's outcome levels, then first
come. Ties end on the enrollment id, so the order is deterministic.

Requirements belong to the obligations app above this one: it registers a
function answering which of some employees are overdue on a requirement the
course meets (``register_overdue``), so courses need not import it.
"""

from collections.abc import Callable

from django.db.models import F

from competences.levels import team_levels
from courses.models import CourseSession, EnrollmentStatus, WaitlistOrder

# (employee ids, course id) -> the ids overdue on a requirement the course meets
_overdue: list[Callable] = []


def register_overdue(check: Callable) -> None:
    if check not in _overdue:
        _overdue.append(check)


def overdue_among(employee_ids: list[int], course_id: int) -> set[int]:
    found: set[int] = set()
    for check in _overdue:
        found |= set(check(employee_ids, course_id))
    return found


def waiting(session: CourseSession, *, lock: bool = False) -> list:
    """The session's waitlisted enrollments of active employees, in order."""
    rows = session.enrollments.filter(
        status=EnrollmentStatus.WAITLISTED, employee__is_active=True
    ).order_by(F("waitlisted_at").asc(nulls_last=True), "created_at", "id")
    if lock:
        rows = rows.select_for_update()
    rows = list(rows)
    if session.waitlist_order != WaitlistOrder.NEED or len(rows) < 2:
        return rows
    return _by_need(session, rows)


def positions(session: CourseSession) -> dict[int, int]:
    """Enrollment id -> place in line (1 is next), as the roster shows it."""
    return {e.pk: index for index, e in enumerate(waiting(session), start=1)}


def _by_need(session: CourseSession, rows: list) -> list:
    ids = [e.employee_id for e in rows]
    overdue = overdue_among(ids, session.course_id)
    outcomes = list(session.course.outcomes.values_list("competence_id", "to_level"))
    employees = type(rows[0].employee).objects.filter(pk__in=ids)
    levels = team_levels(employees=employees) if outcomes else {}

    def gap(employee_id: int) -> int:
        member = levels.get(employee_id)
        cells = member.cells if member else {}
        return sum(
            max(to_level - cells.get(competence, (0, None))[0], 0)
            for competence, to_level in outcomes
        )

    first_come = {e.pk: index for index, e in enumerate(rows)}
    return sorted(
        rows,
        key=lambda e: (
            e.employee_id not in overdue,
            -gap(e.employee_id),
            first_come[e.pk],
        ),
    )
