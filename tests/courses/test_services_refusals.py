"""Every illegal transition is refused with a clear message and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrollment
from tests import factories
from tests.courses.workflow import assert_refused, enrollment_in, session_with, started

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def all_but(*allowed):
    return [s for s in Status.values if s not in allowed]


@pytest.fixture
def session():
    return session_with(capacity=5)


@pytest.mark.parametrize("status", all_but(Status.REQUESTED))
def test_approve_needs_a_request(manager, session, status):
    enrollment = enrollment_in(session, status)
    assert_refused(
        "invalid_transition",
        "Only a requested enrollment can be approved.",
        services.enrollment_approve,
        enrollment=enrollment,
        approved_by=manager,
    )


@pytest.mark.parametrize("status", all_but(Status.REQUESTED))
def test_reject_needs_a_request(manager, session, status):
    enrollment = enrollment_in(session, status)
    assert_refused(
        "invalid_transition",
        "Only a requested enrollment can be rejected.",
        services.enrollment_reject,
        enrollment=enrollment,
        rejected_by=manager,
    )


@pytest.mark.parametrize(
    "status", all_but(Status.REQUESTED, Status.ENROLLED, Status.WAITLISTED)
)
def test_withdraw_needs_a_live_place(hr, session, status):
    enrollment = enrollment_in(session, status)
    assert_refused(
        "invalid_transition",
        "Only a requested, enrolled or waitlisted enrollment can be withdrawn.",
        services.enrollment_withdraw,
        enrollment=enrollment,
        withdrawn_by=hr,
    )


@pytest.mark.parametrize("attended", [True, False])
@pytest.mark.parametrize("status", all_but(Status.ENROLLED))
def test_attendance_needs_an_enrolled_participant(session, status, attended):
    enrollment = enrollment_in(session, status)
    assert_refused(
        "invalid_transition",
        "Attendance can only be recorded for an enrolled participant.",
        services.enrollment_record_attendance,
        enrollment=enrollment,
        attended=attended,
    )


@pytest.mark.parametrize("status", all_but(Status.ATTENDED))
def test_complete_needs_attendance(session, status):
    enrollment = enrollment_in(session, status)
    assert_refused(
        "invalid_transition",
        "Only an attended enrollment can be completed.",
        services.enrollment_complete,
        enrollment=enrollment,
    )


def test_a_stale_instance_is_checked_against_the_database(manager, session):
    enrollment = enrollment_in(session, Status.REQUESTED)
    stale = Enrollment.objects.get(pk=enrollment.pk)
    services.enrollment_reject(enrollment=enrollment, rejected_by=manager)
    assert_refused(
        "invalid_transition",
        "Only a requested enrollment can be approved.",
        services.enrollment_approve,
        enrollment=stale,
        approved_by=manager,
    )
    assert stale.status == Status.REJECTED


# --- closed sessions ----------------------------------------------------------
PLACEMENTS = [
    (services.enrollment_enroll, "enrolled_by"),
    (services.enrollment_request, "requested_by"),
]


@pytest.mark.parametrize("place,actor_arg", PLACEMENTS)
def test_a_cancelled_session_is_closed(hr, employee, place, actor_arg):
    session = session_with(is_cancelled=True, cancelled_at=timezone.now())
    assert_refused(
        "session_closed",
        "This session has been cancelled.",
        place,
        employee=employee,
        session=session,
        **{actor_arg: hr},
    )


@pytest.mark.parametrize("place,actor_arg", PLACEMENTS)
def test_a_started_session_is_closed(hr, employee, place, actor_arg):
    session = started(session_with())
    assert_refused(
        "session_closed",
        "This session has already started.",
        place,
        employee=employee,
        session=session,
        **{actor_arg: hr},
    )


@pytest.mark.parametrize("place,actor_arg", PLACEMENTS)
def test_a_session_past_its_deadline_is_closed(hr, employee, place, actor_arg):
    yesterday = timezone.localdate() - timedelta(days=1)
    session = session_with(enrollment_deadline=yesterday)
    assert_refused(
        "session_closed",
        "The enrollment deadline for this session has passed.",
        place,
        employee=employee,
        session=session,
        **{actor_arg: hr},
    )


def test_the_deadline_day_itself_is_open(hr, employee):
    session = session_with(enrollment_deadline=timezone.localdate())
    enrollment = services.enrollment_enroll(
        employee=employee, session=session, enrolled_by=hr
    )
    assert enrollment.status == Status.ENROLLED


def test_approve_is_refused_once_the_session_started(manager, session):
    request = enrollment_in(session, Status.REQUESTED)
    started(session)
    assert_refused(
        "session_closed",
        "This session has already started.",
        services.enrollment_approve,
        enrollment=request,
        approved_by=manager,
    )


def test_a_request_made_in_time_may_be_approved_after_the_deadline(manager, session):
    request = enrollment_in(session, Status.REQUESTED)
    session.enrollment_deadline = timezone.localdate() - timedelta(days=1)
    session.save()
    approved = services.enrollment_approve(enrollment=request, approved_by=manager)
    assert approved.status == Status.ENROLLED


# --- duplicates and inactive employees -------------------------------------
@pytest.mark.parametrize(
    "place,actor_arg",
    [*PLACEMENTS, (services.enrollment_create, "actor")],
)
@pytest.mark.parametrize("live", Status.values)
def test_one_live_enrollment_per_course(hr, employee, session, place, actor_arg, live):
    other_session = factories.CourseSessionFactory(course=session.course)
    enrollment_in(other_session, live, employee=employee)
    actor = employee.user if actor_arg == "requested_by" else hr
    if live in ("requested", "enrolled", "waitlisted", "attended"):
        assert_refused(
            "duplicate_enrollment",
            "The employee already has an active enrollment for this course.",
            place,
            employee=employee,
            session=session,
            **{actor_arg: actor},
        )
    else:
        # An ended enrollment (rejected, withdrawn, no-show, ...) allows a new one.
        place(employee=employee, session=session, **{actor_arg: actor})
        assert employee.enrollments.live().count() == 1


@pytest.mark.parametrize(
    "place,actor_arg",
    [*PLACEMENTS, (services.enrollment_create, "actor")],
)
def test_an_inactive_employee_is_refused(hr, employee, session, place, actor_arg):
    employee.is_active = False
    employee.save()
    assert_refused(
        "employee_inactive",
        "The employee is no longer active.",
        place,
        employee=employee,
        session=session,
        **{actor_arg: hr},
    )


def test_an_inactive_employee_is_refused_on_approve(manager, employee, session):
    request = enrollment_in(session, Status.REQUESTED, employee=employee)
    employee.is_active = False
    employee.save()
    assert_refused(
        "employee_inactive",
        "The employee is no longer active.",
        services.enrollment_approve,
        enrollment=request,
        approved_by=manager,
    )


def test_an_inactive_employee_requesting_for_themself(employee, session):
    employee.is_active = False
    employee.save()
    assert_refused(
        "employee_inactive",
        "The employee is no longer active.",
        services.enrollment_create,
        employee=employee,
        session=session,
        actor=employee.user,
    )
