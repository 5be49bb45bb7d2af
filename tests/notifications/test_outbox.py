"""The outbox with the production task backend (the database): the request
writes the notification and its task in its own transaction, and the worker
renders the mail in the recipient's language and sends it once
(notifications.rendering, notifications.delivery.queue)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from courses import services
from notifications.models import Kind, Notification, State
from tests import factories
from tests.notifications.conftest import prefer, subject, text_of

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def request(employee):
    return services.enrollment_request(
        employee=employee,
        session=factories.CourseSessionFactory(course__title="Journalføring"),
        requested_by=employee.user,
    )


# The worker's own transactions must see the request's commit, so the test
# commits for real instead of running inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_the_request_queues_and_the_worker_renders_and_sends(
    settings, smtp, employee, manager
):
    settings.TASKS = DB_TASKS
    prefer(manager, language="en")
    request(employee)

    row = Notification.objects.get(recipient=manager)
    assert (row.kind, row.state, row.subject, row.body_text) == (
        Kind.ENROLLMENT_REQUESTED,
        State.PENDING,
        "",
        "",
    )
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [[row.pk]]
    assert smtp.mails == []

    run_worker()
    row.refresh_from_db()
    assert row.state == State.SENT
    assert (row.builder, row.context) == ("", None)
    (mail,) = smtp.mails
    assert subject(mail) == "Anna Jensen asks for a seat: Journalføring"
    assert "Approve or reject" in text_of(mail)
    run_worker()
    assert len(smtp.mails) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_request_leaves_no_task(settings, smtp, employee, manager):
    settings.TASKS = DB_TASKS
    with pytest.raises(RuntimeError), transaction.atomic():
        request(employee)
        raise RuntimeError
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_list_shows_a_notification_its_task_has_not_rendered(
    settings, client, employee, manager
):
    settings.TASKS = DB_TASKS
    request(employee)
    client.force_login(manager)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Anna Jensen beder om en plads: Journalføring" in page
    assert Notification.objects.get(recipient=manager).builder == ""


@pytest.mark.django_db
def test_the_task_row_is_the_one_the_backends_enqueue_writes(settings):
    """The request writes the task's row itself (one INSERT); it must hold
    what django-tasks-db's own enqueue would, or its worker would not run it
    the same way."""
    from notifications import delivery
    from notifications.tasks import deliver_notifications

    settings.TASKS = DB_TASKS
    deliver_notifications.enqueue([1, 2])
    with transaction.atomic():
        delivery.queue([1, 2])
    ours, theirs = (
        DBTaskResult.objects.values().get(pk=row.pk)
        for row in DBTaskResult.objects.order_by("-enqueued_at", "-pk")[:2]
    )
    for row in (ours, theirs):
        del row["id"], row["enqueued_at"]
    assert ours == theirs
    assert ours["args_kwargs"] == {"args": [[1, 2]], "kwargs": {}}
