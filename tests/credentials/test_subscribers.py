"""Badges are awarded on the domain events, once: completing a course whose
practice task was verified (or that has none), and first reaching
technology-proficient."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from competences import services as competences
from competences.models import Assessment
from courses import services as courses
from courses.events import enrollment_completed
from courses.models import Enrollment
from credentials import services
from credentials.models import Achievement, Badge
from tests import factories
from tests.courses.workflow import TASK, enrollment_in, session_with

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
STAGE = Achievement.Kind.STAGE


def assess(employee, code, level, source=Assessment.Source.MANAGER, by=None):
    return competences.assessment_record(
        employee=employee,
        competence=factories.competence(code),
        level=level,
        source=source,
        assessed_by=by,
    )


@pytest.fixture
def role(municipality, employee):
    """Anna's role asks for two competences: her overall level is their mean."""
    role = factories.JobRoleFactory(municipality=municipality)
    for code in ("1.3", "2.1"):
        factories.RoleCompetenceFactory(
            role=role, competence=factories.competence(code), target_level=5
        )
    employee.job_role = role
    employee.save()
    return role


def stage_badges(employee):
    return Badge.objects.filter(employee=employee, achievement__kind=STAGE)


# --- Courses ---------------------------------------------------------------------
def test_completing_a_course_without_practice_task_awards_its_badge(
    employee, manager, events
):
    enrollment = enrollment_in(
        session_with(outcomes=[("1.3", 1, 2)]), Status.ATTENDED, employee=employee
    )
    courses.enrollment_complete(enrollment=enrollment, completed_by=manager)
    (badge,) = Badge.objects.filter(employee=employee)
    assert badge.achievement.course == enrollment.course
    assert badge.enrollment == enrollment
    assert badge.awarded_at == Enrollment.objects.get().completed_at
    assert events.of("badge_issued") == [{"badge": badge, "actor": manager}]


def test_the_manager_approving_the_practice_task_awards_the_badge(employee, manager):
    enrollment = enrollment_in(
        session_with(practice_task=TASK), Status.ATTENDED, employee=employee
    )
    submission = courses.practice_task_submit(
        enrollment=enrollment, evidence="Gjort.", submitted_by=employee.user
    )
    assert not Badge.objects.exists()
    courses.practice_task_approve(submission=submission, reviewed_by=manager)
    assert Badge.objects.filter(employee=employee).count() == 1


def test_returned_evidence_awards_nothing(employee, manager):
    enrollment = enrollment_in(
        session_with(practice_task=TASK), Status.ATTENDED, employee=employee
    )
    submission = courses.practice_task_submit(
        enrollment=enrollment, evidence="Gjort.", submitted_by=employee.user
    )
    courses.practice_task_return(
        submission=submission, reviewed_by=manager, note="Mangler et besøg."
    )
    assert not Badge.objects.exists()
    again = courses.practice_task_submit(
        enrollment=enrollment, evidence="Nu med tre.", submitted_by=employee.user
    )
    courses.practice_task_approve(submission=again, reviewed_by=manager)
    assert Badge.objects.filter(employee=employee).count() == 1


def test_replaying_the_completion_awards_no_second_badge(employee, manager, events):
    enrollment = enrollment_in(session_with(), Status.ATTENDED, employee=employee)
    courses.enrollment_complete(enrollment=enrollment, completed_by=manager)
    (payload,) = events.of("enrollment_completed")
    enrollment_completed.emit(**payload)
    enrollment_completed.emit(**payload)
    assert Badge.objects.count() == 1
    assert len(events.of("badge_issued")) == 1


def test_the_database_refuses_a_second_badge_for_one_achievement(badge):
    with pytest.raises(IntegrityError), transaction.atomic():
        Badge.objects.create(
            employee=badge.employee,
            achievement=badge.achievement,
            awarded_at=timezone.now(),
            status_list=badge.status_list,
            status_index=badge.status_index + 1,
        )


def test_a_lost_race_for_the_award_answers_none(employee, course, monkeypatch):
    """Two transactions that both saw no badge: the constraint is the referee."""
    first = services.badge_award(
        employee=employee, course=course, awarded_at=timezone.now()
    )
    real_filter = Badge.objects.filter

    def blind_filter(*args, **kwargs):
        # The check before the insert sees nothing, as in the other transaction.
        if "achievement" in kwargs:
            return real_filter(pk__in=[])
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Badge.objects, "filter", blind_filter)
    again = services.badge_award(
        employee=employee, course=course, awarded_at=timezone.now()
    )
    assert again is None
    assert Badge.objects.get() == first


def test_a_failed_completion_leaves_no_badge(employee, manager, monkeypatch):
    enrollment = enrollment_in(session_with(), Status.ATTENDED, employee=employee)

    def fail(**payload):
        assert Badge.objects.exists()  # written in the completion's transaction
        raise RuntimeError("after the badge, before the commit")

    enrollment_completed.subscribe(fail)
    try:
        with pytest.raises(RuntimeError):
            courses.enrollment_complete(enrollment=enrollment, completed_by=manager)
    finally:
        enrollment_completed.unsubscribe(fail)
    assert not Badge.objects.exists()


# --- The stage ---------------------------------------------------------------------
def test_reaching_technology_proficient_awards_the_stage_badge_once(
    employee, role, manager, events
):
    assess(employee, "1.3", 5, by=manager)
    assert not stage_badges(employee).exists()  # (5 + 0) / 2 = 2
    reaching = assess(employee, "2.1", 5, by=manager)
    (badge,) = stage_badges(employee)
    assert badge.achievement.stage == "technology_proficient"
    assert badge.awarded_at == reaching.assessed_at
    assess(employee, "2.1", 7, by=manager)
    assess(employee, "1.3", 8, by=manager)  # digital champion: still one badge
    assert stage_badges(employee).count() == 1
    assert [p["badge"] for p in events.of("badge_issued")] == [badge]


def test_self_assessments_never_award_the_stage(employee, role):
    assess(employee, "1.3", 8, source=Assessment.Source.SELF, by=employee.user)
    assess(employee, "2.1", 8, source=Assessment.Source.SELF, by=employee.user)
    assert not stage_badges(employee).exists()
    assess(employee, "1.3", 5)
    assess(employee, "2.1", 5)
    assert stage_badges(employee).exists()


def test_a_completion_that_lifts_the_stage_awards_both_badges(employee, role, manager):
    assess(employee, "2.1", 5, by=manager)
    enrollment = enrollment_in(
        session_with(outcomes=[("1.3", 2, 5)]), Status.ATTENDED, employee=employee
    )
    courses.enrollment_complete(enrollment=enrollment, completed_by=manager)
    kinds = sorted(Badge.objects.values_list("achievement__kind", flat=True))
    assert kinds == ["course", "stage"]


def test_an_employee_without_a_role_is_measured_on_what_they_have(employee):
    assess(employee, "1.3", 5)
    assert stage_badges(employee).count() == 1


def test_badges_of_two_municipalities_have_their_own_issuers(
    employee, other_municipality
):
    outsider = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    assess(employee, "1.3", 5)
    assess(outsider, "1.3", 5)
    issuers = set(Badge.objects.values_list("achievement__issuer", flat=True))
    assert issuers == {employee.municipality_id, other_municipality.pk}
