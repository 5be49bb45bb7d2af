"""Session-wide changes: cancellation, bulk enrollment, refilling seats."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from courses import services
from courses.models import CourseSession, Enrollment
from tests import factories
from tests.courses.workflow import (
    assert_refused,
    enrollment_in,
    session_with,
    snapshot,
    started,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


# --- cancel -------------------------------------------------------------------
def test_cancel_cancels_every_live_enrollment(hr):
    session = session_with(capacity=3)
    live = [enrollment_in(session, s) for s in ("requested", "enrolled", "waitlisted")]
    ended = [enrollment_in(session, s) for s in ("rejected", "withdrawn")]
    elsewhere = enrollment_in(session_with(), Status.ENROLLED)
    services.session_cancel(session=session, cancelled_by=hr)
    assert session.is_cancelled
    stored = CourseSession.objects.get(pk=session.pk)
    assert stored.is_cancelled and stored.cancelled_at is not None
    for enrollment in live:
        enrollment.refresh_from_db()
        assert enrollment.status == Status.CANCELLED
        assert enrollment.ended_at is not None
    assert [Enrollment.objects.get(pk=e.pk).status for e in ended] == [
        "rejected",
        "withdrawn",
    ]
    assert Enrollment.objects.get(pk=elsewhere.pk).status == Status.ENROLLED


def test_cancel_twice_is_refused():
    session = session_with()
    services.session_cancel(session=session)
    assert_refused(
        "invalid_transition",
        "This session is already cancelled.",
        services.session_cancel,
        session=session,
    )


def test_a_session_that_took_place_cannot_be_cancelled():
    session = session_with()
    enrollment_in(session, Status.ATTENDED)
    started(session)
    assert_refused(
        "invalid_transition",
        "This session has already taken place and cannot be cancelled.",
        services.session_cancel,
        session=session,
    )


def test_after_cancel_no_one_can_enroll(hr, employee):
    session = session_with()
    services.session_cancel(session=session, cancelled_by=hr)
    assert_refused(
        "session_closed",
        "This session has been cancelled.",
        services.enrollment_enroll,
        employee=employee,
        session=session,
        enrolled_by=hr,
    )


def test_a_cancelled_enrollment_frees_the_course_for_another_session(hr, employee):
    session = session_with()
    enrollment_in(session, Status.ENROLLED, employee=employee)
    services.session_cancel(session=session)
    other = factories.CourseSessionFactory(course=session.course)
    enrollment = services.enrollment_enroll(
        employee=employee, session=other, enrolled_by=hr
    )
    assert enrollment.status == Status.ENROLLED


# --- bulk -------------------------------------------------------------------
def test_bulk_reports_each_employee_in_request_order(hr, department):
    session = session_with(capacity=1)
    first, second, inactive, booked = factories.EmployeeFactory.create_batch(
        4, department=department
    )
    inactive.is_active = False
    inactive.save()
    other_session = factories.CourseSessionFactory(course=session.course)
    enrollment_in(other_session, Status.REQUESTED, employee=booked)
    with translation.override("en"):
        results = services.session_enroll_bulk(
            session=session,
            employees=[first, second.pk, inactive, booked, 999999, first],
            enrolled_by=hr,
        )
    duplicate = "The employee already has an active enrollment for this course."
    assert results == [
        {"employee": first.pk, "status": "enrolled"},
        {"employee": second.pk, "status": "waitlisted"},
        {
            "employee": inactive.pk,
            "code": "employee_inactive",
            "detail": "The employee is no longer active.",
        },
        {"employee": booked.pk, "code": "duplicate_enrollment", "detail": duplicate},
        {"employee": 999999, "code": "not_found", "detail": "No such employee."},
        {"employee": first.pk, "code": "duplicate_enrollment", "detail": duplicate},
    ]
    placed = session.enrollments.order_by("id").values_list("employee", "status")
    assert list(placed) == [(first.pk, "enrolled"), (second.pk, "waitlisted")]
    assert all(e.approved_by == hr for e in session.enrollments.all())


def test_bulk_into_a_closed_session_places_no_one(hr, department):
    session = started(session_with())
    employees = factories.EmployeeFactory.create_batch(2, department=department)
    before = snapshot()
    with translation.override("en"):
        results = services.session_enroll_bulk(
            session=session, employees=employees, enrolled_by=hr
        )
    assert [r["code"] for r in results] == ["session_closed", "session_closed"]
    assert results[0]["detail"] == "This session has already started."
    assert snapshot() == before


# --- seats freed otherwise ----------------------------------------------------
def waitlist(session, count):
    now = timezone.now()
    return [
        enrollment_in(
            session, Status.WAITLISTED, waitlisted_at=now - timedelta(minutes=count - i)
        )
        for i in range(count)
    ]


def test_a_larger_capacity_promotes_the_waitlist_in_order():
    session = session_with(capacity=1)
    enrollment_in(session, Status.ENROLLED)
    first, second, third = waitlist(session, 3)
    CourseSession.objects.filter(pk=session.pk).update(capacity=3)
    promoted = services.session_fill_waitlist(session=session)
    assert [e.pk for e in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED


def test_the_waitlist_goes_before_a_newcomer(hr, employee):
    session = session_with(capacity=1)
    enrollment_in(session, Status.ENROLLED)
    (waiting,) = waitlist(session, 1)
    CourseSession.objects.filter(pk=session.pk).update(capacity=2)
    newcomer = services.enrollment_enroll(
        employee=employee, session=session, enrolled_by=hr
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.ENROLLED
    assert newcomer.status == Status.WAITLISTED


def test_inactive_employees_are_passed_over_on_the_waitlist(hr):
    session = session_with(capacity=1)
    seated = enrollment_in(session, Status.ENROLLED)
    gone, waiting = waitlist(session, 2)
    gone.employee.is_active = False
    gone.employee.save()
    services.enrollment_withdraw(enrollment=seated, withdrawn_by=hr)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in (gone, waiting)]
    assert statuses == [Status.WAITLISTED, Status.ENROLLED]


def test_no_promotion_into_a_session_that_started(hr):
    session = session_with(capacity=1)
    seated = enrollment_in(session, Status.ENROLLED)
    (waiting,) = waitlist(session, 1)
    started(session)
    services.enrollment_withdraw(enrollment=seated, withdrawn_by=hr)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
