"""The domain-event dispatcher: in-transaction and after-commit subscribers."""

import pytest
from django.db import transaction

from employees import services
from employees.events import Event, employee_created
from employees.models import Employee, JobRole
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def subscribed():
    """Subscribe handlers for one test and take them away afterwards."""
    added = []

    def subscribe(event, handler, **kwargs):
        event.subscribe(handler, **kwargs)
        added.append((event, handler))

    yield subscribe
    for event, handler in added:
        event.unsubscribe(handler)


def new_employee(department, number="7001"):
    return services.employee_create(
        department=department, employee_number=number, name="Ny Medarbejder"
    )


def test_an_in_transaction_subscriber_commits_with_the_change(department, subscribed):
    def write(event, employee, **extra):
        JobRole.objects.create(
            municipality_id=employee.municipality_id, name=f"for {employee.pk}"
        )

    subscribed(employee_created, write)
    employee = new_employee(department)
    assert JobRole.objects.filter(name=f"for {employee.pk}").exists()


def test_an_in_transaction_subscriber_rolls_back_with_the_change(
    department, subscribed
):
    def write(event, employee, **extra):
        JobRole.objects.create(municipality_id=employee.municipality_id, name="x")

    subscribed(employee_created, write)
    with pytest.raises(RuntimeError), transaction.atomic():
        new_employee(department)
        raise RuntimeError("the request failed later")
    assert not JobRole.objects.exists()
    assert not Employee.objects.exists()


def test_a_failing_in_transaction_subscriber_undoes_the_change(department, subscribed):
    def refuse(event, **payload):
        raise RuntimeError("the outbox is full")

    subscribed(employee_created, refuse)
    with pytest.raises(RuntimeError):
        new_employee(department)
    assert not Employee.objects.exists()


def test_an_after_commit_subscriber_waits_for_the_commit(department, subscribed):
    seen = []
    subscribed(
        employee_created,
        lambda event, employee, **extra: seen.append(employee.pk),
        after_commit=True,
    )
    with transaction.atomic():
        employee = new_employee(department)
        assert seen == []
    assert seen == [employee.pk]


def test_an_after_commit_subscriber_never_hears_of_a_rollback(department, subscribed):
    seen = []
    subscribed(employee_created, lambda event, **p: seen.append(p), after_commit=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        new_employee(department)
        raise RuntimeError("the request failed later")
    assert seen == []


def test_a_failing_after_commit_subscriber_spares_the_others(
    department, subscribed, caplog
):
    seen = []

    def broken(event, **payload):
        raise ConnectionError("the mail server is down")

    subscribed(employee_created, broken, after_commit=True)
    subscribed(employee_created, lambda event, **p: seen.append(1), after_commit=True)
    employee = new_employee(department)
    assert Employee.objects.filter(pk=employee.pk).exists()
    assert seen == [1]
    assert "employee_created failed" in caplog.text


def test_an_event_name_is_declared_once():
    with pytest.raises(ValueError):
        Event("employee_created", "again")


def test_every_event_of_design_8_is_declared():
    # The workflow events DESIGN §8 names, except those of later features.
    later = {"requirement_due", "requirement_overdue", "badge_issued"}
    design = {
        "enrollment_requested",
        "enrollment_approved",
        "enrollment_rejected",
        "enrollment_enrolled",
        "enrollment_waitlisted",
        "enrollment_promoted",
        "enrollment_withdrawn",
        "session_changed",
        "session_cancelled",
        "practice_task_submitted",
        "practice_task_approved",
        "practice_task_returned",
        "enrollment_completed",
        "assessment_recorded",
    }
    assert design - later <= set(Event.registry)


def test_the_factory_writes_fire_no_events(department, events):
    # Test factories write rows directly: only services speak.
    factories.EmployeeFactory(department=department)
    assert events == []
