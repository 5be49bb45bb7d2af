"""Shared steps of the enrollment workflow: locks, seat counting, refusals.

Every change to who holds a seat in a session first locks the session row, so
counting free seats and taking one happen as one step, also when many requests
arrive at once.
"""

from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import events, waitlist
from courses.models import SEAT_STATUSES, CourseSession, Enrollment, EnrollmentStatus

Status = EnrollmentStatus


def fail(message: str, code: str) -> NoReturn:
    raise ValidationError(message, code=code)


def lock_session(session_id: int) -> CourseSession:
    return CourseSession.objects.select_for_update().get(pk=session_id)


def lock_enrollment(enrollment: Enrollment) -> CourseSession:
    """Lock the enrollment's session, then the enrollment, and refresh it.

    The session is always locked before its enrollments (the order placement
    uses too), so two workflows on one session queue instead of deadlocking.
    The caller's instance is refreshed so checks see the committed state.
    """
    session = lock_session(enrollment.session_id)
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    for field in Enrollment._meta.concrete_fields:
        setattr(enrollment, field.attname, getattr(locked, field.attname))
    return session


def require_status(enrollment: Enrollment, allowed, message: str):
    if enrollment.status not in allowed:
        fail(message, "invalid_transition")


def require_active(employee):
    if not employee.is_active:
        fail(_("The employee is no longer active."), "employee_inactive")


def require_not_started(session: CourseSession, now):
    if session.is_cancelled:
        fail(_("This session has been cancelled."), "session_closed")
    if session.starts_at <= now:
        fail(_("This session has already started."), "session_closed")


def require_open(session: CourseSession, now):
    """Open for new enrollments: not cancelled, not started, deadline not passed."""
    require_not_started(session, now)
    deadline = session.enrollment_deadline
    if deadline is not None and deadline < timezone.localdate(now):
        fail(
            _("The enrollment deadline for this session has passed."),
            "session_closed",
        )


def require_no_live_enrollment(employee, course_id: int):
    live = Enrollment.objects.live().filter(employee=employee, course_id=course_id)
    if live.exists():
        fail(
            _("The employee already has an active enrollment for this course."),
            "duplicate_enrollment",
        )


def seats_taken(session: CourseSession) -> int:
    return session.enrollments.filter(status__in=SEAT_STATUSES).count()


def free_seats(session: CourseSession) -> int:
    return max(session.capacity - seats_taken(session), 0)


def fill_from_waitlist(session: CourseSession, now) -> list[Enrollment]:
    """Give free seats to the waitlist in its order (``courses.waitlist``).
    The session must be locked."""
    if session.is_cancelled or session.starts_at <= now:
        return []
    free = free_seats(session)
    if not free:
        return []
    # The session is locked, so the order read here is the order served.
    promoted = waitlist.waiting(session, lock=True)[:free]
    for enrollment in promoted:
        enrollment.status = Status.ENROLLED
        enrollment.save(update_fields=["status", "updated_at"])
        events.enrollment_promoted.emit(enrollment=enrollment)
    return promoted


def seat_status(session: CourseSession, now) -> str:
    """Enrolled if a seat is free, else waitlisted; the waitlist goes first."""
    fill_from_waitlist(session, now)
    return Status.ENROLLED if free_seats(session) else Status.WAITLISTED


def create_enrollment(**fields) -> Enrollment:
    try:
        # A savepoint, so a lost race leaves the outer transaction usable.
        with transaction.atomic():
            return Enrollment.objects.create(**fields)
    except IntegrityError:
        # Another session of the same course was booked concurrently: the
        # session locks differ, so the database constraint is the referee.
        require_no_live_enrollment(fields["employee"], fields["course_id"])
        raise
