"""Figures on a small hand-built organisation; every number worked out by hand.

Period: 2026-01-01 to 2026-06-30. "Before" means at the start of 2026-01-01,
"end" the end of 2026-06-30. The nurse profile is 1.1 (target 4) and 1.3
(target 3); the validity window is 1095 days, so at the end it starts on
2023-07-02 and before the period on 2023-01-02.

Hjemmeplejen Nord (HJN, under SUN):
  A nurse: 1.1=5 (2025-06), 1.3=2 (2025-06) then 4 (course, 2026-03);
     self 8 in 1.1 ignored. Before (5+2)//2=3, end (5+4)//2=4, target met.
  B nurse: 1.1=6, 1.3 partner 6 then manager 5 (2026-04). Before 0, end
     (6+5)//2=5 proficient, met, moved up.
  C nurse: 1.1=7 (2023-03, expires during the period), 1.3=1 (2026-05).
     Before (7+0)//2=3, end (0+1)//2=0 not assessed, not met.
  X nurse, inactive, all 8: never counted.
Sundhed og Omsorg (SUN) itself:
  D no role: 2.1=3, 2.2=6 (2026-03), self 8 in 3.1. End (3+6)//2=4, no
     target so not met; before 0; moved up.
  E role with an empty profile: 1.1=2 (2025-12). 2 before and at the end.
Dagtilbud (DAG, under BOU): G nurse: 1.1=5 (2025-06). (5+0)//2=2 throughout.
Demo Kommune itself: H nurse, never assessed: 0.
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competences.ladder import stage_for_level
from competences.levels import employee_levels
from competences.models import Assessment
from courses.models import Enrollment, PracticeTaskSubmission
from employees.models import Department
from reports.figures import (
    competence_matrix,
    department_figures,
    department_report,
    employees_moved_up,
)
from tests import factories
from tests.factories import competence

FROM, TO = date(2026, 1, 1), date(2026, 6, 30)
SOURCE = Assessment.Source


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12, 0))


def assess(employee, code, level, when, source=SOURCE.MANAGER):
    return factories.AssessmentFactory(
        employee=employee,
        competence=competence(code),
        level=level,
        source=source,
        assessed_at=when,
    )


@pytest.fixture
def org(municipality, forvaltning, department, other_department):
    nurse = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    factories.RoleCompetenceFactory(
        role=nurse, competence=competence("1.1"), target_level=4
    )
    factories.RoleCompetenceFactory(
        role=nurse, competence=competence("1.3"), target_level=3
    )
    empty_role = factories.JobRoleFactory(municipality=municipality, name="Tom")

    def person(name, dept, role=nurse, **kw):
        return factories.EmployeeFactory(
            name=name, department=dept, job_role=role, **kw
        )

    e = {
        "A": person("A", department),
        "B": person("B", department),
        "C": person("C", department),
        "X": person("X", department, is_active=False),
        "D": person("D", forvaltning, role=None),
        "E": person("E", forvaltning, role=empty_role),
        "G": person("G", other_department),
        "H": person("H", municipality),
    }
    assess(e["A"], "1.1", 5, at(2025, 6, 1))
    assess(e["A"], "1.3", 2, at(2025, 6, 1))
    assess(e["A"], "1.3", 4, at(2026, 3, 1), SOURCE.COURSE)
    assess(e["A"], "1.1", 8, at(2026, 5, 1), SOURCE.SELF)
    assess(e["B"], "1.1", 6, at(2026, 2, 1))
    assess(e["B"], "1.3", 6, at(2026, 2, 1), SOURCE.PARTNER)
    assess(e["B"], "1.3", 5, at(2026, 4, 1))
    assess(e["C"], "1.1", 7, at(2023, 3, 1))
    assess(e["C"], "1.3", 1, at(2026, 5, 1))
    assess(e["X"], "1.1", 8, at(2026, 2, 1))
    assess(e["X"], "1.3", 8, at(2026, 2, 1))
    assess(e["D"], "2.1", 3, at(2026, 3, 1))
    assess(e["D"], "2.2", 6, at(2026, 3, 1))
    assess(e["D"], "3.1", 8, at(2026, 3, 1), SOURCE.SELF)
    assess(e["E"], "1.1", 2, at(2025, 12, 1))
    assess(e["G"], "1.1", 5, at(2025, 6, 1))
    _activity(e)
    return e


def _activity(e):
    factories.EnrollmentFactory(employee=e["A"], status=Enrollment.Status.ENROLLED)
    factories.EnrollmentFactory(employee=e["X"], status=Enrollment.Status.ENROLLED)
    done = factories.EnrollmentFactory(
        employee=e["B"],
        status=Enrollment.Status.COMPLETED,
        completed_at=at(2026, 3, 15),
    )
    factories.PracticeTaskSubmissionFactory(
        enrollment=done,
        status=PracticeTaskSubmission.Review.APPROVED,
        reviewed_at=at(2026, 3, 10),
    )
    old = factories.EnrollmentFactory(
        employee=e["C"],
        status=Enrollment.Status.COMPLETED,
        completed_at=at(2025, 11, 1),
    )
    factories.PracticeTaskSubmissionFactory(
        enrollment=old,
        status=PracticeTaskSubmission.Review.APPROVED,
        reviewed_at=at(2025, 10, 30),
    )


def by_code(rows):
    return {row["code"]: row for row in rows}


def stage_counts(row):
    return {code: item["count"] for code, item in row["stages"].items()}


def test_stage_for_level_follows_the_ladder(db):
    assert [stage_for_level(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [
        "not_assessed",
        "technology_user",
        "technology_user",
        "self_reliant_user",
        "self_reliant_user",
        "technology_proficient",
        "technology_proficient",
        "digital_champion",
        "digital_champion",
    ]


def test_it_counts_the_department_itself(org, hr, department):
    (row,) = department_figures(
        user=hr, department=department, date_from=FROM, date_to=TO
    )
    assert row["code"] == "HJN"
    assert row["headcount"] == 3
    assert stage_counts(row) == {
        "not_assessed": 1,
        "technology_user": 0,
        "self_reliant_user": 1,
        "technology_proficient": 1,
        "digital_champion": 0,
    }
    assert row["stages"]["technology_proficient"]["share"] == 0.3333
    assert row["proficient_share"] == 0.3333
    assert row["target_met_share"] == 0.6667
    assert row["mean_level"] == 3.0  # (4 + 5 + 0) / 3
    assert row["moved_up"] == 1
    assert row["active_enrollments"] == 1
    assert row["completions"] == 1
    assert row["practice_tasks_verified"] == 1


def test_it_rolls_the_subtree_up(org, hr, municipality, forvaltning, department):
    rows = by_code(
        department_figures(user=hr, department=municipality, date_from=FROM, date_to=TO)
    )
    sun = rows["SUN"]
    assert sun["headcount"] == 5
    assert stage_counts(sun) == {
        "not_assessed": 1,
        "technology_user": 1,
        "self_reliant_user": 2,
        "technology_proficient": 1,
        "digital_champion": 0,
    }
    assert sun["target_met_share"] == 0.4
    assert sun["mean_level"] == 3.0  # (4 + 5 + 0 + 4 + 2) / 5
    assert sun["moved_up"] == 2
    whole = rows["K001"]
    assert whole["headcount"] == 7
    assert stage_counts(whole) == {
        "not_assessed": 2,
        "technology_user": 2,
        "self_reliant_user": 2,
        "technology_proficient": 1,
        "digital_champion": 0,
    }
    assert whole["mean_level"] == 2.43  # 17 / 7
    assert whole["proficient_share"] == 0.1429
    assert whole["target_met_share"] == 0.2857
    assert whole["moved_up"] == 2
    assert whole["completions"] == 1


def test_parent_headcount_is_its_own_plus_its_childrens(org, hr, municipality):
    rows = department_figures(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    own = {
        d.pk: d.employees.filter(is_active=True).count()
        for d in Department.objects.all()
    }
    for row in rows:
        children = [r["headcount"] for r in rows if r["parent"] == row["department"]]
        assert row["headcount"] == own[row["department"]] + sum(children)
        assert sum(stage_counts(row).values()) == row["headcount"]


def test_rows_come_depth_first_with_the_department_first(org, hr, municipality):
    rows = department_figures(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    expected = list(Department.objects.in_subtree(municipality).order_by("path"))
    assert [r["department"] for r in rows] == [d.pk for d in expected]
    assert rows[0]["department"] == municipality.pk
    assert rows[0]["parent"] is None


def test_the_role_filter_counts_only_that_role(org, hr, municipality):
    nurse = org["A"].job_role
    (first, *_rest) = department_figures(
        user=hr, department=municipality, date_from=FROM, date_to=TO, role=nurse
    )
    assert first["headcount"] == 5  # A, B, C, G, H
    assert first["moved_up"] == 1


def test_a_manager_sees_only_their_subtree(
    org, manager, municipality, other_department
):
    rows = department_figures(user=manager, date_from=FROM, date_to=TO)
    assert [r["code"] for r in rows] == ["SUN", "HJN"]
    with pytest.raises(Http404):
        department_figures(
            user=manager, department=municipality, date_from=FROM, date_to=TO
        )
    with pytest.raises(Http404):
        department_figures(user=manager, department=other_department.pk)


def test_a_user_without_grants_sees_nothing(org, employee_user):
    assert department_figures(user=employee_user, date_from=FROM, date_to=TO) == []


def test_employee_competences_against_the_profile(org):
    result = employee_levels(employee=org["A"], as_of=TO)
    rows = {row.competence.code: row for row in result.rows}
    assert (rows["1.1"].current_level, rows["1.1"].target_level) == (5, 4)
    assert rows["1.1"].self_level == 8  # shown beside, never counted
    assert (rows["1.3"].current_level, rows["1.3"].gap) == (4, 0)
    assert rows["1.3"].last_assessed_at == at(2026, 3, 1)
    assert (result.overall_level, result.stage, result.target_met) == (
        4,
        "self_reliant_user",
        True,
    )


def test_levels_as_of_an_earlier_date(org):
    result = employee_levels(employee=org["A"], as_of=date(2026, 2, 1))
    rows = {row.competence.code: row for row in result.rows}
    assert rows["1.3"].current_level == 2
    assert rows["1.3"].gap == 1
    assert rows["1.1"].self_level is None
    assert (result.overall_level, result.target_met) == (3, False)


def test_a_level_expires_after_the_validity_window(org):
    before = employee_levels(employee=org["C"], as_of=date(2025, 12, 31))
    after = employee_levels(employee=org["C"], as_of=TO)
    assert before.overall_level == 3
    assert after.overall_level == 0
    assert after.stage == "not_assessed"


def test_the_newest_validating_assessment_wins(org):
    rows = {
        r.competence.code: r for r in employee_levels(employee=org["B"], as_of=TO).rows
    }
    assert rows["1.3"].current_level == 5


def test_without_a_role_the_validated_competences_count(org):
    result = employee_levels(employee=org["D"], as_of=TO)
    assert [row.competence.code for row in result.rows] == ["2.1", "2.2"]
    assert [row.target_level for row in result.rows] == [None, None]
    assert (result.overall_level, result.has_profile, result.target_met) == (
        4,
        False,
        False,
    )


def test_an_empty_profile_counts_like_no_role(org):
    result = employee_levels(employee=org["E"], as_of=TO)
    assert [(r.competence.code, r.current_level) for r in result.rows] == [("1.1", 2)]
    assert result.stage == "technology_user"


def test_competence_matrix(org, hr, municipality, department):
    matrix = competence_matrix(user=hr, department=municipality, as_of=TO)
    assert [c.code for c in matrix["competences"]] == ["1.1", "1.3"]
    rows = by_code(matrix["rows"])
    assert rows["HJN"]["cells"]["1.1"] == {
        "employees": 3,
        "mean_level": 3.67,
        "target_share": 0.6667,
    }
    assert rows["HJN"]["cells"]["1.3"] == {
        "employees": 3,
        "mean_level": 3.33,
        "target_share": 0.6667,
    }
    assert rows["K001"]["cells"]["1.1"] == {
        "employees": 5,
        "mean_level": 3.2,
        "target_share": 0.6,
    }
    assert rows["K001"]["cells"]["1.3"]["mean_level"] == 2.0


def _query_count(user, department):
    department_figures(user=user, department=department, date_from=FROM, date_to=TO)
    with CaptureQueriesContext(connection) as queries:
        department_figures(user=user, department=department, date_from=FROM, date_to=TO)
    return len(queries)


def test_queries_do_not_grow_with_departments(org, hr, municipality, forvaltning):
    few = _query_count(hr, municipality)
    for n in range(12):
        team = factories.DepartmentFactory(parent=forvaltning)
        sub = factories.DepartmentFactory(parent=team)
        worker = factories.EmployeeFactory(department=sub, job_role=org["A"].job_role)
        assess(worker, "1.1", n % 9, at(2026, 2, 1))
    assert _query_count(hr, municipality) == few


def test_the_report_pass_equals_figures_and_matrix(org, hr, municipality):
    rows, matrix = department_report(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    assert rows == department_figures(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    assert matrix == competence_matrix(user=hr, department=municipality, as_of=TO)


def test_employees_moved_up_names_those_counted(org, hr, municipality):
    moved = employees_moved_up(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    assert sorted(moved) == sorted(
        [
            (org["B"].pk, "not_assessed", "technology_proficient"),
            (org["D"].pk, "not_assessed", "self_reliant_user"),
        ]
    )
    (row, *_below) = department_figures(
        user=hr, department=municipality, date_from=FROM, date_to=TO
    )
    assert row["department"] == municipality.pk
    assert len(moved) == row["moved_up"]
    first = employees_moved_up(
        user=hr, department=municipality, date_from=FROM, date_to=TO, limit=1
    )
    assert first == moved[:1]
    assert [pk for pk, _b, _a in moved] == [
        e.pk for e in sorted((org["B"], org["D"]), key=lambda e: (e.name, e.pk))
    ]


def test_employees_moved_up_names_only_those_seen_in_detail(
    org, forvaltning, department
):
    from employees.models import AccessGrant

    user = factories.UserFactory(username="leder-og-seer")
    factories.AccessGrantFactory(
        user=user, department=forvaltning, kind=AccessGrant.Kind.VIEWER
    )
    factories.AccessGrantFactory(
        user=user, department=department, kind=AccessGrant.Kind.MANAGER
    )
    moved = employees_moved_up(
        user=user, department=forvaltning, date_from=FROM, date_to=TO
    )
    # D works in the forvaltning itself, where this user only views figures.
    assert moved == [(org["B"].pk, "not_assessed", "technology_proficient")]


def test_a_task_returned_and_then_approved_counts_once_beside_its_enrollment(
    org, hr, department
):
    """The enrollments and their approved tasks are counted in one pass: an
    enrollment with several submissions must not count twice."""
    again = factories.EnrollmentFactory(
        employee=org["A"], status=Enrollment.Status.ATTENDED
    )
    for status, day in (
        (PracticeTaskSubmission.Review.RETURNED, 1),
        (PracticeTaskSubmission.Review.RETURNED, 2),
        (PracticeTaskSubmission.Review.APPROVED, 3),
    ):
        factories.PracticeTaskSubmissionFactory(
            enrollment=again, status=status, reviewed_at=at(2026, 4, day)
        )
    (row,) = department_figures(
        user=hr, department=department, date_from=FROM, date_to=TO
    )
    assert row["active_enrollments"] == 2  # the enrolled one and this one
    assert row["completions"] == 1
    assert row["practice_tasks_verified"] == 2
