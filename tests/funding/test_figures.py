"""The money per department and year: own amounts roll up the tree."""

from datetime import date
from decimal import Decimal

import pytest

from funding.figures import funding_figures
from tests import factories
from tests.api.conftest import session_client

URL = "/api/v1/funding/departments/"


def line(department, state, amount, applied_on=date(2026, 5, 1)):
    return factories.FundApplicationLineFactory(
        enrollment__employee__department=department,
        application__state=state,
        application__applied_on=applied_on,
        amount=Decimal(amount),
    )


@pytest.fixture
def money(department, other_department, forvaltning):
    line(department, "submitted", "1000.00")
    line(department, "granted", "2000.00")
    line(department, "paid", "400.00")
    line(department, "refused", "50.00")
    line(department, "draft", "7777.00")  # not sent: not applied for
    line(department, "signed", "8888.00")
    line(forvaltning, "paid", "100.00")
    line(other_department, "granted", "300.00")
    line(department, "paid", "9999.00", applied_on=date(2025, 12, 31))


def rows_by_code(user, **query):
    return {row["code"]: row for row in funding_figures(user=user, **query)}


def test_amounts_roll_up_per_year_and_state(money, hr):
    rows = rows_by_code(hr, year=2026)
    assert rows["HJN"]["participants"] == 4
    assert (rows["HJN"]["applied"], rows["HJN"]["granted"], rows["HJN"]["paid"]) == (
        Decimal("3450.00"),
        Decimal("2400.00"),
        Decimal("400.00"),
    )
    assert rows["SUN"]["applied"] == Decimal("3550.00")
    assert rows["SUN"]["paid"] == Decimal("500.00")
    assert rows["K001"]["applied"] == Decimal("3850.00")
    assert rows["K001"]["granted"] == Decimal("2800.00")
    assert rows["DAG"]["granted"] == Decimal("300.00")
    last_year = rows_by_code(hr, year=2025)
    assert last_year["K001"]["paid"] == Decimal("9999.00")
    assert last_year["DAG"]["applied"] == Decimal("0.00")


def test_a_participant_counts_where_they_worked_when_applying(
    department, other_department, hr
):
    moved = line(department, "paid", "500.00").employee
    moved.department = other_department
    moved.save()
    rows = rows_by_code(hr, year=2026)
    assert rows["HJN"]["paid"] == Decimal("500.00")
    assert rows["DAG"]["paid"] == Decimal("0.00")


def test_managers_see_their_subtree_and_viewers_nothing(money, manager, viewer):
    assert list(rows_by_code(manager, year=2026)) == ["SUN", "HJN"]
    assert funding_figures(user=viewer, year=2026) == []


def test_the_endpoint_answers_the_rows_with_money_as_strings(money, hr, department):
    client = session_client(hr)
    response = client.get(URL, {"department": department.pk, "year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert (body["department"], body["year"]) == (department.pk, 2026)
    assert body["results"] == [
        {
            "department": department.pk,
            "code": "HJN",
            "name": "Hjemmeplejen Nord",
            "parent": department.parent_id,
            "depth": 2,
            "participants": 4,
            "applied": "3450.00",
            "granted": "2400.00",
            "paid": "400.00",
        }
    ]


def test_the_endpoint_keeps_others_out(money, viewer, other_manager, department):
    assert session_client(viewer).get(URL).status_code == 403
    response = session_client(other_manager).get(URL, {"department": department.pk})
    assert response.status_code == 404
    assert session_client(other_manager).get(URL, {"year": "x"}).status_code == 400
