"""Review: a session with enrollments keeps its course; the enrollments copy
the course (one live enrollment per course, outcomes, practice task)."""

import pytest

from courses.models import CourseSession, EnrollmentStatus
from tests import factories
from tests.api.conftest import key_client


@pytest.fixture
def booked(partner, department):
    course = factories.CourseFactory(provider=partner, status="published")
    other = factories.CourseFactory(provider=partner, status="published")
    session = factories.CourseSessionFactory(course=course)
    factories.EnrollmentFactory(
        employee=factories.EmployeeFactory(department=department),
        session=session,
        status=EnrollmentStatus.ENROLLED,
    )
    return session, other


def test_patch_cannot_move_a_booked_session(partner, booked):
    session, other = booked
    response = key_client(partner).patch(
        f"/api/v1/sessions/{session.pk}/",
        {"course": other.external_id},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "course"
    assert CourseSession.objects.get(pk=session.pk).course_id == session.course_id


def test_resending_cannot_move_a_booked_session(partner, booked):
    session, other = booked
    body = {
        "external_id": session.external_id,
        "course": other.external_id,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "location": session.location,
        "capacity": session.capacity,
    }
    response = key_client(partner).post("/api/v1/sessions/", body, format="json")
    assert response.status_code == 400
    assert CourseSession.objects.get(pk=session.pk).course_id == session.course_id


def test_an_empty_session_may_move(partner):
    course, other = factories.CourseFactory.create_batch(2, provider=partner)
    session = factories.CourseSessionFactory(course=course)
    response = key_client(partner).patch(
        f"/api/v1/sessions/{session.pk}/",
        {"course": other.external_id},
        format="json",
    )
    assert response.status_code == 200
    assert CourseSession.objects.get(pk=session.pk).course_id == other.pk
