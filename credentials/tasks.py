"""Background tasks (django-tasks): in-process locally, ``db_worker`` in production."""

from django_tasks import task

from credentials import services
from credentials.models import Badge


@task()
def badge_sign_task(badge_id: int) -> None:
    badge = Badge.objects.filter(pk=badge_id).first()
    if badge is not None:  # the award rolled back in the meantime
        services.badge_sign(badge=badge)
