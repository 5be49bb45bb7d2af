"""Practice-task evidence: submit, return with a note, resubmit, approve."""

import pytest

from competences.models import Assessment
from courses import services
from courses.models import Enrollment, PracticeTaskSubmission
from tests import factories
from tests.courses.workflow import TASK, assert_refused, enrollment_in, session_with

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
Review = PracticeTaskSubmission.Review


@pytest.fixture
def session():
    return session_with(practice_task=TASK, outcomes=[("1.3", 2, 4)])


@pytest.fixture
def attended(session, employee):
    return enrollment_in(session, Status.ATTENDED, employee=employee)


def submit(enrollment, evidence="Tre besøg dokumenteret."):
    return services.practice_task_submit(
        enrollment=enrollment,
        evidence=evidence,
        submitted_by=enrollment.employee.user,
    )


@pytest.mark.parametrize("status", [Status.ENROLLED, Status.ATTENDED])
def test_submit_evidence(session, employee, status):
    enrollment = enrollment_in(session, status, employee=employee)
    submission = submit(enrollment, evidence="  Tre besøg dokumenteret.\n")
    assert submission.status == Review.SUBMITTED
    assert submission.evidence == "Tre besøg dokumenteret."
    assert submission.submitted_by == employee.user
    assert submission.submitted_at is not None


def test_submit_is_refused_for_a_course_without_practice_task(employee):
    enrollment = enrollment_in(session_with(), Status.ATTENDED, employee=employee)
    assert_refused(
        "no_practice_task",
        "This course has no practice task.",
        services.practice_task_submit,
        enrollment=enrollment,
        evidence="Noget",
        submitted_by=employee.user,
    )


@pytest.mark.parametrize(
    "status", [s for s in Status.values if s not in ("enrolled", "attended")]
)
def test_submit_needs_an_enrolled_or_attended_course(session, employee, status):
    enrollment = enrollment_in(session, status, employee=employee)
    assert_refused(
        "invalid_transition",
        "Evidence can only be submitted for an enrolled or attended course.",
        services.practice_task_submit,
        enrollment=enrollment,
        evidence="Noget",
        submitted_by=employee.user,
    )


@pytest.mark.parametrize("evidence", ["", "   \n", None])
def test_submit_needs_evidence(attended, evidence):
    assert_refused(
        "required",
        "Describe what you did in the practice task.",
        services.practice_task_submit,
        enrollment=attended,
        evidence=evidence,
        submitted_by=attended.employee.user,
    )


@pytest.mark.parametrize("review", [Review.SUBMITTED, Review.APPROVED])
def test_a_second_open_submission_is_refused(attended, review):
    factories.PracticeTaskSubmissionFactory(enrollment=attended, status=review)
    assert_refused(
        "invalid_transition",
        "The practice task is already submitted or approved.",
        services.practice_task_submit,
        enrollment=attended,
        evidence="Igen",
        submitted_by=attended.employee.user,
    )


def test_return_with_a_note_then_resubmit(attended, manager):
    first = submit(attended)
    services.practice_task_return(
        submission=first, reviewed_by=manager, note=" Beskriv det tredje besøg. "
    )
    first.refresh_from_db()
    assert first.status == Review.RETURNED
    assert first.review_note == "Beskriv det tredje besøg."
    assert first.reviewed_by == manager
    assert first.reviewed_at is not None
    attended.refresh_from_db()
    assert attended.status == Status.ATTENDED
    second = submit(attended, evidence="Nu med det tredje besøg.")
    assert second.status == Review.SUBMITTED
    assert attended.practice_tasks.count() == 2


@pytest.mark.parametrize("note", ["", "  "])
def test_return_needs_a_note(attended, manager, note):
    submission = submit(attended)
    assert_refused(
        "required",
        "Say what is missing when returning a practice task.",
        services.practice_task_return,
        submission=submission,
        reviewed_by=manager,
        note=note,
    )


def test_approve_completes_an_attended_enrollment(attended, employee, manager):
    submission = submit(attended)
    services.practice_task_approve(
        submission=submission, reviewed_by=manager, note="Fint."
    )
    submission.refresh_from_db()
    assert submission.status == Review.APPROVED
    assert submission.review_note == "Fint."
    assert submission.reviewed_by == manager
    attended.refresh_from_db()
    assert attended.status == Status.COMPLETED
    assessment = Assessment.objects.get(employee=employee)
    assert (assessment.source, assessment.level) == ("course", 4)
    assert assessment.assessed_by == manager


def test_approve_before_attendance_completes_on_complete(session, employee, manager):
    enrollment = enrollment_in(session, Status.ENROLLED, employee=employee)
    submission = submit(enrollment)
    services.practice_task_approve(submission=submission, reviewed_by=manager)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED
    services.enrollment_record_attendance(enrollment=enrollment, attended=True)
    services.enrollment_complete(enrollment=enrollment)
    assert Enrollment.objects.get(pk=enrollment.pk).status == Status.COMPLETED


@pytest.mark.parametrize("review", [Review.APPROVED, Review.RETURNED])
def test_only_a_submitted_task_is_reviewed(attended, manager, review):
    submission = factories.PracticeTaskSubmissionFactory(
        enrollment=attended, status=review
    )
    assert_refused(
        "invalid_transition",
        "Only a submitted practice task can be approved.",
        services.practice_task_approve,
        submission=submission,
        reviewed_by=manager,
    )
    assert_refused(
        "invalid_transition",
        "Only a submitted practice task can be returned.",
        services.practice_task_return,
        submission=submission,
        reviewed_by=manager,
        note="Mangler noget.",
    )


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.CANCELLED])
def test_review_is_refused_once_the_enrollment_ended(
    session, employee, manager, status
):
    enrollment = enrollment_in(session, Status.ENROLLED, employee=employee)
    submission = submit(enrollment)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=status)
    assert_refused(
        "invalid_transition",
        "The enrollment is no longer active.",
        services.practice_task_approve,
        submission=submission,
        reviewed_by=manager,
    )
