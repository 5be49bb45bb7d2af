"""The ``.values()`` rows of the main course lists (see api.fastlist).

Each matches its serializer field for field; tests/api/test_list_rows.py
compares them.
"""

from api.fastlist import (
    ValuesList,
    date_out,
    datetime_out,
    decimal_out,
)
from courses.models import CourseOutcome
from courses.selectors import seat_counts

COURSE_ROW = ValuesList(
    {
        "id": ("id", None),
        "provider": ("provider__code", None),
        "external_id": ("external_id", None),
        "title": ("title", None),
        "description": ("description", None),
        "purpose": ("purpose", None),
        "language": ("language", None),
        "mode": ("mode", None),
        "hours": ("hours", decimal_out(1)),
        "price_dkk": ("price_dkk", decimal_out(2)),
        "status": ("status", None),
        "practice_task": ("practice_task", None),
        "has_practice_task": ("practice_task", lambda text: bool(text.strip())),
        "outcomes": ("id", None),
        "created_at": ("created_at", datetime_out),
        "updated_at": ("updated_at", datetime_out),
    }
)

SESSION_ROW = ValuesList(
    {
        "id": ("id", None),
        "external_id": ("external_id", None),
        "course": ("course_id", None),
        "course_external_id": ("course__external_id", None),
        "course_title": ("course__title", None),
        "provider": ("course__provider__code", None),
        "starts_at": ("starts_at", datetime_out),
        "ends_at": ("ends_at", datetime_out),
        "location": ("location", None),
        "is_online": ("is_online", None),
        "capacity": ("capacity", None),
        "enrollment_deadline": ("enrollment_deadline", date_out),
        "waitlist_order": ("waitlist_order", None),
        "is_cancelled": ("is_cancelled", None),
    }
)

ENROLLMENT_ROW = ValuesList(
    {
        "id": ("id", None),
        "employee": ("employee_id", None),
        "employee_name": ("employee__name", None),
        "session": ("session_id", None),
        "course": ("course_id", None),
        "course_title": ("session__course__title", None),
        "status": ("status", None),
        "requested_by": ("requested_by_id", None),
        "approved_by": ("approved_by_id", None),
        "created_at": ("created_at", datetime_out),
        "decided_at": ("decided_at", datetime_out),
        "waitlisted_at": ("waitlisted_at", datetime_out),
        "attendance_at": ("attendance_at", datetime_out),
        "completed_at": ("completed_at", datetime_out),
        "ended_at": ("ended_at", datetime_out),
        "decision_note": ("decision_note", None),
    }
)

PARTNER_ENROLLMENT_ROW = ValuesList(
    {
        "id": ("id", None),
        "session": ("session_id", None),
        "status": ("status", None),
        "attendance_at": ("attendance_at", datetime_out),
        "completed_at": ("completed_at", datetime_out),
    }
)


def session_rows(spec: ValuesList, page) -> list[dict]:
    """Session rows with the seat counts of this page's sessions (one query)."""
    rows = [spec.row(values) for values in page]
    counts = seat_counts([row["id"] for row in rows])
    for row in rows:
        row.update(counts[row["id"]])
    return rows


def course_rows(spec: ValuesList, page) -> list[dict]:
    """Course rows with their outcomes, read for the whole page in one query."""
    rows = [spec.row(values) for values in page]
    outcomes: dict[int, list] = {row["id"]: [] for row in rows}
    found = (
        CourseOutcome.objects.filter(course_id__in=list(outcomes))
        .order_by("competence__code", "id")
        .values_list("course_id", "competence__code", "from_level", "to_level")
    )
    for course_id, code, from_level, to_level in found:
        outcomes[course_id].append(
            {"competence": code, "from_level": from_level, "to_level": to_level}
        )
    for row in rows:
        row["outcomes"] = outcomes[row["id"]]
    return rows
