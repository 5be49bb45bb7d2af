"""Who hears what (DESIGN §8): each domain event becomes notifications.

Handlers run inside the service's transaction (``event.subscribe(handler)``),
so the notifications commit or roll back with the change. Each notification's
dedupe key names the event's object, so the same change never notifies a
person twice.
"""

from functools import partial

from django.utils import timezone

from courses.models import Enrollment
from employees.access import access_for
from notifications import delivery, ical, messages, recipients
from notifications.ical import CANCEL, REQUEST
from notifications.models import Kind
from notifications.services import notify, notify_all

Status = Enrollment.Status
# Who a moved session concerns: those waiting for it or holding a seat.
MOVABLE = (Status.REQUESTED, Status.ENROLLED, Status.WAITLISTED)


def _to_employee(enrollment, kind, *, key=None, calendar=None, **objects) -> None:
    """Tell the employee about their own enrollment."""
    build = getattr(messages, kind)
    notify(
        to=recipients.for_employee(enrollment.employee),
        kind=kind,
        dedupe_key=key or f"{kind}:enrollment:{enrollment.pk}",
        build=partial(build, enrollment=enrollment, **objects),
        about=enrollment.employee,
        calendar=(enrollment, calendar) if calendar else None,
    )


def _to_deciders(employee, kind, key: str, build) -> None:
    """Tell the employee's managers about work waiting for them: one query
    for them, one INSERT for their notifications."""
    notify_all(
        to=recipients.deciders(employee),
        kind=kind,
        dedupe_key=key,
        build=build,
        about=employee,
    )


# --- Requests and decisions ---------------------------------------------------------
def on_requested(*, enrollment, **_extra):
    kind = Kind.ENROLLMENT_REQUESTED
    build = partial(messages.enrollment_requested, enrollment=enrollment)
    _to_deciders(enrollment.employee, kind, f"{kind}:{enrollment.pk}", build)


def on_approved(*, enrollment, **_extra):
    seat = REQUEST if enrollment.status == Status.ENROLLED else None
    _to_employee(enrollment, Kind.ENROLLMENT_APPROVED, calendar=seat)


def on_rejected(*, enrollment, reason="", **_extra):
    _to_employee(enrollment, Kind.ENROLLMENT_REJECTED, reason=reason)


def on_enrolled(*, enrollment, **_extra):
    _to_employee(enrollment, Kind.ENROLLMENT_ENROLLED, calendar=REQUEST)


def on_waitlisted(*, enrollment, **_extra):
    _to_employee(enrollment, Kind.ENROLLMENT_WAITLISTED)


def on_promoted(*, enrollment, **_extra):
    _to_employee(enrollment, Kind.ENROLLMENT_PROMOTED, calendar=REQUEST)


def on_withdrawn(*, enrollment, **_extra):
    # Only a seat was in the calendar; a request or waitlist place was not.
    calendar = CANCEL if ical.was_invited(enrollment.pk) else None
    _to_employee(enrollment, Kind.ENROLLMENT_WITHDRAWN, calendar=calendar)


def on_completed(*, enrollment, assessments=(), **_extra):
    _to_employee(enrollment, Kind.ENROLLMENT_COMPLETED, assessments=assessments)


# --- Sessions -------------------------------------------------------------------------
def _change_id() -> str:
    # Each change is news, also a move back to an earlier time, so the key
    # names the change itself; every recipient of one change shares it.
    return timezone.now().strftime("%Y%m%dT%H%M%S%f")


@delivery.one_task()
def on_session_changed(*, session, **_extra):
    change = _change_id()
    affected = list(
        session.enrollments.filter(status__in=MOVABLE).select_related(
            "employee__department", "employee__user", "requested_by"
        )
    )
    for enrollment in affected:
        enrollment.session = session
        seat = enrollment.status == Status.ENROLLED
        _to_employee(
            enrollment,
            Kind.SESSION_CHANGED,
            key=f"{Kind.SESSION_CHANGED}:enrollment:{enrollment.pk}:{change}",
            calendar=REQUEST if seat else None,
        )
    _to_placers(
        session,
        affected,
        Kind.SESSION_CHANGED,
        f"session:{session.pk}:{change}",
        messages.session_changed_for_hr,
    )


@delivery.one_task()
def on_session_cancelled(*, session, enrollments=(), **_extra):
    for enrollment in enrollments:
        enrollment.session = session
        calendar = CANCEL if ical.was_invited(enrollment.pk) else None
        _to_employee(enrollment, Kind.SESSION_CANCELLED, calendar=calendar)
    _to_placers(
        session,
        enrollments,
        Kind.SESSION_CANCELLED,
        f"session:{session.pk}",
        messages.session_cancelled_for_hr,
    )


def _to_placers(session, enrollments, kind, key: str, build) -> None:
    """HR who placed people on the session hear about those people, while
    they still hold HR over them."""
    by_placer: dict = {}
    for enrollment in enrollments:
        placer = enrollment.requested_by
        if placer is None or placer.pk == enrollment.employee.user_id:
            continue
        if access_for(placer).is_hr_over(enrollment.employee):
            by_placer.setdefault(placer, []).append(enrollment)
    for placer, placed in by_placer.items():
        notify(
            to=recipients.for_user(placer),
            kind=kind,
            dedupe_key=f"{kind}:{key}",
            build=partial(build, session=session, enrollments=placed),
        )


# --- Practice tasks -----------------------------------------------------------------
def on_task_submitted(*, submission, **_extra):
    kind = Kind.PRACTICE_TASK_SUBMITTED
    employee = submission.employee
    build = partial(messages.practice_task_submitted, submission=submission)
    _to_deciders(employee, kind, f"{kind}:{submission.pk}", build)


def on_task_reviewed(*, event, submission, **_extra):
    kind = Kind(event.name)
    if submission.enrollment is None:
        # A task without a course (a roll-out campaign's try, DESIGN §9).
        notify(
            to=recipients.for_employee(submission.employee),
            kind=kind,
            dedupe_key=f"{kind}:{submission.pk}",
            build=partial(getattr(messages, kind), submission=submission),
            about=submission.employee,
        )
        return
    _to_employee(
        submission.enrollment,
        kind,
        key=f"{kind}:{submission.pk}",
        submission=submission,
    )


# --- Requirements (obligations) -------------------------------------------------
def on_requirement(*, event, **payload):
    """``requirement_due`` / ``requirement_overdue``, declared by the
    obligations app: the employee hears, once per requirement and due date."""
    employee = payload.get("employee")
    requirement = payload.get("requirement")
    if employee is None and requirement is not None:
        employee = getattr(requirement, "employee", None)
    if employee is None:
        return
    due = payload.get("due") or payload.get("due_date")
    name = str(getattr(requirement, "name", None) or requirement or "")
    kind = Kind(event.name)
    notify(
        to=recipients.for_employee(employee),
        kind=kind,
        dedupe_key=f"{kind}:{getattr(requirement, 'pk', name)}:{employee.pk}:{due}",
        build=partial(
            messages.requirement,
            employee=employee,
            overdue=kind == Kind.REQUIREMENT_OVERDUE,
            name=name,
            due=due,
        ),
        about=employee,
    )
