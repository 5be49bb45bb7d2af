"""Hand-worked statuses and figures for the small tree of conftest.py.

Informationssikkerhed (due 2026-03-01, valid 12 months), audience SUN:
              2026-01-15                       2026-07-01
  P1  met, lapses 2026-06-10            overdue (lapsed; due again 2026-06-10)
  P2  met via the equivalent B          met, lapses 2027-01-10
  P3  exempt                            exempt
  P4  not_due (45 days to go)           overdue
  P6  not_due (completes 2026-02-01)    met
  M1  not_due                           overdue
  N1  not_due (a nurse in HJN)          overdue
  HJN: met 2, not_due 3, exempt 1 | met 2, overdue 3, exempt 1   (6)
  SUN and the municipality add M1: headcount 7; DAG: 0.

Omsorgssystemet (level 3 in 1.3, 60 days after joining), Sygeplejersker:
  N1  new hire 2026-01-01: own due date 2026-03-02: not_due | overdue
  N2  level 3 since 2025-12-01: met (lapses after 1095 days) | met
  N3  level 2 (a self-assessed 5 does not count): overdue | overdue
"""

from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from employees.access import access_for
from obligations import figures, services
from obligations.models import Requirement
from obligations.status import person_status, status_counts, statuses
from tests import factories
from tests.factories import competence
from tests.obligations.conftest import EARLY, LATE


def by_name(requirement, day):
    return {row.name.split()[0]: row for row in statuses(requirement, at=day)}


def test_course_requirement_as_of_two_dates(tree):
    early = by_name(tree.security, EARLY)
    assert {k: v.status for k, v in early.items()} == {
        "P1": "met",
        "P2": "met",
        "P3": "exempt",
        "P4": "not_due",
        "P6": "not_due",
        "M1": "not_due",
        "N1": "not_due",
    }
    assert early["P1"].lapses_on == date(2026, 6, 10)
    assert early["P2"].lapses_on == date(2027, 1, 10)
    assert early["P4"].due_on == date(2026, 3, 1)

    late = by_name(tree.security, LATE)
    assert {k: v.status for k, v in late.items()} == {
        "P1": "overdue",
        "P2": "met",
        "P3": "exempt",
        "P4": "overdue",
        "P6": "met",
        "M1": "overdue",
        "N1": "overdue",
    }
    assert late["P1"].due_on == date(2026, 6, 10)
    assert late["P1"].lapses_on is None


def test_level_requirement_gives_new_hires_their_own_due_date(tree):
    early = by_name(tree.system, EARLY)
    assert {k: v.status for k, v in early.items()} == {
        "N1": "not_due",
        "N2": "met",
        "N3": "overdue",
    }
    assert early["N1"].due_on == date(2026, 3, 2)
    assert early["N3"].due_on == date(2025, 3, 2)
    assert early["N2"].lapses_on == date(2028, 11, 30)
    late = by_name(tree.system, LATE)
    assert {k: v.status for k, v in late.items()} == {
        "N1": "overdue",
        "N2": "met",
        "N3": "overdue",
    }


def test_due_within_thirty_days(tree):
    rows = by_name(tree.system, date(2026, 2, 15))
    assert rows["N1"].status == "due"


def counts(rows, code):
    (row,) = [r for r in rows if r["code"] == code]
    return row["headcount"], {
        key: value["count"] for key, value in row["statuses"].items() if value["count"]
    }


def test_figures_roll_up_the_tree(tree, hr):
    scope = figures.scope_for(access_for(hr))
    early = figures.requirement_rows(tree.security, scope, at=EARLY)
    assert [r["code"] for r in early] == ["K001", "SUN", "HJN", "BOU", "DAG"]
    assert counts(early, "HJN") == (6, {"met": 2, "not_due": 3, "exempt": 1})
    assert counts(early, "SUN") == (7, {"met": 2, "not_due": 4, "exempt": 1})
    assert counts(early, "K001") == counts(early, "SUN")
    assert counts(early, "DAG") == (0, {})
    late = figures.requirement_rows(tree.security, scope, at=LATE)
    assert counts(late, "HJN") == (6, {"met": 2, "overdue": 3, "exempt": 1})
    assert counts(late, "SUN") == (7, {"met": 2, "overdue": 4, "exempt": 1})
    for row in early + late:
        assert sum(s["count"] for s in row["statuses"].values()) == row["headcount"]
    (hjn,) = [r for r in early if r["code"] == "HJN"]
    assert hjn["statuses"]["met"]["share"] == 0.3333


def test_level_figures(tree, hr):
    scope = figures.scope_for(access_for(hr))
    rows = figures.requirement_rows(tree.system, scope, at=EARLY)
    assert counts(rows, "K001") == (3, {"met": 1, "not_due": 1, "overdue": 1})
    assert counts(rows, "DAG") == (2, {"met": 1, "overdue": 1})
    assert counts(rows, "HJN") == (1, {"not_due": 1})


def test_a_manager_sees_only_their_subtree(tree, manager):
    scope = figures.scope_for(access_for(manager))
    rows = figures.requirement_rows(tree.security, scope, at=EARLY)
    assert [r["code"] for r in rows] == ["SUN", "HJN"]


def test_the_figures_counts_agree_with_the_people_rows_at_many_dates(tree):
    # The figures count groups in SQL and move earners and exemptions one by
    # one; the per-person rows decide each person. Both must say the same.
    for requirement in (tree.security, tree.system):
        for day in [EARLY + timedelta(days=step * 29) for step in range(-14, 14)]:
            rows = statuses(requirement, at=day)
            expected: dict[int, Counter] = {}
            for row in rows:
                expected.setdefault(row.department, Counter())[row.status] += 1
            counted = status_counts(requirement, at=day)
            assert all(n >= 0 for c in counted.values() for n in c.values()), day
            # A group emptied by the moves keeps a zero; no row shows it.
            assert {k: +v for k, v in counted.items() if +v} == expected, day


def test_joining_the_audience_by_a_move_or_a_new_role_counts_from_that_day(
    hr, municipality, forvaltning, department, other_department
):
    """Hand-worked: due 60 days after joining, audience Hjemmeplejen Nord (or
    the role Sygeplejerske), in force since 2020. Someone employed since 2020
    who moves into Hjemmeplejen today is due today + 60 days (not overdue
    since 2020); who takes the role today, likewise. A move between two
    departments of the audience counts as joining anew (the chosen rule)."""
    from employees import services as employees

    today = timezone.localdate()
    nurse = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    by_department = services.requirement_create(
        actor=hr,
        name="Hjemmepleje-systemet",
        kind=Requirement.Kind.LEVEL,
        competence=competence("1.3"),
        min_level=3,
        departments=[department],
        due_days=60,
        effective_from=date(2020, 1, 1),
    )
    by_role = services.requirement_create(
        actor=hr,
        name="Sygeplejersker",
        kind=Requirement.Kind.LEVEL,
        competence=competence("1.3"),
        min_level=3,
        job_roles=[nurse],
        due_days=60,
        effective_from=date(2020, 1, 1),
    )
    old = date(2020, 1, 1)
    mover = employees.employee_create(
        employee_number="9001",
        name="Flytter",
        department=other_department,
        employment_start=old,
    )
    stayer = employees.employee_create(
        employee_number="9002",
        name="Bliver",
        department=department,
        job_role=nurse,
        employment_start=old,
    )
    assert (mover.department_since, mover.job_role_since) == (old, old)

    employees.employee_update(employee=mover, department=department)
    row = person_status(by_department, mover, at=today)
    assert (row.due_on, row.status) == (today + timedelta(days=60), "not_due")
    assert person_status(by_role, mover, at=today) is None

    employees.employee_update(employee=mover, job_role=nurse)
    row = person_status(by_role, mover, at=today)
    assert (row.due_on, row.status) == (today + timedelta(days=60), "not_due")

    # Those who were there all along are overdue since 1 March 2020.
    for requirement in (by_department, by_role):
        row = person_status(requirement, stayer, at=today)
        assert (row.due_on, row.status) == (date(2020, 3, 1), "overdue")

    # A move within the audience (here into a team under Hjemmeplejen) dates
    # from the move too.
    team = factories.DepartmentFactory(parent=department, name="Team Øst")
    employees.employee_update(employee=stayer, department=team)
    row = person_status(by_department, stayer, at=today)
    assert row.due_on == today + timedelta(days=60)
