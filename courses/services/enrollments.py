"""The enrollment workflow of DESIGN §2: request, place, decide, attend, complete."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import events
from courses.models import CourseSession, Enrollment
from courses.services import _common as c
from courses.services.completion import completion_assessments_record
from courses.services.prerequisites import override_record, require_prerequisites
from employees.access import access_for

Status = c.Status


@transaction.atomic
def enrollment_create(
    *, employee, session: CourseSession, actor, override_reason: str = ""
) -> Enrollment:
    """HR over the employee places directly; the employee themself requests."""
    access = access_for(actor)
    if access.can_enroll_directly(employee):
        return enrollment_enroll(
            employee=employee,
            session=session,
            enrolled_by=actor,
            override_reason=override_reason,
        )
    if access.is_self(employee):
        return enrollment_request(
            employee=employee, session=session, requested_by=actor
        )
    raise PermissionDenied(_("You may not enroll this employee."))


@transaction.atomic
def enrollment_enroll(
    *, employee, session: CourseSession, enrolled_by, override_reason: str = ""
) -> Enrollment:
    """Place an employee directly (HR), skipping the request: enrolled or
    waitlisted. A missing prerequisite refuses unless ``override_reason``."""
    locked = c.lock_session(session.pk)
    return place(
        employee=employee,
        session=locked,
        enrolled_by=enrolled_by,
        override_reason=override_reason,
    )


def place(
    *, employee, session: CourseSession, enrolled_by, override_reason: str = ""
) -> Enrollment:
    """Direct placement into an already locked session."""
    now = timezone.now()
    c.require_active(employee)
    c.require_open(session, now)
    c.require_no_live_enrollment(employee, session.course_id)
    missing = require_prerequisites(
        employee=employee,
        course_id=session.course_id,
        override_reason=override_reason,
    )
    status = c.seat_status(session, now)
    enrollment = c.create_enrollment(
        employee=employee,
        session=session,
        course_id=session.course_id,
        status=status,
        requested_by=enrolled_by,
        approved_by=enrolled_by,
        created_at=now,
        decided_at=now,
        waitlisted_at=now if status == Status.WAITLISTED else None,
    )
    override_record(
        enrollment=enrollment,
        missing=missing,
        reason=override_reason,
        actor=enrolled_by,
    )
    placed = (
        events.enrollment_enrolled
        if status == Status.ENROLLED
        else events.enrollment_waitlisted
    )
    placed.emit(enrollment=enrollment, actor=enrolled_by)
    return enrollment


@transaction.atomic
def enrollment_request(*, employee, session: CourseSession, requested_by) -> Enrollment:
    """The employee asks for a seat; a manager or HR decides later."""
    locked = c.lock_session(session.pk)
    now = timezone.now()
    c.require_active(employee)
    c.require_open(locked, now)
    c.require_no_live_enrollment(employee, locked.course_id)
    require_prerequisites(employee=employee, course_id=locked.course_id)
    enrollment = c.create_enrollment(
        employee=employee,
        session=locked,
        course_id=locked.course_id,
        status=Status.REQUESTED,
        requested_by=requested_by,
        created_at=now,
    )
    events.enrollment_requested.emit(enrollment=enrollment, actor=requested_by)
    return enrollment


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, approved_by) -> Enrollment:
    """Approve a request: enrolled when a seat is free, else waitlisted.

    The enrollment deadline binds requests, not decisions, so a request made in
    time may be approved later, until the session starts.
    """
    session = c.lock_enrollment(enrollment)
    c.require_status(
        enrollment,
        {Status.REQUESTED},
        _("Only a requested enrollment can be approved."),
    )
    now = timezone.now()
    c.require_not_started(session, now)
    c.require_active(enrollment.employee)
    enrollment.status = c.seat_status(session, now)
    enrollment.approved_by = approved_by
    enrollment.decided_at = now
    if enrollment.status == Status.WAITLISTED:
        enrollment.waitlisted_at = now
    enrollment.save()
    events.enrollment_approved.emit(enrollment=enrollment, actor=approved_by)
    return enrollment


@transaction.atomic
def enrollment_reject(
    *, enrollment: Enrollment, rejected_by, reason: str = ""
) -> Enrollment:
    """Reject a request; the reason, if any, is kept and told to the employee."""
    c.lock_enrollment(enrollment)
    c.require_status(
        enrollment,
        {Status.REQUESTED},
        _("Only a requested enrollment can be rejected."),
    )
    now = timezone.now()
    enrollment.status = Status.REJECTED
    enrollment.decided_at = now
    enrollment.ended_at = now
    enrollment.decision_note = (reason or "").strip()
    enrollment.save()
    events.enrollment_rejected.emit(
        enrollment=enrollment, reason=enrollment.decision_note, actor=rejected_by
    )
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, withdrawn_by) -> Enrollment:
    """Withdraw a request or a place; a freed seat goes to the first waitlisted."""
    session = c.lock_enrollment(enrollment)
    c.require_status(
        enrollment,
        {Status.REQUESTED, Status.ENROLLED, Status.WAITLISTED},
        _("Only a requested, enrolled or waitlisted enrollment can be withdrawn."),
    )
    now = timezone.now()
    enrollment.status = Status.WITHDRAWN
    enrollment.ended_at = now
    enrollment.save()
    events.enrollment_withdrawn.emit(enrollment=enrollment, actor=withdrawn_by)
    c.fill_from_waitlist(session, now)
    return enrollment


@transaction.atomic
def enrollment_record_attendance(
    *, enrollment: Enrollment, attended: bool, recorded_by=None
) -> Enrollment:
    c.lock_enrollment(enrollment)
    c.require_status(
        enrollment,
        {Status.ENROLLED},
        _("Attendance can only be recorded for an enrolled participant."),
    )
    now = timezone.now()
    enrollment.status = Status.ATTENDED if attended else Status.NO_SHOW
    enrollment.attendance_at = now
    if not attended:
        enrollment.ended_at = now
    enrollment.save()
    events.enrollment_attendance_recorded.emit(enrollment=enrollment, actor=recorded_by)
    return enrollment


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment, completed_by=None) -> Enrollment:
    """Complete an attended enrollment once any practice task is approved."""
    c.lock_enrollment(enrollment)
    c.require_status(
        enrollment,
        {Status.ATTENDED},
        _("Only an attended enrollment can be completed."),
    )
    if not enrollment.practice_task_verified():
        c.fail(
            _("The practice task must be approved before the course is completed."),
            "practice_task_pending",
        )
    return complete(enrollment=enrollment, completed_by=completed_by)


def complete(*, enrollment: Enrollment, completed_by) -> Enrollment:
    """Mark a locked, attended enrollment completed and record what it taught."""
    now = timezone.now()
    enrollment.status = Status.COMPLETED
    enrollment.completed_at = now
    enrollment.ended_at = now
    enrollment.save()
    raised = completion_assessments_record(
        enrollment=enrollment, assessed_by=completed_by, now=now
    )
    events.enrollment_completed.emit(
        enrollment=enrollment, assessments=raised, actor=completed_by
    )
    return enrollment
