"""Waitlist by need (DESIGN §9): deterministic, and race-safe on PostgreSQL."""

import pytest

from courses import services
from courses.models import CourseSession, Enrollment
from courses.waitlist import waiting
from tests import factories
from tests.courses.test_race import THREADS, race, statuses
from tests.courses.workflow import session_with

Status = Enrollment.Status


def assess(employee, level):
    factories.AssessmentFactory(
        employee=employee, competence=factories.competence("1.3"), level=level
    )


@pytest.mark.django_db
def test_need_orders_by_gap_then_first_come(hr, department):
    session = session_with(capacity=1, outcomes=[("1.3", 2, 5)])
    session.waitlist_order = CourseSession.WaitlistOrder.NEED
    session.save()
    seated, near, far, far_later = factories.EmployeeFactory.create_batch(
        4, department=department
    )
    assess(near, 4)
    assess(far, 1)
    assess(far_later, 1)
    for person in (seated, near, far, far_later):
        services.enrollment_enroll(employee=person, session=session, enrolled_by=hr)
    order = [e.employee for e in waiting(session)]
    assert order == [far, far_later, near]
    services.enrollment_withdraw(
        enrollment=session.enrollments.get(employee=seated), withdrawn_by=hr
    )
    assert session.enrollments.get(employee=far).status == Status.ENROLLED


@pytest.mark.django_db
def test_fifo_stays_the_default(hr, department):
    session = session_with(capacity=0, outcomes=[("1.3", 2, 5)])
    first, second = factories.EmployeeFactory.create_batch(2, department=department)
    assess(first, 4)
    for person in (first, second):
        services.enrollment_enroll(employee=person, session=session, enrolled_by=hr)
    assert [e.employee for e in waiting(session)] == [first, second]


@pytest.mark.django_db
def test_overdue_requirement_goes_first(hr, department, forvaltning):
    from datetime import date

    from obligations import services as obligations

    session = session_with(capacity=0, outcomes=[("1.3", 2, 5)])
    session.waitlist_order = CourseSession.WaitlistOrder.NEED
    session.save()
    big_gap, overdue = factories.EmployeeFactory.create_batch(2, department=department)
    overdue.department = factories.DepartmentFactory(parent=forvaltning)
    overdue.save()
    assess(overdue, 4)
    obligations.requirement_create(
        actor=hr,
        name="Pligt",
        kind="course",
        courses=[session.course],
        departments=[overdue.department],
        due_on=date(2025, 1, 1),
        effective_from=date(2024, 1, 1),
    )
    for person in (big_gap, overdue):
        services.enrollment_enroll(employee=person, session=session, enrolled_by=hr)
    assert [e.employee for e in waiting(session)] == [overdue, big_gap]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_placements_and_withdrawals_keep_capacity_and_need_order(
    digcomp, hr, department
):
    session = session_with(capacity=2, outcomes=[("1.3", 1, 6)])
    session.waitlist_order = CourseSession.WaitlistOrder.NEED
    session.save()
    people = factories.EmployeeFactory.create_batch(THREADS, department=department)
    for index, person in enumerate(people):
        assess(person, 1 + index % 5)

    errors = race(
        lambda person: services.enrollment_enroll(
            employee=person, session=session, enrolled_by=hr
        ),
        people,
    )
    assert errors == []
    assert statuses(session) == {"enrolled": 2, "waitlisted": THREADS - 2}

    seated = list(session.enrollments.filter(status=Status.ENROLLED))
    expected = [e.employee_id for e in waiting(session)][:2]
    errors = race(
        lambda enrollment: services.enrollment_withdraw(
            enrollment=enrollment, withdrawn_by=hr
        ),
        seated,
    )
    assert errors == []
    assert statuses(session)["enrolled"] == 2
    promoted = set(
        session.enrollments.filter(status=Status.ENROLLED).values_list(
            "employee_id", flat=True
        )
    )
    assert promoted == set(expected)


@pytest.mark.django_db
def test_the_roster_page_shows_the_place_in_line(client, hr, department):
    from django.urls import reverse

    session = session_with(capacity=0, outcomes=[("1.3", 2, 5)])
    session.waitlist_order = CourseSession.WaitlistOrder.NEED
    session.save()
    near, far = factories.EmployeeFactory.create_batch(2, department=department)
    assess(near, 4)
    for person in (near, far):
        services.enrollment_enroll(employee=person, session=session, enrolled_by=hr)
    client.force_login(hr)
    page = client.get(
        reverse("session_roster", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "By need" in page
    row_of_far = page[page.index(far.name) :]
    assert "no. 1 in line" in row_of_far[: row_of_far.index("</tr>")]
    row_of_near = page[page.index(near.name) :]
    assert "no. 2 in line" in row_of_near[: row_of_near.index("</tr>")]
