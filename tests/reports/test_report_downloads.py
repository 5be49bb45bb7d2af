"""GET /api/v1/reports/…: xlsx downloads, their scope and their safety."""

import gc
import weakref

import pytest
from openpyxl import Workbook

from tests.reports.conftest import HOSTILE, all_strings, sheet_xml, workbook_of

PROGRESS = "/api/v1/reports/department-progress/"
ACTIVITY = "/api/v1/reports/course-activity/"


def download(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return workbook_of(response)


def assert_text_only(workbook, content):
    for name, xml in sheet_xml(content).items():
        assert "<f>" not in xml and "<f " not in xml, name
    strings = all_strings(workbook)
    for value in [*HOSTILE, "=1+1", "@X", "=Rolle()", "=Kursus()+1", "-Lokale"]:
        assert value not in strings
    return strings


def test_department_progress_neutralises_formulas(client, hr, hostile):
    workbook, content = download(client, hr, PROGRESS)
    strings = assert_text_only(workbook, content)
    assert '\'=HYPERLINK("http://evil.example","klik")' in strings
    assert "'@SUM(A1:A2)" in strings
    assert "'\tTabulator" in strings
    assert "'#N/A" in strings
    assert "'=1+1" in strings
    assert "Ugyldigt tegn" in strings
    assert "'\rVognretur" in strings  # the CR kept, not read as a line feed
    employees = workbook.worksheets[4]
    for row in employees.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert row[5].data_type == "n"  # overall level stays a number


def test_course_activity_neutralises_formulas(client, hr, hostile):
    workbook, content = download(client, hr, ACTIVITY)
    strings = assert_text_only(workbook, content)
    assert "'=Kursus()+1" in strings
    assert "'-Lokale" in strings
    sheet = workbook.worksheets[0]
    (row,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[9] == len(HOSTILE) + 1  # attended, every one in HR's scope


def test_employee_sheet_neutralises_formulas(client, hr, hostile):
    person = hostile["people"][0]
    url = f"/api/v1/reports/employee/{person.pk}/"
    workbook, content = download(client, hr, url)
    strings = assert_text_only(workbook, content)
    assert "'=Note()" in strings


def test_a_managers_report_holds_nothing_outside_their_grants(
    client, manager, hostile, other_department
):
    workbook, _content = download(client, manager, PROGRESS)
    strings = all_strings(workbook)
    assert "Udenfor Hansen" not in strings
    assert other_department.name not in strings
    assert "Demo Kommune" not in strings
    summary = workbook.worksheets[0]
    codes = [row[1] for row in summary.iter_rows(min_row=2, values_only=True)]
    assert codes == ["SUN", "HJN", "'@X"]
    employees = workbook.worksheets[4]
    assert employees.max_row - 1 == len(HOSTILE)
    activity, _content = download(client, manager, ACTIVITY)
    (row,) = list(activity.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert row[9] == len(HOSTILE)  # the outsider is not counted


def test_a_viewer_gets_no_employee_sheet(client, viewer, hostile):
    workbook, _content = download(client, viewer, PROGRESS)
    names = [ws.title for ws in workbook.worksheets]
    assert names == ["Summary", "Chart", "Chart data", "Competences", "Parameters"]
    assert "Udenfor Hansen" not in all_strings(workbook)


def test_headers_follow_the_language(client, hr, hostile):
    client.force_login(hr)
    english, _content = workbook_of(client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="en"))
    danish, _content = workbook_of(client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="da"))
    assert english.worksheets[0].title == "Summary"
    assert english.worksheets[0]["A1"].value == "Department"
    assert danish.worksheets[0].title == "Sammendrag"
    assert danish.worksheets[0]["A1"].value == "Afdeling"


def test_the_employee_sheet_is_404_outside_scope(client, other_manager, hostile):
    person = hostile["people"][0]
    client.force_login(other_manager)
    assert client.get(f"/api/v1/reports/employee/{person.pk}/").status_code == 404


def test_an_employee_gets_their_own_sheet(client, employee, viewer):
    workbook, _content = download(
        client, employee.user, f"/api/v1/reports/employee/{employee.pk}/"
    )
    assert "Anna Jensen" in all_strings(workbook)
    client.force_login(viewer)
    assert client.get(f"/api/v1/reports/employee/{employee.pk}/").status_code == 404


def test_reports_refuse_bad_values_and_other_departments(
    client, manager, other_department
):
    client.force_login(manager)
    assert client.get(PROGRESS, {"from": "x"}).status_code == 400
    assert client.get(PROGRESS, {"department": other_department.pk}).status_code == 404
    assert client.get(ACTIVITY, {"department": other_department.pk}).status_code == 404


def test_an_employee_without_grants_gets_no_department_report(client, employee):
    client.force_login(employee.user)
    assert client.get(PROGRESS).status_code == 403


def test_the_summary_is_formatted(client, hr, hostile):
    workbook, _content = download(client, hr, PROGRESS)
    summary = workbook.worksheets[0]
    assert summary.freeze_panes == "C2"
    assert summary.auto_filter.ref.startswith("A1:")
    assert summary["E2"].number_format == "0.0%"  # a stage share
    assert summary["A2"].alignment.indent == 0
    assert summary["A3"].alignment.indent == 1  # a child, indented by depth
    matrix = workbook.worksheets[3]
    assert matrix["C2"].number_format == "0.00"
    assert matrix.conditional_formatting


def test_the_employee_sheet_logs_who_looked_but_not_the_employee(client, hr, employee):
    from employees.models import EmployeeAccessLog

    url = f"/api/v1/reports/employee/{employee.pk}/"
    download(client, employee.user, url)
    assert not EmployeeAccessLog.objects.exists()
    download(client, hr, url)
    (entry,) = EmployeeAccessLog.objects.all()
    assert (entry.employee, entry.viewer, entry.channel) == (employee, hr, "export")


@pytest.fixture
def made_workbooks(monkeypatch):
    """Weak references to every openpyxl workbook made while the test runs."""
    made = []
    init = Workbook.__init__

    def tracked(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(Workbook, "__init__", tracked)
    return made


@pytest.mark.parametrize("report", ["progress", "activity", "employee"])
def test_no_workbook_outlives_its_download(
    client, hr, employee, made_workbooks, report
):
    # A workbook still reachable after its response is closed is memory a
    # long-lived worker never gets back (about 170 KB per department report).
    urls = {
        "progress": PROGRESS,
        "activity": ACTIVITY,
        "employee": f"/api/v1/reports/employee/{employee.pk}/",
    }
    client.force_login(hr)
    for _ in range(3):
        response = client.get(urls[report])
        assert response.status_code == 200
        # Read to the end, the test client closes the response as a server would.
        assert b"".join(response.streaming_content).startswith(b"PK")
    gc.collect()
    assert len(made_workbooks) == 3
    assert [ref() for ref in made_workbooks] == [None, None, None]


def test_every_sheet_prints_landscape_with_its_header_repeated(client, hr, hostile):
    workbook, _content = download(client, hr, PROGRESS)
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    summary = workbook["Summary"]
    assert summary.print_title_rows == "$1:$1"
    # The header wraps whole: tall enough, and no column narrower than a word.
    assert summary.cell(row=1, column=4).alignment.wrap_text
    assert summary.row_dimensions[1].height >= 30
