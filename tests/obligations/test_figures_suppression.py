"""Compliance figures keep small groups private from viewers (DESIGN §4, §9),
by the same rule as the department progress figures: a small department is
hidden, and so is a second one where a shown department minus its shown
children would reveal a group under PRIVACY_MIN_GROUP.

The tree (the requirement's audience is everyone), as in
tests/reports/test_figures_suppression.py:

    Kommune (0; 56)
    ├── Sundhed (0; 22)
    │   ├── Hjemmeplejen (20)
    │   └── Natteamet (2)          small: hidden
    └── Teknik (2; 34)
        ├── Vej og Park (30)
        └── Byg (2)                 small: hidden
"""

from datetime import date

import pytest

from obligations import services
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/progress/requirements/"


@pytest.fixture
def tree(municipality):
    def dept(name, parent, own):
        department = factories.DepartmentFactory(parent=parent, name=name)
        factories.EmployeeFactory.create_batch(own, department=department)
        return department

    sundhed = dept("Sundhed", municipality, 0)
    teknik = dept("Teknik", municipality, 2)
    dept("Hjemmeplejen", sundhed, 20)
    dept("Natteamet", sundhed, 2)
    dept("Vej og Park", teknik, 30)
    dept("Byg", teknik, 2)
    return municipality


@pytest.fixture
def requirement(hr, partner, tree):
    return services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[factories.CourseFactory(provider=partner)],
        departments=[tree],
        due_on=date(2027, 3, 1),
    )


def rows_for(client, user, requirement):
    client.force_login(user)
    response = client.get(URL, {"requirement": requirement.pk})
    assert response.status_code == 200, response.content
    return {row["name"]: row for row in response.json()["results"]}


def test_a_viewer_sees_no_small_group_alone_or_by_subtraction(
    client, viewer, requirement
):
    rows = rows_for(client, viewer, requirement)
    hidden = {name for name, row in rows.items() if row["suppressed"]}
    assert hidden == {"Natteamet", "Byg", "Hjemmeplejen", "Vej og Park"}
    for row in rows.values():
        if row["suppressed"]:
            assert row["headcount"] is None and row["statuses"] is None
    assert rows["Teknik"]["headcount"] == 34
    for name, row in rows.items():
        if row["suppressed"]:
            continue
        shown_children = [
            child
            for child in rows.values()
            if child["parent"] == row["department"] and not child["suppressed"]
        ]
        residual = row["headcount"] - sum(c["headcount"] for c in shown_children)
        assert residual == 0 or residual >= 5, name


def test_hr_sees_every_compliance_figure(client, hr, requirement):
    rows = rows_for(client, hr, requirement)
    assert not any(row["suppressed"] for row in rows.values())
    assert rows["Natteamet"]["headcount"] == 2


@pytest.mark.parametrize("who", ["hr", "viewer"])
def test_figures_cost_the_same_queries_for_more_departments(
    client, request, who, requirement, tree
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(who))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"requirement": requirement.pk})
        assert response.status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        department = factories.DepartmentFactory(parent=tree, name=f"Ny {n}")
        factories.EmployeeFactory.create_batch(6, department=department)
    assert queries() == before


def test_a_national_scope_answers_a_requirements_own_municipality_only(
    client, requirement, tree, other_municipality, django_user_model
):
    factories.DepartmentFactory(parent=other_municipality, name="Andet")
    national = django_user_model.objects.create_superuser("national", password=None)
    rows = rows_for(client, national, requirement)
    assert set(rows) == {
        tree.name,
        "Sundhed",
        "Hjemmeplejen",
        "Natteamet",
        "Teknik",
        "Vej og Park",
        "Byg",
    }
