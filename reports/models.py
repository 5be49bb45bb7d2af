from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _default_expiry():
    return timezone.now() + timedelta(hours=settings.REPORT_JOB_TTL_HOURS)


class ReportJobQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now())

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def of(self, user):
        return self.filter(requested_by=user)


class ReportJob(models.Model):
    """A report made by a background worker; only its requester may fetch it."""

    class Kind(models.TextChoices):
        DEPARTMENT_PROGRESS = "department_progress", _("Department progress")
        COURSE_ACTIVITY = "course_activity", _("Course activity")
        EMPLOYEE = "employee", _("Employee competence sheet")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=10, default="da")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    detail = models.TextField(_("detail"), blank=True)
    # Stored under MEDIA_ROOT, which is never served directly: downloads go
    # through the API view that checks the requester.
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=_default_expiry)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "done", "failed"]),
                name="report_job_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="report_job_expiry")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.state})"


class SnapshotActivity(models.Model):
    """Per department and job role, for the day's snapshot of overall levels
    (``competences.levels.snapshot``): live enrollments, and completions and
    approved practice tasks of its period. Read for the departments the
    snapshot keeps; a write to a person's enrollments or tasks forgets their
    department there (``reports.subscribers``)."""

    # Plain ids: the snapshot belongs to competences, which knows nothing of
    # these rows; each refresh replaces them.
    snapshot_id = models.BigIntegerField()
    department_id = models.BigIntegerField()
    job_role_id = models.BigIntegerField(null=True)
    live = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()
    verified = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["snapshot_id", "department_id"], name="snapshot_activity"
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id}: {self.department_id}/{self.job_role_id}"
