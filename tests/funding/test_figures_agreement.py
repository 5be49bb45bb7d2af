"""The funding JSON and the funding workbook agree for every demo department."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from demo.seed import demo_build
from employees.models import Department
from funding.models import FundApplication
from tests.api.conftest import session_client
from tests.reports.conftest import workbook_of

COLUMNS = {
    "Department": "name",
    "Code": "code",
    "Participants": "participants",
    "Applied for (DKK)": "applied",
    "Granted (DKK)": "granted",
    "Paid (DKK)": "paid",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back
    after it; each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def own_rules():
    """The demo's rules stay: its applications were priced by them."""


@pytest.fixture
def demo(seeded, db):
    return Department.objects.get(parent=None, code="K950")


def json_rows(client, **query):
    response = client.get("/api/v1/funding/departments/", query)
    assert response.status_code == 200
    return response.json()["results"]


def sheet_rows(client, **query):
    response = client.get("/api/v1/reports/funding/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = workbook_of(response)[0]["Funding"]
    header, *rows = list(sheet.values)
    return [dict(zip(header, row, strict=True)) for row in rows]


def assert_agree(rows, lines):
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        for title, key in COLUMNS.items():
            value = row[key]
            if key in ("applied", "granted", "paid"):
                assert line[title] == pytest.approx(float(value)), (row, line)
            else:
                assert line[title] == value, (row, line)


def years():
    return sorted(
        set(FundApplication.objects.values_list("applied_on__year", flat=True))
    )


def test_json_and_xlsx_agree_for_every_demo_department(demo):
    client = session_client(get_user_model().objects.get(username="hr"))
    assert years(), "the demo has applications"
    for year in years():
        whole = json_rows(client, year=year)
        assert sum(float(r["applied"]) for r in whole if r["parent"] is None) > 0
        for department in Department.objects.in_subtree(demo):
            query = {"department": department.pk, "year": year}
            assert_agree(json_rows(client, **query), sheet_rows(client, **query))


@pytest.mark.parametrize("username", ["hr", "manager", "manager2"])
def test_each_leads_whole_scope_agrees(demo, username):
    client = session_client(get_user_model().objects.get(username=username))
    for year in years():
        rows = json_rows(client, year=year)
        assert rows
        assert_agree(rows, sheet_rows(client, year=year))
