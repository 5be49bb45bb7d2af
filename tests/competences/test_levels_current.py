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
from reports.figures import department_figures, department_report, employees_moved_up
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
    maintained = _every_figure(hr, periods)
    from_history(monkeypatch)
    history = _every_figure(hr, periods)
    assert maintained == history
    history = [figures for _rows, _matrix, _moved, figures in history]
    # Not a vacuous agreement: the data moved people up and levels lapsed.
    assert any(row["moved_up"] for rows in history for row in rows)
    lapsed = history[2][0]["mean_level"] < history[0][0]["mean_level"]
    assert lapsed


def _every_figure(user, periods):
    """The figures, the report's matrix and the names of those who moved up,
    for each period."""
    answers = []
    for start, end in periods:
        rows, matrix = department_report(user=user, date_from=start, date_to=end)
        moved = employees_moved_up(user=user, date_from=start, date_to=end)
        figures = department_figures(user=user, date_from=start, date_to=end)
        answers.append((rows, matrix, sorted(moved), figures))
    return answers


def test_start_levels_agree_where_the_period_changes_them(
    municipality, hr, monkeypatch, settings
):
    """The cases a start level read from the maintained three could get
    wrong: a level lapsing inside the period for someone without a role
    (their mean rises as the denominator shrinks, with no assessment in the
    period), a role changed after the assessments, self-assessments inside
    the period, and pairs assessed three or four times since the start (the
    history is asked for them)."""
    settings.COMPETENCE_VALIDITY_DAYS = 400
    now = timezone.now()
    team = factories.DepartmentFactory(parent=municipality)
    role = factories.JobRoleFactory(municipality=municipality)
    other_role = factories.JobRoleFactory(municipality=municipality)
    for code, target in (("1.1", 3), ("1.2", 2)):
        factories.RoleCompetenceFactory(
            role=role, competence=competence(code), target_level=target
        )
    factories.RoleCompetenceFactory(
        role=other_role, competence=competence("2.1"), target_level=1
    )

    def assess(person, code, level, days_ago, source="manager"):
        factories.AssessmentFactory(
            employee=person,
            competence=competence(code),
            level=level,
            source=source,
            assessed_at=now - timedelta(days=days_ago),
        )

    # No role, no assessment in the last 300 days: the 1 lapses 100 days ago
    # and the mean of the levels above 0 rises from 3 to 5.
    lapsing = factories.EmployeeFactory(department=team, job_role=None, name="A")
    assess(lapsing, "1.1", 1, 500)
    assess(lapsing, "1.2", 5, 300)
    # A role given after the assessments: both ends use the role held now.
    changed = factories.EmployeeFactory(department=team, job_role=role, name="B")
    assess(changed, "2.1", 4, 250)
    assess(changed, "1.1", 1, 250)
    changed.job_role = other_role
    changed.save()
    # Self-assessments inside the period count at neither end.
    selfish = factories.EmployeeFactory(department=team, job_role=role, name="C")
    assess(selfish, "1.1", 2, 200)
    assess(selfish, "1.1", 8, 20, source="self")
    assess(selfish, "1.2", 7, 10, source="self")
    # Four validated assessments since the start and one before it, and three
    # since the start with none before: the history answers both.
    busy = factories.EmployeeFactory(department=team, job_role=role, name="D")
    assess(busy, "1.1", 1, 150)
    for level, days_ago in ((2, 80), (3, 60), (2, 40), (4, 20)):
        assess(busy, "1.1", level, days_ago)
    for level, days_ago in ((1, 70), (2, 50), (3, 30)):
        assess(busy, "1.2", level, days_ago, source="course")
    # The same moment twice: the later row counts.
    tied = factories.EmployeeFactory(department=team, job_role=None, name="E")
    for level in (6, 2):
        assess(tied, "3.1", level, 90)
    assess(tied, "3.1", 1, 30)
    assess(tied, "3.1", 1, 30, source="partner")

    today = timezone.localdate()
    periods = [
        (today - timedelta(days=back), today + timedelta(days=ahead))
        for back in (1, 25, 45, 65, 85, 100, 160, 260, 365, 600)
        for ahead in (0, 150, 450)
    ]
    maintained = _every_figure(hr, periods)
    from_history(monkeypatch)
    history = _every_figure(hr, periods)
    assert maintained == history
    # The lapse alone moved the person without a role up in the last year.
    last_year = periods.index((today - timedelta(days=365), today))
    moved = {pk for pk, _before, _now in history[last_year][2]}
    assert lapsing.pk in moved


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


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_three_newest_stay_in_step_in_any_order(employee, manager, seed):
    """Assessments recorded in random order (back-dated ones landing above,
    between and below the three kept, ties on time, self-assessments) leave
    the table as a rebuild from the history would."""
    rng = random.Random(seed)
    now = timezone.now()
    moments = [now - timedelta(days=rng.randint(0, 60)) for _ in range(6)]
    for _ in range(14):
        services.assessment_record(
            employee=employee,
            competence=competence(rng.choice(("1.1", "1.2"))),
            level=rng.randint(0, 8),
            source=rng.choice(["manager", "manager", "partner", "self"]),
            assessed_at=rng.choice(moments),
            assessed_by=manager,
            confirm_lowering=True,
            note="Corrected.",
        )
        assert current.drift() == 0
    kept = CurrentLevel.objects.filter(employee=employee)
    assert any(row.earlier_id is not None for row in kept)


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
