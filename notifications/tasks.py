"""Background tasks (django-tasks): in-process locally, ``db_worker`` in production."""

from django_tasks import task

from notifications import delivery


@task()
def deliver_notifications(ids: list[int]) -> None:
    """Render the notifications of one transaction and send their mails."""
    delivery.deliver(ids)
