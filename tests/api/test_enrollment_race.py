"""The last seat under concurrent HTTP requests (PostgreSQL, real threads)."""

import threading
from collections import Counter

import pytest
from django.db import connection

from courses.models import Enrollment
from tests import factories
from tests.api.conftest import session_client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 20


def post_all(user, requests) -> list[tuple[int, dict]]:
    """POST every (url, body) at once, one client and connection per thread."""
    barrier = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def run(index, url, body):
        client = session_client(user)
        try:
            barrier.wait(timeout=30)
            response = client.post(url, body, format="json")
            answers[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, url, body))
        for index, (url, body) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return answers


def test_twenty_requests_for_the_last_seat(digcomp, hr, department):
    session = factories.CourseSessionFactory(capacity=1)
    employees = factories.EmployeeFactory.create_batch(THREADS, department=department)
    requests = [
        ("/api/v1/enrollments/", {"employee": e.pk, "session": session.pk})
        for e in employees
    ]

    answers = post_all(hr, requests)

    assert [code for code, _body in answers] == [201] * THREADS
    assert Counter(body["status"] for _code, body in answers) == {
        "enrolled": 1,
        "waitlisted": THREADS - 1,
    }
    waiting = session.enrollments.filter(status=Enrollment.Status.WAITLISTED)
    earliest = waiting.order_by("waitlisted_at", "id").first()
    seated = session.enrollments.get(status=Enrollment.Status.ENROLLED)

    client = session_client(hr)
    withdrawn = client.post(f"/api/v1/enrollments/{seated.pk}/withdraw/")
    assert withdrawn.json()["status"] == "withdrawn"
    promoted = client.get(f"/api/v1/enrollments/{earliest.pk}/").json()
    assert promoted["status"] == "enrolled"
    assert session.enrollments.filter(status="enrolled").count() == 1

    again = client.post(
        "/api/v1/enrollments/",
        {"employee": earliest.employee_id, "session": session.pk},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_enrollment"


def test_the_same_employee_sent_five_times_at_once(digcomp, hr, employee):
    session = factories.CourseSessionFactory(capacity=3)
    body = {"employee": employee.pk, "session": session.pk}

    answers = post_all(hr, [("/api/v1/enrollments/", body)] * 5)

    assert sorted(code for code, _body in answers) == [201, 409, 409, 409, 409]
    assert session.enrollments.count() == 1
