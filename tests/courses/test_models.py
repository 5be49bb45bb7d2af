"""Database constraints: what must never happen is refused by the database itself.

Each test writes through the ORM without model validation, so only the database
stands between the bad row and the table; the refused row must leave nothing.
"""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from competences.models import Assessment, Framework, Level, RoleCompetence
from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
)
from tests import factories

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
Review = PracticeTaskSubmission.Review


def assert_violates(constraint, model, write):
    """``write()`` fails with IntegrityError and ``model`` keeps its rows."""
    before = list(model.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    # SQLite names only some constraints in its messages; PostgreSQL names all.
    if connection.vendor == "postgresql":
        assert constraint in str(caught.value)
    assert list(model.objects.order_by("pk").values_list("pk", flat=True)) == before


# --- one live enrollment per employee and course ---------------------------
@pytest.mark.parametrize(
    "first,second",
    [
        (Status.REQUESTED, Status.REQUESTED),
        (Status.ENROLLED, Status.WAITLISTED),
        (Status.WAITLISTED, Status.REQUESTED),
        (Status.ATTENDED, Status.ENROLLED),
    ],
)
def test_one_live_enrollment_per_course(first, second):
    enrollment = factories.EnrollmentFactory(status=first)
    other_session = factories.CourseSessionFactory(course=enrollment.course)
    assert_violates(
        "one_live_enrollment_per_course",
        Enrollment,
        lambda: Enrollment.objects.create(
            employee=enrollment.employee, session=other_session, status=second
        ),
    )


@pytest.mark.parametrize(
    "first,second",
    [
        (Status.COMPLETED, Status.ENROLLED),
        (Status.WITHDRAWN, Status.WITHDRAWN),
        (Status.CANCELLED, Status.REQUESTED),
        (Status.NO_SHOW, Status.REJECTED),
    ],
)
def test_ended_enrollments_do_not_block_a_new_one(first, second):
    enrollment = factories.EnrollmentFactory(status=first)
    again = Enrollment.objects.create(
        employee=enrollment.employee, session=enrollment.session, status=second
    )
    assert again.course_id == enrollment.course_id


def test_a_live_enrollment_cannot_be_revived_next_to_another():
    ended = factories.EnrollmentFactory(status=Status.WITHDRAWN)
    factories.EnrollmentFactory(
        employee=ended.employee, session=ended.session, status=Status.ENROLLED
    )
    assert_violates(
        "one_live_enrollment_per_course",
        Enrollment,
        lambda: Enrollment.objects.filter(pk=ended.pk).update(status=Status.ENROLLED),
    )
    assert Enrollment.objects.get(pk=ended.pk).status == Status.WITHDRAWN


def test_enrollment_status_must_be_known():
    session = factories.CourseSessionFactory()
    employee = factories.EmployeeFactory()
    assert_violates(
        "enrollment_status_valid",
        Enrollment,
        lambda: Enrollment.objects.create(
            employee=employee, session=session, status="maybe"
        ),
    )


# --- levels -----------------------------------------------------------------
@pytest.mark.parametrize("from_level,to_level", [(4, 4), (4, 3), (3, 9)])
def test_an_outcome_raises_the_level_within_0_8(from_level, to_level):
    course = factories.CourseFactory()
    assert_violates(
        "course_outcome_raises_level",
        CourseOutcome,
        lambda: CourseOutcome.objects.create(
            course=course,
            competence=factories.competence("1.3"),
            from_level=from_level,
            to_level=to_level,
        ),
    )


def test_one_outcome_per_competence_and_course():
    outcome = factories.CourseOutcomeFactory()
    assert_violates(
        "course_outcome_unique",
        CourseOutcome,
        lambda: CourseOutcome.objects.create(
            course=outcome.course,
            competence=outcome.competence,
            from_level=1,
            to_level=2,
        ),
    )


@pytest.mark.parametrize("level", [-1, 9])
def test_assessment_levels_are_0_to_8(level):
    employee = factories.EmployeeFactory()
    assert_violates(
        "level",
        Assessment,
        lambda: Assessment.objects.create(
            employee=employee,
            competence=factories.competence("1.1"),
            level=level,
            source=Assessment.Source.MANAGER,
        ),
    )


def test_assessment_source_must_be_known():
    employee = factories.EmployeeFactory()
    assert_violates(
        "assessment_source_valid",
        Assessment,
        lambda: Assessment.objects.create(
            employee=employee,
            competence=factories.competence("1.1"),
            level=3,
            source="gossip",
        ),
    )


@pytest.mark.parametrize("level", [0, 9])
def test_framework_levels_are_1_to_8(level):
    framework = Framework.objects.create(
        code="test", version="1", name_da="Test", name_en="Test"
    )
    assert_violates(
        "level_1_8",
        Level,
        lambda: Level.objects.create(framework=framework, level=level),
    )


@pytest.mark.parametrize("target", [0, 9])
def test_role_targets_are_1_to_8(target):
    role = factories.JobRoleFactory()
    assert_violates(
        "role_competence_target_1_8",
        RoleCompetence,
        lambda: RoleCompetence.objects.create(
            role=role, competence=factories.competence("1.1"), target_level=target
        ),
    )


# --- sessions and courses ---------------------------------------------------
def test_capacity_is_not_negative():
    assert_violates(
        "capacity",
        CourseSession,
        lambda: factories.CourseSessionFactory(capacity=-1),
    )


@pytest.mark.parametrize("length", [timedelta(0), timedelta(hours=-1)])
def test_a_session_ends_after_it_starts(length):
    session = factories.CourseSessionFactory.build()
    assert_violates(
        "session_ends_after_start",
        CourseSession,
        lambda: factories.CourseSessionFactory(
            starts_at=session.starts_at, ends_at=session.starts_at + length
        ),
    )


def test_course_external_ids_are_unique_per_provider():
    course = factories.CourseFactory()
    assert_violates(
        "course_external_id_unique",
        Course,
        lambda: factories.CourseFactory(
            provider=course.provider, external_id=course.external_id
        ),
    )
    other = factories.CourseFactory(external_id=course.external_id)
    assert other.provider != course.provider


def test_session_external_ids_are_unique_per_provider_across_courses():
    session = factories.CourseSessionFactory()
    sibling = factories.CourseFactory(provider=session.course.provider)
    assert_violates(
        "session_external_id_unique",
        CourseSession,
        lambda: factories.CourseSessionFactory(
            course=sibling, external_id=session.external_id
        ),
    )
    other = factories.CourseSessionFactory(external_id=session.external_id)
    assert other.provider != session.provider


@pytest.mark.parametrize(
    "field,value,constraint",
    [
        ("hours", -1, "course_hours_not_negative"),
        ("price_dkk", "-0.01", "course_price_not_negative"),
        ("status", "secret", "course_status_valid"),
        ("mode", "telepathy", "course_mode_valid"),
    ],
)
def test_course_fields_are_checked(field, value, constraint):
    assert_violates(
        constraint, Course, lambda: factories.CourseFactory(**{field: value})
    )


# --- practice tasks -----------------------------------------------------------
@pytest.mark.parametrize(
    "first,second",
    [
        (Review.SUBMITTED, Review.SUBMITTED),
        (Review.SUBMITTED, Review.APPROVED),
        (Review.APPROVED, Review.SUBMITTED),
    ],
)
def test_one_open_practice_task_per_enrollment(first, second):
    submission = factories.PracticeTaskSubmissionFactory(status=first)
    assert_violates(
        "one_open_practice_task_per_enrollment",
        PracticeTaskSubmission,
        lambda: factories.PracticeTaskSubmissionFactory(
            enrollment=submission.enrollment, status=second
        ),
    )


def test_returned_submissions_may_be_followed_by_a_new_one():
    returned = factories.PracticeTaskSubmissionFactory(status=Review.RETURNED)
    factories.PracticeTaskSubmissionFactory(
        enrollment=returned.enrollment, status=Review.RETURNED
    )
    factories.PracticeTaskSubmissionFactory(enrollment=returned.enrollment)
    assert returned.enrollment.practice_tasks.count() == 3


# --- the practice task rule -------------------------------------------------
def test_the_practice_task_is_verified_by_an_approved_submission_only():
    session = factories.CourseSessionFactory(
        course=factories.CourseFactory(practice_task="Prøv det i egen drift.")
    )
    enrollment = factories.EnrollmentFactory(session=session, status=Status.ATTENDED)
    assert not enrollment.practice_task_verified()
    factories.PracticeTaskSubmissionFactory(
        enrollment=enrollment, status=Review.RETURNED
    )
    assert not enrollment.practice_task_verified()
    factories.PracticeTaskSubmissionFactory(
        enrollment=enrollment, status=Review.APPROVED
    )
    assert enrollment.practice_task_verified()


def test_a_course_without_a_practice_task_needs_no_verification():
    course = factories.CourseFactory(practice_task="")
    enrollment = factories.EnrollmentFactory(
        session=factories.CourseSessionFactory(course=course)
    )
    assert enrollment.practice_task_verified()
