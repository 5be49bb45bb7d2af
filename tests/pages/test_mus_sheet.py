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
