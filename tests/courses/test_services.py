"""Placement: requests, direct enrollment, decisions and the waitlist."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from courses import services
from courses.models import Enrollment
from courses.services import enrollment_create
from tests import factories
from tests.courses.workflow import (
    assert_refused,
    enrollment_in,
    session_with,
    started,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def session():
    return session_with(capacity=2)


@pytest.fixture
def full_session():
    session = session_with(capacity=1)
    enrollment_in(session, Status.ENROLLED)
    return session


# --- enrollment_create: who may place whom --------------------------------
def test_hr_places_directly_skipping_requested(hr, employee, session):
    enrollment = services.enrollment_create(
        employee=employee, session=session, actor=hr
    )
    assert enrollment.status == Status.ENROLLED
    assert enrollment.requested_by == hr
    assert enrollment.approved_by == hr
    assert enrollment.decided_at is not None
    assert enrollment.waitlisted_at is None
    assert enrollment.course == session.course


def test_hr_places_on_the_waitlist_when_full(hr, employee, full_session):
    enrollment = services.enrollment_create(
        employee=employee, session=full_session, actor=hr
    )
    assert enrollment.status == Status.WAITLISTED
    assert enrollment.waitlisted_at is not None


def test_the_employee_themself_gets_a_request(employee, session):
    enrollment = services.enrollment_create(
        employee=employee, session=session, actor=employee.user
    )
    assert enrollment.status == Status.REQUESTED
    assert enrollment.requested_by == employee.user
    assert enrollment.approved_by is None
    assert enrollment.decided_at is None


@pytest.mark.parametrize("actor", ["manager", "viewer", "other_hr", "other_manager"])
def test_it_refuses_anyone_else(request, actor, employee, session):
    user = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied):
        services.enrollment_create(employee=employee, session=session, actor=user)
    assert not Enrollment.objects.exists()


# --- request -> approve / reject --------------------------------------------
def test_approve_enrolls_when_a_seat_is_free(manager, employee, session):
    request = services.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    approved = services.enrollment_approve(enrollment=request, approved_by=manager)
    assert approved.status == Status.ENROLLED
    assert approved.approved_by == manager
    assert approved.decided_at is not None
    assert Enrollment.objects.get(pk=request.pk).status == Status.ENROLLED


def test_approve_waitlists_when_full(manager, employee, full_session):
    request = services.enrollment_request(
        employee=employee, session=full_session, requested_by=employee.user
    )
    approved = services.enrollment_approve(enrollment=request, approved_by=manager)
    assert approved.status == Status.WAITLISTED
    assert approved.waitlisted_at is not None


def test_reject_ends_the_request(manager, employee, session):
    request = services.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    rejected = services.enrollment_reject(enrollment=request, rejected_by=manager)
    assert rejected.status == Status.REJECTED
    assert rejected.decided_at is not None
    assert rejected.ended_at is not None
    assert rejected.approved_by is None


def test_a_rejected_employee_may_request_again(manager, employee, session):
    first = services.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    services.enrollment_reject(enrollment=first, rejected_by=manager)
    again = services.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    assert again.status == Status.REQUESTED


# --- withdraw and the waitlist ----------------------------------------------
def test_withdraw_promotes_the_earliest_waitlisted(hr, full_session):
    seated = full_session.enrollments.get()
    now = timezone.now()
    later = enrollment_in(full_session, Status.WAITLISTED, waitlisted_at=now)
    earlier = enrollment_in(
        full_session, Status.WAITLISTED, waitlisted_at=now - timedelta(hours=1)
    )
    services.enrollment_withdraw(enrollment=seated, withdrawn_by=hr)
    assert seated.status == Status.WITHDRAWN
    assert seated.ended_at is not None
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.status == Status.ENROLLED
    assert later.status == Status.WAITLISTED


def test_withdrawing_from_the_waitlist_frees_no_seat(hr, full_session):
    waiting = enrollment_in(full_session, Status.WAITLISTED)
    behind = enrollment_in(full_session, Status.WAITLISTED)
    services.enrollment_withdraw(enrollment=waiting, withdrawn_by=hr)
    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED
    assert full_session.enrollments.filter(status=Status.ENROLLED).count() == 1


def test_withdraw_a_request(employee, session):
    request = services.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    services.enrollment_withdraw(enrollment=request, withdrawn_by=employee.user)
    assert Enrollment.objects.get(pk=request.pk).status == Status.WITHDRAWN


def test_refused_transition_changes_nothing(manager, session):
    enrolled = enrollment_in(session, Status.ENROLLED)
    assert_refused(
        "invalid_transition",
        "Only a requested enrollment can be approved.",
        services.enrollment_approve,
        enrollment=enrolled,
        approved_by=manager,
    )


def test_closed_session_is_refused(hr, employee, session):
    enrollment_in(session, Status.ENROLLED)
    started(session)
    assert_refused(
        "session_closed",
        "This session has already started.",
        services.enrollment_enroll,
        employee=employee,
        session=session,
        enrolled_by=hr,
    )


def test_duplicate_live_enrollment_for_the_course_is_refused(hr, employee, session):
    other = factories.CourseSessionFactory(course=session.course)
    enrollment_in(other, Status.WAITLISTED, employee=employee)
    assert_refused(
        "duplicate_enrollment",
        "The employee already has an active enrollment for this course.",
        services.enrollment_enroll,
        employee=employee,
        session=session,
        enrolled_by=hr,
    )


def test_refusals_speak_danish_by_default(hr, employee, session):
    started(session)
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        services.enrollment_enroll(employee=employee, session=session, enrolled_by=hr)
    assert caught.value.messages == ["Holdet er allerede startet."]


def test_hr_placing_themself_on_a_course_only_requests_it(hr, department):
    own_record = factories.EmployeeFactory(department=department, user=hr)
    session = factories.CourseSessionFactory()
    enrollment = enrollment_create(employee=own_record, session=session, actor=hr)
    assert enrollment.status == Enrollment.Status.REQUESTED
