"""The workbooks: one application's summary and the money per department."""

from datetime import date
from decimal import Decimal

import pytest

from employees.models import EmployeeAccessLog
from tests import factories
from tests.api.conftest import session_client
from tests.funding.conftest import apply, sign_all
from tests.reports.conftest import all_strings, workbook_of

HOSTILE_NAME = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture
def hostile(department, session, rule, manager, union_rep, hr):
    session.course.title = "=Kursus()+1"
    session.course.save()
    person = factories.EmployeeFactory(
        department=department,
        name=HOSTILE_NAME,
        employee_number="@SUM(A1)",
        user=factories.UserFactory(),
    )
    enrollment = factories.EnrollmentFactory(employee=person, session=session)
    application = apply([enrollment], hr, materials=Decimal("99.50"))
    return sign_all(application, person.user, manager, union_rep)


def download(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return workbook_of(response)[0]


def test_the_summary_holds_costs_participants_and_signatures(hostile, hr, employee):
    url = f"/api/v1/reports/fund-application/{hostile.pk}/"
    workbook = download(session_client(hr), url)
    assert workbook.sheetnames == ["Application", "Participants", "Signatures"]
    facts = {row[0]: row[1] for row in workbook["Application"].values}
    assert facts["Course"] == "'=Kursus()+1"
    assert facts["Materials per participant (DKK)"] == pytest.approx(99.5)
    assert facts["Amount applied for (DKK)"] == pytest.approx(2639.6)
    participants = list(workbook["Participants"].values)
    assert participants[1][:2] == ("'" + HOSTILE_NAME, "'@SUM(A1)")
    signatures = [row[:2] for row in workbook["Signatures"].values][1:]
    assert signatures == [
        ("Employee", "'" + HOSTILE_NAME),
        ("Manager", "manager"),
        ("Union representative", "Susanne Friis"),
    ]
    assert not any(
        text.startswith(("=", "+", "@")) for text in all_strings(workbook)
    ), "a user's text became a formula"


def test_the_summary_is_a_logged_read_and_404_out_of_scope(
    hostile, manager, other_manager, viewer
):
    url = f"/api/v1/reports/fund-application/{hostile.pk}/"
    for outsider in (other_manager, viewer):
        assert session_client(outsider).get(url).status_code == 404
    download(session_client(manager), url)
    logged = EmployeeAccessLog.objects.filter(viewer=manager).values_list(
        "employee__name", "channel"
    )
    assert list(logged) == [(HOSTILE_NAME, "export")]


def test_the_funding_workbook_has_the_figures_and_text_stays_text(
    department, hr, municipality
):
    inside = factories.DepartmentFactory(parent=department, name="=1+1", code="@X")
    factories.FundApplicationLineFactory(
        enrollment__employee__department=inside,
        application__state="paid",
        application__applied_on=date(2026, 3, 1),
        amount=Decimal("1234.50"),
    )
    workbook = download(session_client(hr), "/api/v1/reports/funding/?year=2026")
    sheet = workbook["Funding"]
    rows = list(sheet.values)
    assert rows[0] == (
        "Department",
        "Code",
        "Participants",
        "Applied for (DKK)",
        "Granted (DKK)",
        "Paid (DKK)",
    )
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["'@X"][0] == "'=1+1"
    assert by_code["'@X"][2:] == (1, 1234.5, 1234.5, 1234.5)
    assert by_code["K001"][5] == 1234.5
    assert "Parameters" in workbook.sheetnames


def test_the_funding_workbook_is_for_leads(viewer, union_rep):
    for user in (viewer, union_rep):
        response = session_client(user).get("/api/v1/reports/funding/")
        assert response.status_code == 403
