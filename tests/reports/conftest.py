import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrollment
from tests import factories
from tests.factories import competence


def workbook_of(response):
    """The workbook of an xlsx response, loaded from its bytes."""
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)), content


def sheet_xml(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def all_strings(workbook) -> set[str]:
    return {
        cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabulator",
    "\rVognretur",
    "\nLinjeskift",
    "=cmd|' /C calc'!A0",
    "#N/A",
    # Not a formula, but no XML may hold U+FFFF: it goes, the name stays.
    "Ugyldigt\uffff tegn",
]


@pytest.fixture
def hostile(municipality, department, other_department, partner):
    role = factories.JobRoleFactory(municipality=municipality, name="=Rolle()")
    factories.RoleCompetenceFactory(role=role, competence=competence("1.1"))
    inside = factories.DepartmentFactory(parent=department, name="=1+1", code="@X")
    people = [
        factories.EmployeeFactory(department=inside, job_role=role, name=name)
        for name in HOSTILE
    ]
    outsider = factories.EmployeeFactory(
        department=other_department, job_role=role, name="Udenfor Hansen"
    )
    course = factories.CourseFactory(provider=partner, title="=Kursus()+1")
    session = factories.CourseSessionFactory(
        course=course,
        location="-Lokale",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=10) + timedelta(hours=6),
    )
    for person in [*people, outsider]:
        factories.EnrollmentFactory(
            employee=person, session=session, status=Enrollment.Status.ATTENDED
        )
        factories.AssessmentFactory(
            employee=person,
            competence=competence("1.1"),
            level=4,
            note="=Note()",
            assessed_at=timezone.now() - timedelta(days=5),
        )
    return {"people": people, "outsider": outsider, "session": session}
