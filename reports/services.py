"""Making reports: gather rows through figures and selectors, hand them to a builder.

Large scopes are made by a background worker (django-tasks): ``report_request``
answers either a finished file or a queued ``ReportJob``.
"""

import logging
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from api.links import absolute_url
from competences.ladder import ladder
from competences.levels import employee_levels
from competences.selectors import assessment_history
from employees.access import access_for
from employees.models import Department, EmployeeAccessLog, JobRole
from employees.selectors import employee_list
from employees.services import employee_access_log
from reports import figures, selectors
from reports.excel.activity import course_activity_workbook
from reports.excel.employee import employee_workbook
from reports.excel.progress import department_progress_workbook
from reports.figures.period import Period
from reports.figures.scope import lead_scope, measured
from reports.models import ReportJob

logger = logging.getLogger(__name__)
Kind = ReportJob.Kind


@dataclass
class ReportRequest:
    """What to report on: ``department`` and ``role`` are ids or None."""

    kind: str
    department: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    role: int | None = None
    employee: int | None = None

    @property
    def period(self) -> Period:
        return figures.period_for(self.date_from, self.date_to)

    def as_json(self) -> dict:
        period = self.period if self.kind != Kind.EMPLOYEE else None
        return {
            "department": self.department,
            "from": period.date_from.isoformat() if period else None,
            "to": period.date_to.isoformat() if period else None,
            "role": self.role,
            "employee": self.employee,
        }

    @classmethod
    def from_json(cls, kind: str, data: dict) -> "ReportRequest":
        def day(value):
            return date.fromisoformat(value) if value else None

        return cls(
            kind=kind,
            department=data.get("department"),
            date_from=day(data.get("from")),
            date_to=day(data.get("to")),
            role=data.get("role"),
            employee=data.get("employee"),
        )


def report_filename(request: ReportRequest) -> str:
    names = {
        Kind.DEPARTMENT_PROGRESS: "kyndig-department-progress",
        Kind.COURSE_ACTIVITY: "kyndig-course-activity",
        Kind.EMPLOYEE: f"kyndig-employee-{request.employee}",
    }
    return f"{names[request.kind]}-{timezone.localdate().isoformat()}.xlsx"


def report_size(*, user, request: ReportRequest) -> int:
    """Employees the report covers; 404 for a department out of scope."""
    if request.kind == Kind.EMPLOYEE:
        return 1
    scope = access_for(user).figure_scope(request.department)
    return measured(scope, request.role).count()


def report_write(*, user, request: ReportRequest, out) -> None:
    """Write the report's workbook to ``out`` (a path or binary file)."""
    writers = {
        Kind.DEPARTMENT_PROGRESS: _write_department_progress,
        Kind.COURSE_ACTIVITY: _write_course_activity,
        Kind.EMPLOYEE: _write_employee,
    }
    writers[request.kind](user=user, request=request, out=out)


def _parameters(user, request: ReportRequest, title: str) -> list[tuple]:
    rows = [(_("Report"), title)]
    if request.kind != Kind.EMPLOYEE:
        department = Department.objects.filter(pk=request.department or 0).first()
        role = JobRole.objects.filter(pk=request.role or 0).first()
        period = request.period
        rows += [
            (
                _("Department"),
                str(department) if department else _("Every department you can see"),
            ),
            (_("From"), period.date_from),
            (_("To"), period.date_to),
            (_("Job role"), role.name if role else _("All job roles")),
        ]
    return rows + [
        (_("Made at"), timezone.now()),
        (_("Made by"), user.get_username()),
        (_("Language"), translation.get_language() or settings.LANGUAGE_CODE),
        (_("Assessments count for (days)"), settings.COMPETENCE_VALIDITY_DAYS),
    ]


def _write_department_progress(*, user, request: ReportRequest, out) -> None:
    period = request.period
    summary, matrix = figures.department_report(
        user=user,
        department=request.department,
        date_from=period.date_from,
        date_to=period.date_to,
        role=request.role,
    )
    lead = lead_scope(user=user, department=request.department)
    employees = (
        selectors.employee_rows(employees=measured(lead, request.role), end=period.end)
        if lead
        else None
    )
    department_progress_workbook(
        out=out,
        summary=summary,
        matrix=matrix,
        stages=ladder(),
        parameters=_parameters(user, request, _("Department progress")),
        employees=employees,
    )


def _write_course_activity(*, user, request: ReportRequest, out) -> None:
    scope = access_for(user).figure_scope(request.department)
    course_activity_workbook(
        out=out,
        sessions=selectors.session_rows(
            employees=scope.employees(), period=request.period
        ),
        parameters=_parameters(user, request, _("Course activity")),
    )


# The MUS sheet lists the newest assessments; years of history would bury them.
HISTORY_ROWS = 500


def _write_employee(*, user, request: ReportRequest, out) -> None:
    employee = employee_list(user=user, detail=True).get(pk=request.employee)
    # The sheet shows one person's record, like their page: log who looked.
    employee_access_log(
        viewer=user, employee=employee, channel=EmployeeAccessLog.Channel.EXPORT
    )
    competences = employee_levels(employee=employee)
    stage_names = {stage.code: stage.name for stage in ladder()}
    employee_workbook(
        out=out,
        competences=competences,
        stage_name=stage_names[competences.stage],
        history=list(assessment_history(employee=employee)[:HISTORY_ROWS]),
        suggestions=selectors.suggested_courses(user=user, competences=competences),
        parameters=_parameters(user, request, _("Employee competence sheet")),
        conversation_url=_conversation_url(user, employee),
    )


def _conversation_url(user, employee) -> str:
    """The appraisal-talk page, for a reader who may hold the talk."""
    if not access_for(user).can_assess(employee):
        return ""
    path = reverse("assessment_conversation", args=[employee.pk])
    return absolute_url(path)


# --- background jobs ------------------------------------------------------------


def report_job_create(*, user, request: ReportRequest) -> ReportJob:
    """Queue the report; the worker starts it once the job row is committed."""
    # Here, not at the top: the task module imports this one to run the job.
    from reports.tasks import report_job_run  # noqa: PLC0415

    report_job_purge()
    now = timezone.now()
    job = ReportJob.objects.create(
        requested_by=user,
        created_at=now,
        expires_at=now + timedelta(hours=settings.REPORT_JOB_TTL_HOURS),
        kind=request.kind,
        parameters=request.as_json(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: _enqueue(report_job_run, job.pk))
    return job


def _enqueue(task, job_id: int) -> None:
    result = task.enqueue(job_id)
    ReportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def report_job_run(*, job_id: int) -> None:
    """Make a queued job's report. Failures are recorded on the job, not raised."""
    claimed = ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(
        state=ReportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    request = ReportRequest.from_json(job.kind, job.parameters)
    try:
        with translation.override(job.language), tempfile.TemporaryFile() as out:
            report_write(user=job.requested_by, request=request, out=out)
            out.seek(0)
            job.file.save(report_filename(request), File(out), save=False)
    except Exception:
        # The job records the failure for its requester; the log keeps the
        # traceback (ids only, no personal data).
        logger.exception("Report job %s failed", job_id)
        job.state, job.detail = (
            ReportJob.State.FAILED,
            _("The report could not be made."),
        )
    else:
        job.state, job.detail = ReportJob.State.DONE, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "state", "detail", "finished_at"])


def report_job_purge() -> int:
    """Delete expired jobs and their files; answers how many went."""
    count = 0
    for job in ReportJob.objects.expired():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
