"""Large reports go to a background worker: queued, run, downloaded, expired."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from reports.models import ReportJob
from tests import factories
from tests.reports.conftest import workbook_of

PROGRESS = "/api/v1/reports/department-progress/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def large(settings, media, department):
    # Every scope counts as large, so the smallest organisation is queued.
    settings.REPORT_SYNC_MAX_EMPLOYEES = 0
    factories.EmployeeFactory(department=department, name="Birthe Holm")


def job_of(client, location):
    response = client.get(location)
    return response.status_code, (
        response.json() if response.status_code == 200 else None
    )


def run_worker():
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


# The worker closes database connections between tasks, so this test commits
# for real instead of running inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_a_large_report_is_queued_run_and_downloaded(
    digcomp, client, settings, large, hr, manager, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PROGRESS, {"from": "2026-01-01"})
    assert response.status_code == 202
    location = response["Location"]
    job = ReportJob.objects.get()
    assert location == f"/api/v1/reports/jobs/{job.pk}/"
    assert response.json() == {
        "id": job.pk,
        "state": "queued",
        "download": None,
        "detail": "",
    }
    assert job.expires_at - job.created_at == timedelta(hours=24)

    client.force_login(manager)
    assert client.get(location).status_code == 404

    run_worker()
    client.force_login(hr)
    status, body = job_of(client, location)
    assert (status, body["state"]) == (200, "done")
    assert body["download"].endswith(f"/api/v1/reports/jobs/{job.pk}/download/")
    workbook, _content = workbook_of(client.get(body["download"]))
    assert "Birthe Holm" in {
        row[0] for row in workbook.worksheets[4].iter_rows(values_only=True)
    }

    client.force_login(manager)
    assert client.get(body["download"]).status_code == 404

    ReportJob.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(hr)
    assert client.get(location).status_code == 404
    assert client.get(body["download"]).status_code == 404


def test_locally_a_job_runs_in_process(
    client, large, hr, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PROGRESS)
    assert response.status_code == 202
    status, body = job_of(client, response["Location"])
    assert body["state"] == "done"
    assert client.get(body["download"]).status_code == 200


def test_a_failing_report_says_so(
    client, large, hr, monkeypatch, django_capture_on_commit_callbacks
):
    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("reports.services._write_department_progress", explode)
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PROGRESS)
    status, body = job_of(client, response["Location"])
    assert body["state"] == "failed"
    assert body["download"] is None
    assert body["detail"]


def test_daily_retention_deletes_expired_reports_and_their_files(
    client, large, hr, media, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(PROGRESS)
        client.get(PROGRESS, {"from": "2026-01-01"})
    expired, live = ReportJob.objects.order_by("pk")
    expired_file = media / expired.file.name
    assert expired_file.exists()
    ReportJob.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 expired report(s) would be deleted" in out.getvalue()
    assert ReportJob.objects.count() == 2

    with translation.override("en"):
        call_command("apply_retention", stdout=out)
    assert "Deleted 1 expired report(s)." in out.getvalue()
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [live.pk]
    assert not expired_file.exists()
    assert (media / live.file.name).exists()
