"""The figures cache (reports.figures.cache): served again while nothing the
figures count has changed, never after a committed write to it.

These tests commit (``transaction=True``), since the cache hears of writes
only after commit, and switch the cache on (the suite runs with it off).
"""

import io
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competences.models import Assessment, LadderStage
from competences.services import assessment_record
from courses.models import Enrollment
from reports.figures import cache as cache_module
from reports.figures import department_figures
from tests import factories
from tests.api.conftest import session_client
from tests.factories import competence

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/progress/departments/"


@pytest.fixture(autouse=True)
def cache_on(settings, digcomp):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()  # entries and tokens of earlier tests that committed
    yield
    cache.clear()


@pytest.fixture
def role(municipality):
    role = factories.JobRoleFactory(municipality=municipality)
    factories.RoleCompetenceFactory(
        role=role, competence=competence("1.1"), target_level=4
    )
    return role


@pytest.fixture
def staff(department, role):
    return factories.EmployeeFactory.create_batch(
        3, department=department, job_role=role
    )


def figures(user, department):
    (row, *_rest) = department_figures(user=user, department=department)
    return row


def counted(user, department) -> tuple[dict, bool]:
    """The department's figures and whether the levels were counted anew."""
    with CaptureQueriesContext(connection) as queries:
        row = figures(user, department)
    return row, any("per_emp" in query["sql"] for query in queries)


def fresh(user, department) -> dict:
    """The same figures with the cache off: what a cached answer must equal."""
    seconds, settings.FIGURES_CACHE_SECONDS = settings.FIGURES_CACHE_SECONDS, 0
    try:
        return figures(user, department)
    finally:
        settings.FIGURES_CACHE_SECONDS = seconds


def test_figures_are_served_again_until_something_changes(hr, department, staff):
    first, counted_first = counted(hr, department)
    again, counted_again = counted(hr, department)
    assert counted_first and not counted_again
    assert again == first == fresh(hr, department)


def test_a_write_in_another_municipality_keeps_them(
    hr, department, staff, other_municipality
):
    elsewhere = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    counted(hr, department)
    assessment_record(
        employee=elsewhere,
        competence=competence("1.1"),
        level=6,
        source=Assessment.Source.MANAGER,
    )
    _row, recounted = counted(hr, department)
    assert not recounted


def test_an_assessment_through_the_api_is_counted_at_once(
    hr, manager, department, staff
):
    before, _ = counted(hr, department)
    response = session_client(manager).post(
        "/api/v1/assessments/",
        {"employee": staff[0].pk, "competence": "1.1", "level": 6},
        format="json",
    )
    assert response.status_code == 201
    after, recounted = counted(hr, department)
    assert recounted
    assert after["target_met_share"] > before["target_met_share"]
    assert after == fresh(hr, department)


def test_a_completed_course_is_counted_at_once(hr, manager, department, staff):
    enrollment = factories.EnrollmentFactory(
        employee=staff[1], status=Enrollment.Status.ATTENDED
    )
    before, _ = counted(hr, department)
    response = session_client(manager).post(
        f"/api/v1/enrollments/{enrollment.pk}/complete/", format="json"
    )
    assert response.status_code == 200, response.content
    after, recounted = counted(hr, department)
    assert recounted
    assert after["completions"] == before["completions"] + 1
    assert after == fresh(hr, department)


def test_a_deactivated_employee_leaves_the_headcount(hr, department, staff):
    before, _ = counted(hr, department)
    response = session_client(hr).patch(
        f"/api/v1/employees/{staff[2].pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200, response.content
    after, _ = counted(hr, department)
    assert (
        after["headcount"]
        == before["headcount"] - 1
        == fresh(hr, department)["headcount"]
    )


def test_a_changed_role_profile_is_counted_at_once(hr, department, staff, role):
    factories.AssessmentFactory(
        employee=staff[0], competence=competence("1.1"), level=5
    )
    before, _ = counted(hr, department)
    response = session_client(hr).put(
        f"/api/v1/roles/{role.pk}/",
        {
            "name": role.name,
            "profile": [{"competence": "1.1", "target_level": 7}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    after, recounted = counted(hr, department)
    assert recounted
    assert after["target_met_share"] < before["target_met_share"]
    assert after == fresh(hr, department)


def test_a_changed_ladder_is_counted_at_once(hr, department, staff):
    factories.AssessmentFactory(
        employee=staff[0], competence=competence("1.1"), level=5
    )
    before, _ = counted(hr, department)
    stage = LadderStage.objects.order_by("-min_level").first()
    stage.min_level = stage.min_level - 1
    stage.save()
    _after, recounted = counted(hr, department)
    assert recounted


def test_levels_written_past_the_services_are_counted_after_a_rebuild(
    hr, department, staff
):
    before, _ = counted(hr, department)
    # As a generator writes: in bulk, no services, no events.
    Assessment.objects.bulk_create(
        Assessment(
            employee=person,
            competence=competence("1.1"),
            level=8,
            source=Assessment.Source.MANAGER,
            assessed_at=timezone.now() - timedelta(hours=1),
        )
        for person in staff
    )
    call_command("rebuild_current_levels", stdout=io.StringIO())
    after, recounted = counted(hr, department)
    assert recounted
    assert after["target_met_share"] == 1.0 != before["target_met_share"]


def test_a_rolled_back_write_changes_nothing_and_is_served_again(hr, department, staff):
    counted(hr, department)
    with pytest.raises(RuntimeError), transaction.atomic():
        assessment_record(
            employee=staff[0],
            competence=competence("1.1"),
            level=8,
            source=Assessment.Source.MANAGER,
        )
        raise RuntimeError("rolled back")
    row, recounted = counted(hr, department)
    assert not recounted
    assert row == fresh(hr, department)


def test_a_write_committed_while_counting_is_not_served_afterwards(
    hr, department, staff, monkeypatch
):
    """The tightest interleaving, forced: a reader's counting query has taken
    its snapshot when a writer commits. The reader may still store what it
    counted, but no read after the commit may be served it."""
    real_fetch = cache_module.fetch

    def fetch_then_write(query):
        rows = real_fetch(query)
        if "per_emp" in query.text and not wrote:
            wrote.append(True)
            writer = threading.Thread(target=write_elsewhere)
            writer.start()
            writer.join(timeout=30)
        return rows

    def write_elsewhere():
        try:
            assessment_record(
                employee=staff[0],
                competence=competence("1.1"),
                level=7,
                source=Assessment.Source.MANAGER,
            )
        finally:
            connection.close()

    wrote: list = []
    monkeypatch.setattr(cache_module, "fetch", fetch_then_write)
    during = figures(hr, department)
    after = figures(hr, department)
    assert wrote
    assert after != during
    assert after == fresh(hr, department)


@pytest.mark.postgres
def test_no_read_after_a_write_misses_it_under_concurrency(hr, department, staff):
    """One writer raises levels one commit at a time while readers read the
    figures over and over. A read that starts after a write has returned must
    count it: its level sum is at least the one the writer had reached."""
    writes = 12
    done = [0]
    problems = []
    stop = threading.Event()

    def write():
        try:
            for step in range(1, writes + 1):
                assessment_record(
                    employee=staff[step % len(staff)],
                    competence=competence("1.1"),
                    level=min(8, 1 + step // len(staff)),
                    source=Assessment.Source.MANAGER,
                )
                done[0] = step
        except Exception as error:
            problems.append(error)
        finally:
            stop.set()
            connection.close()

    def read():
        try:
            while not stop.is_set():
                reached = done[0]
                expected = round(expected_sums[reached] / len(staff), 2)
                row = figures(hr, department)
                if row["mean_level"] < expected:
                    problems.append((reached, row["mean_level"], expected))
        except Exception as error:
            problems.append(error)
        finally:
            connection.close()

    expected_sums = _level_sums(writes, len(staff))
    threads = [threading.Thread(target=write)] + [
        threading.Thread(target=read) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert problems == []
    assert figures(hr, department) == fresh(hr, department)


def _level_sums(writes: int, people: int) -> list[int]:
    """The sum of overall levels after each write of the writer above (the
    role's profile holds one competence, so overall = that level)."""
    levels = [0] * people
    sums = [0]
    for step in range(1, writes + 1):
        levels[step % people] = min(8, 1 + step // people)
        sums.append(sum(levels))
    return sums
