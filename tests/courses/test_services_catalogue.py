"""The catalogue services' session rules, on every channel that edits sessions.

A session change locks the session, checks it against its enrollments, saves,
then gives added seats to the waitlist: through the partner API (PATCH, PUT or
re-sending the session), the admin, and under concurrent bookings.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import CourseSession, Enrollment, EnrollmentStatus
from tests import factories
from tests.api.conftest import key_client

Status = Enrollment.Status


# --- Partner API: more seats, fewer seats ------------------------------------------
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


# --- Partner API: a booked session keeps its course ---------------------------------
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


# --- The admin ----------------------------------------------------------------------
@pytest.fixture
def root_client(client, db):
    client.force_login(
        factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    return client


@pytest.fixture
def admin_session(department):
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


def test_capacity_below_the_seats_held_is_refused(root_client, admin_session):
    response = post_change(root_client, admin_session, capacity=1)
    assert response.status_code == 200
    assert "2 people already hold a seat" in response.content.decode()
    assert CourseSession.objects.get(pk=admin_session.pk).capacity == 2


def test_a_session_with_enrollments_cannot_move_course(root_client, admin_session):
    other = factories.CourseFactory(provider=admin_session.course.provider)
    response = post_change(root_client, admin_session, course=other.pk)
    assert response.status_code == 200
    assert "cannot move to another course" in response.content.decode()
    assert CourseSession.objects.get(pk=admin_session.pk).course_id != other.pk


def test_more_seats_promote_the_waitlist(root_client, admin_session):
    response = post_change(root_client, admin_session, capacity=3)
    assert response.status_code == 302
    statuses = sorted(admin_session.enrollments.values_list("status", flat=True))
    assert statuses == [Status.ENROLLED] * 3


# --- Under concurrency --------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_capacity_drop_waits_for_a_booking_in_flight(
    digcomp, hr, partner, department
):
    """The capacity check runs after the session lock, never before: a drop to
    one seat that arrives while a second seat is being booked is refused once
    the booking commits, instead of overbooking the session."""
    course = factories.CourseFactory(provider=partner, status="published")
    session = factories.CourseSessionFactory(course=course, capacity=2)
    first, second = factories.EmployeeFactory.create_batch(2, department=department)
    factories.EnrollmentFactory(employee=first, session=session, status=Status.ENROLLED)
    booked, release = threading.Event(), threading.Event()
    answers = {}

    def book():
        with transaction.atomic():
            services.enrollment_enroll(employee=second, session=session, enrolled_by=hr)
            booked.set()
            release.wait(timeout=30)
        connection.close()

    def shrink():
        answers["shrink"] = key_client(partner).patch(
            f"/api/v1/sessions/{session.pk}/", {"capacity": 1}, format="json"
        )
        connection.close()

    booking = threading.Thread(target=book)
    booking.start()
    assert booked.wait(timeout=30)
    shrinking = threading.Thread(target=shrink)
    shrinking.start()
    # Long enough for the PATCH to reach the session lock and wait there.
    time.sleep(0.5)
    release.set()
    booking.join(timeout=30)
    shrinking.join(timeout=30)
    assert answers["shrink"].status_code == 400
    session.refresh_from_db()
    seats = session.enrollments.filter(status=Status.ENROLLED).count()
    assert (session.capacity, seats) == (2, 2)
