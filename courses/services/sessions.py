"""Session-wide changes: bulk placement, cancellation, refilling seats."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import events
from courses.models import CourseSession, Enrollment
from courses.services import _common as c
from courses.services.enrollments import place
from employees.models import Employee


@transaction.atomic
def session_enroll_bulk(
    *, session: CourseSession, employees, enrolled_by, override_reason: str = ""
) -> list[dict]:
    """Place each employee in request order; report those who cannot be placed.

    ``employees`` holds Employee objects or ids. One result per entry, in order.
    """
    locked = c.lock_session(session.pk)
    return [
        _bulk_place(
            employee,
            session=locked,
            enrolled_by=enrolled_by,
            override_reason=override_reason,
        )
        for employee in _resolve(employees)
    ]


def _resolve(employees) -> list:
    ids = [e for e in employees if not isinstance(e, Employee)]
    found = Employee.objects.select_related("department").in_bulk(ids)
    return [e if isinstance(e, Employee) else found.get(e, e) for e in employees]


def _bulk_place(employee, *, session, enrolled_by, override_reason="") -> dict:
    if not isinstance(employee, Employee):
        detail = _("No such employee.")
        return {"employee": employee, "code": "not_found", "detail": detail}
    try:
        # A savepoint per employee: one refusal must not undo the others.
        with transaction.atomic():
            enrollment = place(
                employee=employee,
                session=session,
                enrolled_by=enrolled_by,
                override_reason=override_reason,
            )
    except ValidationError as error:
        result = {
            "employee": employee.pk,
            "code": error.code,
            "detail": error.messages[0],
        }
        if error.code == "prerequisite_missing":
            result["missing"] = error.params["missing"]
        return result
    return {"employee": employee.pk, "status": enrollment.status}


@transaction.atomic
def session_cancel(*, session: CourseSession, cancelled_by=None) -> CourseSession:
    """Cancel a session; every live enrollment on it becomes cancelled."""
    locked = c.lock_session(session.pk)
    now = timezone.now()
    if locked.is_cancelled:
        c.fail(_("This session is already cancelled."), "invalid_transition")
    if locked.ends_at <= now:
        c.fail(
            _("This session has already taken place and cannot be cancelled."),
            "invalid_transition",
        )
    live = Enrollment.objects.filter(session=locked).live()
    cancelled = list(live.select_related("employee"))
    live.update(status=c.Status.CANCELLED, ended_at=now, updated_at=now)
    for enrollment in cancelled:
        enrollment.status, enrollment.ended_at = c.Status.CANCELLED, now
    locked.is_cancelled = True
    locked.cancelled_at = now
    locked.save(update_fields=["is_cancelled", "cancelled_at"])
    session.is_cancelled, session.cancelled_at = True, now
    events.session_cancelled.emit(
        session=locked, enrollments=cancelled, actor=cancelled_by
    )
    return locked


@transaction.atomic
def session_fill_waitlist(*, session: CourseSession) -> list[Enrollment]:
    """Promote waitlisted employees into seats freed otherwise (a larger capacity)."""
    locked = c.lock_session(session.pk)
    return c.fill_from_waitlist(locked, timezone.now())
