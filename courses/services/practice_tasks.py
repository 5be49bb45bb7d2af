"""Practice-task evidence and its review by the manager.

Two kinds of evidence share the review: a course's practice task (on an
enrollment) and a task without an enrollment that another app asks of a
person, e.g. a roll-out campaign's try (DESIGN §9), submitted through
``evidence_submit``. The review rule is this module's for both: the person's
managers or HR review (never the person themself), returning needs a note, and
each step emits the ``practice_task_*`` event.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import events
from courses.models import Enrollment, PracticeTaskSubmission
from courses.services import _common as c
from courses.services.enrollments import complete
from employees.access import access_for

Review = PracticeTaskSubmission.Review
Status = c.Status


@transaction.atomic
def practice_task_submit(
    *, enrollment: Enrollment, evidence: str, submitted_by
) -> PracticeTaskSubmission:
    c.lock_enrollment(enrollment)
    if not enrollment.course.has_practice_task:
        c.fail(_("This course has no practice task."), "no_practice_task")
    c.require_status(
        enrollment,
        {Status.ENROLLED, Status.ATTENDED},
        _("Evidence can only be submitted for an enrolled or attended course."),
    )
    if not (evidence or "").strip():
        c.fail(_("Describe what you did in the practice task."), "required")
    if enrollment.practice_tasks.exclude(status=Review.RETURNED).exists():
        c.fail(
            _("The practice task is already submitted or approved."),
            "invalid_transition",
        )
    submission = PracticeTaskSubmission.objects.create(
        employee=enrollment.employee,
        enrollment=enrollment,
        evidence=evidence.strip(),
        submitted_by=submitted_by,
        submitted_at=timezone.now(),
    )
    events.practice_task_submitted.emit(submission=submission, actor=submitted_by)
    return submission


@transaction.atomic
def evidence_submit(
    *, employee, task_title: str, evidence: str, submitted_by
) -> PracticeTaskSubmission:
    """Evidence of a task without a course enrollment (the caller checked that
    the task is the person's and open, and that none is under review or
    approved); reviewed like a course's practice task."""
    if not (evidence or "").strip():
        c.fail(_("Describe what you did in the practice task."), "required")
    submission = PracticeTaskSubmission.objects.create(
        employee=employee,
        task_title=(task_title or "").strip()[:200] or "-",
        evidence=evidence.strip(),
        submitted_by=submitted_by,
        submitted_at=timezone.now(),
    )
    events.practice_task_submitted.emit(submission=submission, actor=submitted_by)
    return submission


def _lock_for_review(
    submission: PracticeTaskSubmission, reviewed_by, message: str
) -> Enrollment | None:
    """Lock what the review changes and check the rule: the employee's
    managers or HR (never the employee), evidence still submitted, and a
    course's enrollment still active. Returns the enrollment, if any."""
    if reviewed_by is not None and not access_for(reviewed_by).can_decide(
        submission.employee
    ):
        raise PermissionDenied(
            _("Only the employee's manager or HR may review the practice task.")
        )
    enrollment = submission.enrollment
    if enrollment is not None:
        c.lock_enrollment(enrollment)
    PracticeTaskSubmission.objects.select_for_update().get(pk=submission.pk)
    submission.refresh_from_db()
    if submission.status != Review.SUBMITTED:
        c.fail(message, "invalid_transition")
    if enrollment is not None:
        c.require_status(
            enrollment,
            {Status.ENROLLED, Status.ATTENDED},
            _("The enrollment is no longer active."),
        )
    return enrollment


@transaction.atomic
def practice_task_approve(
    *, submission: PracticeTaskSubmission, reviewed_by, note: str = ""
) -> PracticeTaskSubmission:
    """Approve the evidence; an attended enrollment is then completed."""
    enrollment = _lock_for_review(
        submission, reviewed_by, _("Only a submitted practice task can be approved.")
    )
    _review(submission, Review.APPROVED, reviewed_by, note)
    events.practice_task_approved.emit(submission=submission, actor=reviewed_by)
    if enrollment is not None and enrollment.status == Status.ATTENDED:
        complete(enrollment=enrollment, completed_by=reviewed_by)
    return submission


@transaction.atomic
def practice_task_return(
    *, submission: PracticeTaskSubmission, reviewed_by, note: str
) -> PracticeTaskSubmission:
    """Send the evidence back with a note; the employee may submit again."""
    _lock_for_review(
        submission, reviewed_by, _("Only a submitted practice task can be returned.")
    )
    if not (note or "").strip():
        c.fail(_("Say what is missing when returning a practice task."), "required")
    _review(submission, Review.RETURNED, reviewed_by, note)
    events.practice_task_returned.emit(submission=submission, actor=reviewed_by)
    return submission


def _review(submission, status: str, reviewed_by, note: str):
    submission.status = status
    submission.reviewed_by = reviewed_by
    submission.reviewed_at = timezone.now()
    submission.review_note = (note or "").strip()
    submission.save()
