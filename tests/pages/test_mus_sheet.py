"""The MUS sheet suggests the same courses as the employee's page."""

import io

import openpyxl
from django.urls import reverse

from tests import factories
from tests.factories import competence


def test_the_mus_sheet_suggests_what_the_page_suggests(client, scene, employee):
    # A course for the same gap with no session cannot be taken: not suggested.
    closed = factories.CourseFactory(provider=scene.course.provider, title="Uden hold")
    factories.CourseOutcomeFactory(
        course=closed, competence=competence("1.3"), from_level=1, to_level=5
    )
    client.force_login(employee.user)
    page = client.get(reverse("employee_detail", args=[employee.pk]))
    on_page = {
        (competence.code, course.title)
        for competence, courses in page.context["suggestions"]
        for course in courses
    }
    response = client.get(
        f"/api/v1/reports/employee/{employee.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Suggested courses"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(row[0], row[1]) for row in rows} == on_page
    assert on_page == {("1.3", "Dokumentation i omsorgssystemet")}
    (row,) = rows
    assert row[3:5] == (2, 4)
    assert row[5] is not None  # the next session's start


def test_the_mus_sheet_reads_and_prints_well(client, scene, employee, manager):
    client.force_login(manager)
    response = client.get(
        f"/api/v1/reports/employee/{employee.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Competences"]
    # The name block's labels are dark on white, not white on white.
    labels = [sheet.cell(row=row, column=1) for row in range(1, 5)]
    assert [cell.value for cell in labels] == [
        "Name",
        "Stage",
        "Overall level",
        "Target met",
    ]
    assert all(
        cell.font.color is None or cell.font.color.rgb != "FFFFFFFF" for cell in labels
    )
    # A manager's copy links the appraisal talk.
    link = sheet.cell(row=5, column=1).hyperlink
    assert link.target.endswith(f"/employees/{employee.pk}/conversation/")
    # Assessment dates are dates (of Copenhagen's day), not text with a time.
    row = next(r for r in sheet.iter_rows(min_row=7) if r[0].value == "1.3")
    assert row[6].is_date and row[6].number_format == "yyyy-mm-dd"
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$6:$6"


def test_an_employees_own_sheet_has_no_link_to_the_talk(client, scene, employee):
    client.force_login(employee.user)
    response = client.get(f"/api/v1/reports/employee/{employee.pk}/")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.worksheets[0].cell(row=5, column=1).hyperlink is None
