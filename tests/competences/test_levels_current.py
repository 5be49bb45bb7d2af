"""The maintained current levels give the history's answers.

Figures whose period ends now or later read ``CurrentLevel``; the same figures
from the history alone must agree, on random data sets, at many dates: the
period's start anywhere in the past, its end today or years ahead (when
levels have lapsed without any write).
"""

import random
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from competences import services
from competences.levels import below_any_target, current, employee_levels, rule
from competences.models import Assessment, CurrentLevel
from reports.figures import department_figures
from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db
CODES = ("1.1", "1.2", "1.3", "2.1", "3.1")


def random_organisation(rng: random.Random, municipality, days: int = 1500):
    """A few departments, roles with profiles, and a messy history: every
    source, ties on time, back-dated corrections, people without a role."""
    departments = [municipality]
    for _ in range(5):
        departments.append(factories.DepartmentFactory(parent=rng.choice(departments)))
    roles = []
    for _ in range(3):
        role = factories.JobRoleFactory(municipality=municipality)
        for code in rng.sample(CODES, 3):
            factories.RoleCompetenceFactory(
                role=role, competence=competence(code), target_level=rng.randint(1, 6)
            )
        roles.append(role)
    now = timezone.now()
    for _ in range(25):
        employee = factories.EmployeeFactory(
            department=rng.choice(departments),
            job_role=rng.choice([*roles, None]),
            is_active=rng.random() > 0.1,
        )
        for _ in range(rng.randint(0, 12)):
            when = now - timedelta(days=rng.randint(0, days), hours=rng.randint(0, 23))
            for _tie in range(rng.choice([1, 1, 1, 2])):
                factories.AssessmentFactory(
                    employee=employee,
                    competence=competence(rng.choice(CODES)),
                    level=rng.randint(0, 8),
                    source=rng.choice(list(Assessment.Source.values)),
                    assessed_at=when,
                )


def from_history(monkeypatch):
    """Answer every query from the history, as for a past date."""
    monkeypatch.setattr(rule, "_levels_from_current", rule._levels_from_history)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_agree_with_the_history_at_many_dates(
    seed, municipality, hr, monkeypatch, settings
):
    settings.COMPETENCE_VALIDITY_DAYS = 400
    random_organisation(random.Random(seed), municipality)
    today = timezone.localdate()
    periods = [
        (today - timedelta(days=back), today + timedelta(days=ahead))
        for back in (1, 30, 200, 500, 1200)
        for ahead in (0, 90, 420)
    ]
    maintained = [
        department_figures(user=hr, date_from=start, date_to=end)
        for start, end in periods
    ]
    from_history(monkeypatch)
    history = [
        department_figures(user=hr, date_from=start, date_to=end)
        for start, end in periods
    ]
    assert maintained == history
    # Not a vacuous agreement: the data moved people up and levels lapsed.
    assert any(row["moved_up"] for rows in history for row in rows)
    lapsed = history[2][0]["mean_level"] < history[0][0]["mean_level"]
    assert lapsed


def test_one_persons_levels_agree(municipality, monkeypatch):
    random_organisation(random.Random(7), municipality)
    people = list(factories.Employee.objects.all())
    maintained = [employee_levels(employee=person) for person in people]
    from_history(monkeypatch)
    history = [employee_levels(employee=person) for person in people]
    for a, b in zip(maintained, history, strict=True):
        assert (a.overall_level, a.stage, a.target_met) == (
            b.overall_level,
            b.stage,
            b.target_met,
        )
        assert [(r.competence.code, r.current_level) for r in a.rows] == [
            (r.competence.code, r.current_level) for r in b.rows
        ]


def test_a_back_dated_assessment_does_not_replace_a_newer_one(employee, manager):
    now = timezone.now()
    services.assessment_record(
        employee=employee, competence=competence("1.3"), level=5, source="manager"
    )
    services.assessment_record(
        employee=employee,
        competence=competence("1.3"),
        level=2,
        source="manager",
        assessed_at=now - timedelta(days=30),
    )
    services.assessment_record(
        employee=employee, competence=competence("1.3"), level=7, source="self"
    )
    (row,) = CurrentLevel.objects.filter(employee=employee)
    assert row.level == 5
    assert current.drift() == 0


def test_completion_keeps_the_table_in_step(employee, partner, hr):
    from courses import services as workflow
    from courses.models import Enrollment

    course = factories.CourseFactory(provider=partner, status="published")
    factories.CourseOutcomeFactory(
        course=course, competence=competence("2.1"), from_level=1, to_level=4
    )
    enrollment = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=course),
        status=Enrollment.Status.ATTENDED,
    )
    workflow.enrollment_complete(enrollment=enrollment, completed_by=hr)
    assert CurrentLevel.objects.get(employee=employee).level == 4
    assert current.drift() == 0


def test_the_command_reports_and_repairs_drift(employee):
    factories.AssessmentFactory(employee=employee, competence=competence("1.1"))
    CurrentLevel.objects.all().delete()
    out = StringIO()
    with translation.override("en"):
        call_command("rebuild_current_levels", "--verify", stdout=out)
    assert "1 row(s) differ" in out.getvalue()
    assert not CurrentLevel.objects.exists()
    call_command("rebuild_current_levels", stdout=out)
    assert current.drift() == 0
    assert CurrentLevel.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_the_newest(digcomp, department):
    employee = factories.EmployeeFactory(department=department)
    now = timezone.now()
    barrier = threading.Barrier(8)
    errors = []

    def record(offset):
        try:
            barrier.wait(timeout=30)
            services.assessment_record(
                employee=employee,
                competence=competence("1.2"),
                level=offset,
                source="manager",
                assessed_at=now - timedelta(minutes=8 - offset),
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert CurrentLevel.objects.get(employee=employee).level == 7
    assert current.drift() == 0


@pytest.mark.parametrize("seed", [4, 5])
def test_below_any_target_agrees_with_each_persons_gaps(municipality, settings, seed):
    settings.COMPETENCE_VALIDITY_DAYS = 400  # some levels have lapsed
    random_organisation(random.Random(seed), municipality)
    people = factories.Employee.objects.all()
    expected = {p.pk for p in people if employee_levels(employee=p).gaps()}
    assert set(people.filter(below_any_target()).values_list("pk", flat=True)) == (
        expected
    )
    assert 0 < len(expected) < people.count()
