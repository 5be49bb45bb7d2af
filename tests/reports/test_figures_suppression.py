"""Viewers see no figures of groups smaller than PRIVACY_MIN_GROUP (DESIGN §4).

The tree, with active employees (own staff; with subtree in brackets):

    Kommune (0; 56)
    ├── Sundhed (0; 22)
    │   ├── Hjemmeplejen (20)
    │   └── Natteamet (2)          small: hidden
    └── Teknik (2; 34)              two staff of its own (director, secretary)
        ├── Vej og Park (30)
        └── Byg (2)                 small: hidden

Hiding the small departments is not enough: Sundhed minus Hjemmeplejen would
show Natteamet's two people, Teknik minus Vej og Park its director and
secretary (and Byg). So a second department is hidden where a residual group
would be under five: here Hjemmeplejen and Vej og Park.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from employees.models import AccessGrant
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/progress/departments/"


@pytest.fixture
def tree(municipality):
    def dept(name, parent, own):
        department = factories.DepartmentFactory(parent=parent, name=name)
        factories.EmployeeFactory.create_batch(own, department=department)
        return department

    sundhed = dept("Sundhed", municipality, 0)
    teknik = dept("Teknik", municipality, 2)
    return {
        "Kommune": municipality,
        "Sundhed": sundhed,
        "Hjemmeplejen": dept("Hjemmeplejen", sundhed, 20),
        "Natteamet": dept("Natteamet", sundhed, 2),
        "Teknik": teknik,
        "Vej og Park": dept("Vej og Park", teknik, 30),
        "Byg": dept("Byg", teknik, 2),
    }


def rows_for(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return {row["name"]: row for row in response.json()["results"]}


def test_a_viewer_sees_no_small_group_alone_or_by_subtraction(client, viewer, tree):
    rows = rows_for(client, viewer)
    hidden = {name for name, row in rows.items() if row["suppressed"]}
    assert hidden == {"Natteamet", "Byg", "Hjemmeplejen", "Vej og Park"}
    for row in rows.values():
        if row["suppressed"]:
            assert row["headcount"] is None and row["stages"] is None
    # Everyone still counts in the departments above.
    assert rows["Demo Kommune"]["headcount"] == 56
    assert rows["Sundhed"]["headcount"] == 22
    assert rows["Teknik"]["headcount"] == 34
    # The attack: a shown department minus its shown children.
    for name, row in rows.items():
        if row["suppressed"]:
            continue
        children = [
            child
            for child in rows.values()
            if child["parent"] == row["department"] and not child["suppressed"]
        ]
        residual = row["headcount"] - sum(c["headcount"] for c in children)
        assert residual == 0 or residual >= 5, name


def test_hr_sees_every_figure(client, hr, tree):
    rows = rows_for(client, hr)
    assert not any(row["suppressed"] for row in rows.values())
    assert rows["Natteamet"]["headcount"] == 2


def test_a_manager_sees_every_figure_where_they_lead(client, viewer, tree):
    factories.AccessGrantFactory(
        user=viewer, department=tree["Sundhed"], kind=AccessGrant.Kind.MANAGER
    )
    rows = rows_for(client, viewer)
    assert rows["Natteamet"]["headcount"] == 2
    assert rows["Hjemmeplejen"]["headcount"] == 20
    # Outside their own forvaltning they are a viewer as before.
    assert rows["Byg"]["suppressed"] and rows["Vej og Park"]["suppressed"]


def test_a_small_department_asked_for_directly_shows_nothing(client, viewer, tree):
    rows = rows_for(client, viewer, department=tree["Natteamet"].pk)
    assert rows["Natteamet"]["suppressed"]


def test_the_workbook_and_the_dashboard_show_under_five(client, viewer, tree):
    client.force_login(viewer)
    response = client.get(
        "/api/v1/reports/department-progress/", HTTP_ACCEPT_LANGUAGE="en"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary = {
        row[0].strip(): row
        for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["Natteamet"][2] == "< 5"
    assert summary["Natteamet"][3:] == (None,) * len(summary["Natteamet"][3:])
    assert summary["Demo Kommune"][2] == 56
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Too few employees to show figures." in page.content.decode()


def test_the_threshold_is_a_setting(client, viewer, tree, settings):
    settings.PRIVACY_MIN_GROUP = 2
    rows = rows_for(client, viewer)
    assert not any(row["suppressed"] for row in rows.values())
