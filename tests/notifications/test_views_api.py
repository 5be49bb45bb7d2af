"""GET /api/v1/notifications/, POST …/<id>/read/, GET /api/v1/todo/ and
GET/PATCH /api/v1/me/preferences/ (DESIGN §8), each scoped to the caller."""

import pytest
from rest_framework.test import APIClient

from courses import services
from courses.models import Enrollment
from employees import sections
from notifications.models import Notification
from tests import factories
from tests.api.conftest import session_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(employee, department, manager):
    session = factories.CourseSessionFactory(capacity=5)
    for person in (employee, factories.EmployeeFactory(department=department)):
        services.enrollment_request(
            employee=person, session=session, requested_by=person.user
        )
    return Notification.objects.filter(recipient=manager).order_by("id")


def test_the_list_shows_own_notifications_newest_first(requests, manager, hr):
    response = session_client(manager).get("/api/v1/notifications/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [n.pk for n in reversed(requests)]
    assert set(rows[0]) == {"id", "kind", "subject", "url", "created_at", "read_at"}
    assert rows[0]["kind"] == "enrollment_requested"
    assert rows[0]["url"].startswith("http://testserver/employees/")
    assert session_client(hr).get("/api/v1/notifications/").json()["count"] == 0


def test_reading_marks_one_and_others_cannot(requests, manager, hr):
    first = requests[0]
    assert (
        session_client(hr).post(f"/api/v1/notifications/{first.pk}/read/").status_code
        == 404
    )
    response = session_client(manager).post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    first.refresh_from_db()
    assert first.read_at is not None
    assert requests[1].read_at is None


def test_todo_answers_exactly_the_four_counts(requests, manager, employee):
    response = session_client(manager).get("/api/v1/todo/")
    assert response.json() == {
        "approvals": 2,
        "practice_tasks": 0,
        "requirements_due": 0,
        "requirements_overdue": 0,
    }
    assert session_client(employee.user).get("/api/v1/todo/").json()["approvals"] == 0


def test_todo_uses_a_requirement_counter_once_one_is_registered(manager, monkeypatch):
    monkeypatch.setitem(sections._todo, "requirements_due", lambda user: 3)
    assert session_client(manager).get("/api/v1/todo/").json()["requirements_due"] == 3


def test_anonymous_callers_get_401(db):
    anonymous_client = APIClient()
    for path in ("/api/v1/notifications/", "/api/v1/todo/", "/api/v1/me/preferences/"):
        assert anonymous_client.get(path).status_code == 401


def test_preferences_read_and_change(employee):
    client = session_client(employee.user)
    assert client.get("/api/v1/me/preferences/").json() == {
        "language": "da",
        "reminders": True,
        "requests_mail": "each",
    }
    response = client.patch(
        "/api/v1/me/preferences/", {"language": "en", "reminders": False}
    )
    assert response.status_code == 200
    assert response.json()["language"] == "en"
    assert employee.user.notification_preferences.reminders is False


def test_preferences_refuse_bad_values_and_unknown_fields(employee):
    client = session_client(employee.user)
    bad = client.patch("/api/v1/me/preferences/", {"language": "sv"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "language"
    # Decisions about one's own enrollment cannot be turned off: no such field.
    client.patch("/api/v1/me/preferences/", {"decisions": False})
    assert client.get("/api/v1/me/preferences/").json()["language"] == "da"


def test_opted_out_decisions_still_reach_the_employee(employee, manager):
    client = session_client(employee.user)
    client.patch("/api/v1/me/preferences/", {"reminders": False})
    request = factories.EnrollmentFactory(
        employee=employee, status=Enrollment.Status.REQUESTED
    )
    services.enrollment_reject(enrollment=request, rejected_by=manager)
    assert Notification.objects.filter(recipient=employee.user).count() == 1
