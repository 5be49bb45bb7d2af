"""The admin edits sessions under the same rules as the partner API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseSession, Enrollment
from tests import factories

Status = Enrollment.Status


@pytest.fixture
def root_client(client, db):
    client.force_login(
        factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    return client


@pytest.fixture
def full_session(department):
    session = factories.CourseSessionFactory(capacity=2)
    for status in (Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED):
        factories.EnrollmentFactory(
            session=session,
            employee__department=department,
            status=status,
            waitlisted_at=timezone.now() if status == Status.WAITLISTED else None,
        )
    return session


def post_change(client, session, **changes):
    local = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    data = {
        "course": session.course_id,
        "external_id": session.external_id,
        "starts_at_0": local.date().isoformat(),
        "starts_at_1": local.time().strftime("%H:%M:%S"),
        "ends_at_0": ends.date().isoformat(),
        "ends_at_1": ends.time().strftime("%H:%M:%S"),
        "location": session.location,
        "capacity": session.capacity,
        **changes,
    }
    url = reverse("admin:courses_coursesession_change", args=[session.pk])
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_capacity_below_the_seats_held_is_refused(root_client, full_session):
    response = post_change(root_client, full_session, capacity=1)
    assert response.status_code == 200
    assert "2 people already hold a seat" in response.content.decode()
    assert CourseSession.objects.get(pk=full_session.pk).capacity == 2


def test_a_session_with_enrollments_cannot_move_course(root_client, full_session):
    other = factories.CourseFactory(provider=full_session.course.provider)
    response = post_change(root_client, full_session, course=other.pk)
    assert response.status_code == 200
    assert "cannot move to another course" in response.content.decode()
    assert CourseSession.objects.get(pk=full_session.pk).course_id != other.pk


def test_more_seats_promote_the_waitlist(root_client, full_session):
    response = post_change(root_client, full_session, capacity=3)
    assert response.status_code == 302
    statuses = sorted(full_session.enrollments.values_list("status", flat=True))
    assert statuses == [Status.ENROLLED] * 3
