"""Review: raising a session's capacity by re-sending it (the upsert) promotes
the waitlist, as a PATCH does."""

import pytest

from courses.models import EnrollmentStatus
from tests import factories
from tests.api.conftest import key_client


@pytest.fixture
def full_session(partner, department):
    course = factories.CourseFactory(provider=partner, status="published")
    session = factories.CourseSessionFactory(course=course, capacity=1)
    seated, waiting = factories.EmployeeFactory.create_batch(2, department=department)
    factories.EnrollmentFactory(
        employee=seated, session=session, status=EnrollmentStatus.ENROLLED
    )
    waitlisted = factories.EnrollmentFactory(
        employee=waiting, session=session, status=EnrollmentStatus.WAITLISTED
    )
    return session, waitlisted


def body(session, capacity):
    return {
        "external_id": session.external_id,
        "course": session.course.external_id,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "location": session.location,
        "capacity": capacity,
    }


def test_resending_with_more_seats_promotes_the_waitlist(partner, full_session):
    session, waitlisted = full_session
    response = key_client(partner).post(
        "/api/v1/sessions/", body(session, 2), format="json"
    )
    assert response.status_code == 200
    waitlisted.refresh_from_db()
    assert waitlisted.status == EnrollmentStatus.ENROLLED
    assert response.json()["enrolled_count"] == 2


def test_patching_more_seats_promotes_the_waitlist(partner, full_session):
    session, waitlisted = full_session
    response = key_client(partner).patch(
        f"/api/v1/sessions/{session.pk}/", {"capacity": 2}, format="json"
    )
    assert response.status_code == 200
    waitlisted.refresh_from_db()
    assert waitlisted.status == EnrollmentStatus.ENROLLED


@pytest.mark.parametrize("how", ["patch", "resend"])
def test_capacity_cannot_drop_below_the_seats_held(partner, full_session, how):
    session, _waitlisted = full_session
    client = key_client(partner)
    if how == "patch":
        url = f"/api/v1/sessions/{session.pk}/"
        response = client.patch(url, {"capacity": 0}, format="json")
    else:
        response = client.post("/api/v1/sessions/", body(session, 0), format="json")
    assert response.status_code == 400
    assert "capacity" in str(response.json()["errors"])
    session.refresh_from_db()
    assert session.capacity == 1


def test_capacity_may_drop_to_the_seats_held(partner, department):
    course = factories.CourseFactory(provider=partner, status="published")
    session = factories.CourseSessionFactory(course=course, capacity=3)
    for employee in factories.EmployeeFactory.create_batch(2, department=department):
        factories.EnrollmentFactory(
            employee=employee, session=session, status=EnrollmentStatus.ENROLLED
        )
    response = key_client(partner).post(
        "/api/v1/sessions/", body(session, 2), format="json"
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.capacity == 2
