"""Capacity holds under concurrency (PostgreSQL, real threads, real transactions).

Each thread has its own database connection, so the requests truly overlap;
the barrier releases them together to make the race as tight as possible.
"""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses import services
from courses.models import Enrollment
from tests import factories
from tests.courses.workflow import session_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Enrollment.Status
THREADS = 20


def race(work, items) -> list:
    """Run ``work(item)`` for every item at once; return errors other than refusals."""
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait(timeout=30)
            work(item)
        except ValidationError:
            pass
        except Exception as error:  # anything but a refusal fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def statuses(session) -> Counter:
    return Counter(session.enrollments.values_list("status", flat=True))


def test_twenty_enrollments_race_for_one_seat(digcomp, hr, department):
    session = session_with(capacity=1)
    employees = factories.EmployeeFactory.create_batch(THREADS, department=department)

    errors = race(
        lambda employee: services.enrollment_enroll(
            employee=employee, session=session, enrolled_by=hr
        ),
        employees,
    )

    assert errors == []
    assert statuses(session) == {"enrolled": 1, "waitlisted": THREADS - 1}
    waiting = session.enrollments.filter(status=Status.WAITLISTED)
    earliest = waiting.order_by("waitlisted_at", "id").first()
    seated = session.enrollments.get(status=Status.ENROLLED)
    assert all(e.waitlisted_at >= seated.decided_at for e in waiting)

    services.enrollment_withdraw(enrollment=seated, withdrawn_by=hr)

    earliest.refresh_from_db()
    assert earliest.status == Status.ENROLLED
    assert statuses(session) == {
        "enrolled": 1,
        "waitlisted": THREADS - 2,
        "withdrawn": 1,
    }


def test_twenty_approvals_race_for_one_seat(digcomp, manager, department):
    session = session_with(capacity=1)
    requests = [
        factories.EnrollmentFactory(session=session, status=Status.REQUESTED)
        for _ in range(THREADS)
    ]

    errors = race(
        lambda request: services.enrollment_approve(
            enrollment=request, approved_by=manager
        ),
        requests,
    )

    assert errors == []
    assert statuses(session) == {"enrolled": 1, "waitlisted": THREADS - 1}


def test_one_employee_racing_into_every_session_of_a_course(digcomp, hr, employee):
    course = factories.CourseFactory()
    sessions = factories.CourseSessionFactory.create_batch(10, course=course)
    refused = []

    def enroll(session):
        try:
            services.enrollment_enroll(
                employee=employee, session=session, enrolled_by=hr
            )
        except ValidationError as error:
            refused.append(error.code)
            raise

    errors = race(enroll, sessions)

    assert errors == []
    assert refused == ["duplicate_enrollment"] * 9
    assert Enrollment.objects.filter(employee=employee).live().count() == 1


def test_withdrawals_and_enrollments_never_overfill(digcomp, hr, department):
    session = session_with(capacity=5)
    seated = factories.EnrollmentFactory.create_batch(
        5, session=session, status=Status.ENROLLED
    )
    newcomers = factories.EmployeeFactory.create_batch(15, department=department)

    def act(item):
        if isinstance(item, Enrollment):
            services.enrollment_withdraw(enrollment=item, withdrawn_by=hr)
        else:
            services.enrollment_enroll(employee=item, session=session, enrolled_by=hr)

    errors = race(act, [*seated, *newcomers])

    assert errors == []
    assert statuses(session) == {"enrolled": 5, "waitlisted": 10, "withdrawn": 5}
