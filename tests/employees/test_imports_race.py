"""Imports into one municipality at the same time (PostgreSQL, real threads).

Each thread has its own database connection, so the imports truly overlap; the
barrier releases them together to make the race as tight as possible.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from employees.imports import employee_import_run
from employees.models import Employee
from tests import factories
from tests.employees.imports_files import (
    csv_bytes,
    english,  # noqa: F401 (autouse)
)
from tests.employees.test_imports_api import upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROWS = [
    [str(1000 + n), f"Person {n}", f"p{n}@kommune.dk", "HJN", "SOSU", "", "", ""]
    for n in range(300)
]


def in_threads(work, count: int) -> tuple[list, list]:
    """Run ``work()`` in ``count`` threads at once; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except Exception as error:  # a 500 on any path fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_three_imports_of_one_file_create_once_and_then_find_it_unchanged(
    digcomp, hr, municipality, department
):
    data = csv_bytes(ROWS)

    reports, errors = in_threads(
        lambda: employee_import_run(
            data=data,
            filename="hr.csv",
            municipality=municipality,
            user=hr,
            dry_run=False,
        ),
        3,
    )

    assert errors == []
    assert all(report.applied for report in reports)
    counts = sorted(
        (report.counts["employees"]["create"], report.counts["employees"]["unchanged"])
        for report in reports
    )
    assert counts == [(0, 300), (0, 300), (300, 0)]
    assert Employee.objects.count() == 300


def _wait_until_a_query_waits_for_a_lock() -> None:
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


def test_an_employee_saved_behind_the_imports_back_is_a_409_conflict(
    digcomp, client, hr, department
):
    client.force_login(hr)
    created, release = threading.Event(), threading.Event()
    responses, errors = [], []

    def other_writer():
        # Saves employee 1001 and holds the transaction open until the import
        # waits on that row, then commits: the import's insert must fail.
        try:
            with transaction.atomic():
                factories.EmployeeFactory(employee_number="1001", department=department)
                created.set()
                release.wait(timeout=30)
        except Exception as error:
            errors.append(error)
        finally:
            created.set()
            connection.close()

    def importer():
        try:
            created.wait(timeout=30)
            responses.append(upload(client, csv_bytes(ROWS[:2]), dry_run="false"))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=other_writer), threading.Thread(target=importer)]
    for thread in threads:
        thread.start()
    created.wait(timeout=30)
    _wait_until_a_query_waits_for_a_lock()
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    [response] = responses
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "import_conflict"
    assert body["detail"] == (
        "Employees, departments or job roles of this municipality were changed "
        "while the file was being imported, so nothing was imported. Run the "
        "import again."
    )
    assert list(Employee.objects.values_list("employee_number", flat=True)) == ["1001"]
