"""Background tasks (django-tasks): in-process locally, ``db_worker`` in production."""

from django_tasks import task

from reports import services


@task()
def report_job_run(job_id: int) -> None:
    services.report_job_run(job_id=job_id)
