"""The fast ``.values()`` list rows equal the serializers' output, field for field."""

import pytest

from tests import factories
from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(employee, department, partner):
    course = factories.CourseFactory(
        provider=partner, practice_task="Gør det", hours="7.5", price_dkk="99.50"
    )
    factories.CourseOutcomeFactory(course=course)
    factories.CourseOutcomeFactory(
        course=course, competence=factories.competence("2.1")
    )
    session = factories.CourseSessionFactory(
        course=course, enrollment_deadline="2030-01-01"
    )
    factories.EnrollmentFactory(employee=employee, session=session)
    factories.EnrollmentFactory(
        employee__department=department,
        employee__employment_end="2030-01-01",
        session=session,
        status="waitlisted",
    )
    factories.CourseFactory(provider=partner)


@pytest.mark.parametrize(
    "actor, resource",
    [
        ("hr", "employees"),
        ("viewer", "employees"),
        ("employee", "employees"),
        ("hr", "enrollments"),
        ("partner", "enrollments"),
        ("hr", "courses"),
        ("partner", "courses"),
        ("anonymous", "sessions"),
        ("partner", "sessions"),
    ],
)
def test_list_rows_equal_detail_representations(
    actor, resource, data, request, anonymous_client, employee
):
    if actor == "anonymous":
        client = anonymous_client
    elif actor == "partner":
        client = key_client(request.getfixturevalue("partner"))
    elif actor == "employee":
        client = session_client(employee.user)
    else:
        client = session_client(request.getfixturevalue(actor))
    rows = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()["results"]
    assert rows
    for row in rows:
        detail = client.get(f"/api/v1/{resource}/{row['id']}/")
        assert detail.status_code == 200
        assert row == detail.json()
