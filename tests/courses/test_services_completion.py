"""Attendance, completion, and the course assessments completion writes."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from competences.models import Assessment
from courses import services
from courses.models import Enrollment
from tests import factories
from tests.courses.workflow import (
    TASK,
    assert_refused,
    enrollment_in,
    session_with,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
Source = Assessment.Source


@pytest.fixture
def session():
    return session_with(outcomes=[("1.3", 2, 4), ("4.2", 2, 3)])


@pytest.fixture
def attended(session, employee):
    return enrollment_in(session, Status.ATTENDED, employee=employee)


def assess(employee, code, level, source=Source.MANAGER, days_ago=10):
    return factories.AssessmentFactory(
        employee=employee,
        competence=factories.competence(code),
        level=level,
        source=source,
        assessed_at=timezone.now() - timedelta(days=days_ago),
    )


def course_levels(employee):
    """The newest course level per competence code."""
    rows = Assessment.objects.filter(employee=employee, source=Source.COURSE)
    rows = rows.select_related("competence").order_by("assessed_at", "id")
    return {a.competence.code: a.level for a in rows}


# --- attendance -------------------------------------------------------------
def test_attendance_marks_attended(session, employee, partner):
    enrollment = enrollment_in(session, Status.ENROLLED, employee=employee)
    services.enrollment_record_attendance(enrollment=enrollment, attended=True)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ATTENDED
    assert enrollment.attendance_at is not None
    assert enrollment.ended_at is None


def test_attendance_marks_no_show_and_ends_it(session, employee, hr):
    enrollment = enrollment_in(session, Status.ENROLLED, employee=employee)
    services.enrollment_record_attendance(
        enrollment=enrollment, attended=False, recorded_by=hr
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Status.NO_SHOW
    assert enrollment.attendance_at is not None
    assert enrollment.ended_at is not None
    assert not Assessment.objects.filter(employee=employee).exists()


# --- completion -------------------------------------------------------------
def test_complete_without_practice_task(attended, employee, manager):
    services.enrollment_complete(enrollment=attended, completed_by=manager)
    attended.refresh_from_db()
    assert attended.status == Status.COMPLETED
    assert attended.completed_at is not None
    assert attended.ended_at == attended.completed_at
    rows = Assessment.objects.filter(employee=employee, source=Source.COURSE)
    assert {(a.competence.code, a.level, a.assessed_by) for a in rows} == {
        ("1.3", 4, manager),
        ("4.2", 3, manager),
    }
    assert all(a.assessed_at == attended.completed_at for a in rows)


def test_completion_by_a_partner_has_no_assessor(attended, employee):
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee) == {"1.3": 4, "4.2": 3}
    assert not Assessment.objects.filter(assessed_by__isnull=False).exists()


def test_completion_only_raises_levels(attended, employee):
    assess(employee, "1.3", 5)  # already above the outcome
    assess(employee, "4.2", 3)  # already at the outcome
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee) == {}


def test_a_lower_validated_level_is_raised(attended, employee):
    assess(employee, "1.3", 3, source=Source.PARTNER)
    assess(employee, "4.2", 2, source=Source.COURSE)
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee) == {"1.3": 4, "4.2": 3}


def test_self_assessments_do_not_count(attended, employee):
    assess(employee, "1.3", 8, source=Source.SELF)
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee)["1.3"] == 4


def test_the_newest_validated_level_counts_not_the_highest(attended, employee):
    assess(employee, "1.3", 6, days_ago=300)
    assess(employee, "1.3", 2, days_ago=5)
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee)["1.3"] == 4


@override_settings(COMPETENCE_VALIDITY_DAYS=365)
def test_expired_levels_do_not_count(attended, employee):
    assess(employee, "1.3", 6, days_ago=366)
    assess(employee, "4.2", 6, days_ago=364)
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee) == {"1.3": 4}


def test_other_employees_levels_do_not_count(attended, employee):
    assess(factories.EmployeeFactory(), "1.3", 8)
    services.enrollment_complete(enrollment=attended)
    assert course_levels(employee)["1.3"] == 4


def test_a_course_without_outcomes_completes_without_assessments(employee):
    enrollment = enrollment_in(session_with(), Status.ATTENDED, employee=employee)
    services.enrollment_complete(enrollment=enrollment)
    assert Enrollment.objects.get(pk=enrollment.pk).status == Status.COMPLETED
    assert not Assessment.objects.exists()


def test_complete_is_refused_while_the_practice_task_is_missing(employee):
    session = session_with(practice_task=TASK, outcomes=[("1.3", 2, 4)])
    enrollment = enrollment_in(session, Status.ATTENDED, employee=employee)
    assert_refused(
        "practice_task_pending",
        "The practice task must be approved before the course is completed.",
        services.enrollment_complete,
        enrollment=enrollment,
    )


@pytest.mark.parametrize("review", ["submitted", "returned"])
def test_complete_is_refused_while_the_practice_task_is_unapproved(employee, review):
    session = session_with(practice_task=TASK, outcomes=[("1.3", 2, 4)])
    enrollment = enrollment_in(session, Status.ATTENDED, employee=employee)
    factories.PracticeTaskSubmissionFactory(enrollment=enrollment, status=review)
    assert_refused(
        "practice_task_pending",
        "The practice task must be approved before the course is completed.",
        services.enrollment_complete,
        enrollment=enrollment,
    )


def test_complete_after_the_practice_task_was_approved(employee, manager):
    session = session_with(practice_task=TASK, outcomes=[("1.3", 2, 4)])
    enrollment = enrollment_in(session, Status.ATTENDED, employee=employee)
    factories.PracticeTaskSubmissionFactory(enrollment=enrollment, status="approved")
    services.enrollment_complete(enrollment=enrollment, completed_by=manager)
    assert enrollment.status == Status.COMPLETED
    assert course_levels(employee) == {"1.3": 4}


def test_a_second_completion_is_refused_and_writes_no_assessment(attended, employee):
    services.enrollment_complete(enrollment=attended)
    assert_refused(
        "invalid_transition",
        "Only an attended enrollment can be completed.",
        services.enrollment_complete,
        enrollment=attended,
    )
    assert Assessment.objects.filter(employee=employee).count() == 2
