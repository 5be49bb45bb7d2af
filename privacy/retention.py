"""Retention: anonymise employees whose employment ended long enough ago.

Only identifying data is replaced. The rows themselves, their department,
activity flag, assessments and enrollments stay, so department figures are
the same before and after.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from competences.models import Assessment
from courses.models import PracticeTaskSubmission
from employees.audit import audit_scrub
from employees.models import AccessGrant, Employee, EmployeeImport

ANONYMOUS_NAME = "Anonymiseret"
# Uploaded HR files hold personal data; they are only needed until confirmed.
IMPORT_UPLOAD_TTL = timedelta(days=1)


@dataclass
class RetentionResult:
    employees: int
    audit_entries: int
    uploads: int


def retention_due(*, today: date | None = None) -> QuerySet[Employee]:
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RETENTION_DAYS_AFTER_EMPLOYMENT)
    return Employee.objects.filter(
        anonymised_at__isnull=True, employment_end__lt=cutoff
    ).select_related("department")


def retention_apply(
    *, today: date | None = None, dry_run: bool = False
) -> RetentionResult:
    due = list(retention_due(today=today))
    # Applied imports keep their summary as history; their file is already gone.
    stale_uploads = EmployeeImport.objects.filter(
        applied_at__isnull=True, created_at__lt=timezone.now() - IMPORT_UPLOAD_TTL
    )
    if dry_run:
        return RetentionResult(len(due), 0, stale_uploads.count())
    scrubbed = 0
    for employee in due:
        scrubbed += employee_anonymise(employee=employee)
    uploads, _ = stale_uploads.delete()
    return RetentionResult(len(due), scrubbed, uploads)


@transaction.atomic
def employee_anonymise(*, employee: Employee) -> int:
    """Replace the person's identifying data; returns the audit entries scrubbed."""
    now = timezone.now()
    # Writes go through update(): a save() would make auditlog record the
    # old name and email in a fresh entry, the very thing being removed.
    with disable_auditlog():
        Employee.objects.filter(pk=employee.pk).update(
            name=ANONYMOUS_NAME,
            work_email="",
            employee_number=f"anon-{employee.pk}",
            user=None,
            anonymised_at=now,
            updated_at=now,
        )
        _anonymise_texts(employee)
        if employee.user_id:
            _anonymise_user(employee.user_id)
    scrubbed = audit_scrub(employee=employee)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Employee),
        object_pk=str(employee.pk),
        object_id=employee.pk,
        object_repr=f"#{employee.pk}",
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_at": ["None", now.isoformat()]},
        additional_data={
            "employee": employee.pk,
            "department_path": employee.department.path,
            "source": "retention",
        },
    )
    return scrubbed


def _anonymise_texts(employee: Employee) -> None:
    Assessment.objects.filter(employee=employee).exclude(note="").update(note="")
    PracticeTaskSubmission.objects.filter(enrollment__employee=employee).update(
        evidence="", review_note=""
    )


def _anonymise_user(user_id: int) -> None:
    User = get_user_model()
    user = User.objects.get(pk=user_id)
    user.username = f"anonymised-{user_id}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    AccessGrant.objects.filter(user_id=user_id).delete()
