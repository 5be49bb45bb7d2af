"""Retention: anonymise employees whose employment ended long enough ago.

Only identifying data is replaced, in every table that may hold it: the
employee and their user account, notes and evidence, the names on fund
application signatures, the audit trail, the admin's history, the sign-in and
lockout logs, personal tokens and sessions. The rows themselves, their
department, activity flag, assessments, enrollments and fund applications
stay, so department figures are the same before and after.

A leaver keeps their badges: each stays verifiable, since it is theirs to show
to their next employer. The signed credential names no one (its subject is a
salted hash of the work e-mail, which retention removes from Kyndig), so it
stays as it is; the reason HR gave for a revocation is free text and goes.

An employee still marked active is never touched, whatever their end date: a
past end date deactivates through the employee services, and an active
person with one (data from before that rule) is reported for HR to look at.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from api.models import IdempotencyRecord
from competences.models import Assessment
from courses.models import Enrollment, PracticeTaskSubmission
from credentials.models import Badge
from employees.audit import audit_scrub
from employees.models import AccessGrant, ApiToken, Employee, EmployeeImport
from funding.models import FundSignature
from notifications.models import CalendarFeed, Notification, Preferences

ANONYMOUS_NAME = "Anonymiseret"
SCRUBBED = "***"
# Uploaded HR files hold personal data; they are only needed until confirmed.
IMPORT_UPLOAD_TTL = timedelta(days=1)


@dataclass
class RetentionResult:
    employees: int
    audit_entries: int
    uploads: int
    # Active people whose end date lies past the retention period: skipped.
    skipped_active: list[str] = field(default_factory=list)
    sign_in_logs: int = 0
    idempotency_records: int = 0


def _ended_before(today: date | None) -> QuerySet[Employee]:
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RETENTION_DAYS_AFTER_EMPLOYMENT)
    return Employee.objects.filter(
        anonymised_at__isnull=True, employment_end__lt=cutoff
    )


def retention_due(*, today: date | None = None) -> QuerySet[Employee]:
    return _ended_before(today).filter(is_active=False).select_related("department")


def retention_skipped(*, today: date | None = None) -> list[str]:
    """Employee numbers of active people with an end date past the period."""
    active = _ended_before(today).filter(is_active=True)
    return list(
        active.order_by("employee_number").values_list("employee_number", flat=True)
    )


def retention_apply(
    *, today: date | None = None, dry_run: bool = False
) -> RetentionResult:
    due = list(retention_due(today=today))
    # Applied imports keep their summary as history; their file is already gone.
    stale_uploads = EmployeeImport.objects.filter(
        applied_at__isnull=True, created_at__lt=timezone.now() - IMPORT_UPLOAD_TTL
    )
    skipped = retention_skipped(today=today)
    if dry_run:
        return RetentionResult(len(due), 0, stale_uploads.count(), skipped)
    scrubbed = 0
    for employee in due:
        scrubbed += employee_anonymise(employee=employee)
    uploads, _ = stale_uploads.delete()
    return RetentionResult(
        len(due),
        scrubbed,
        uploads,
        skipped,
        sign_in_logs=_expire_sign_in_logs(),
        idempotency_records=_expire_idempotency_records(),
    )


def _expire_sign_in_logs() -> int:
    """Sign-in and lockout logs hold usernames, addresses and browsers; they
    are kept only as long as they help against password guessing."""
    cutoff = timezone.now() - timedelta(days=settings.SIGN_IN_LOG_DAYS)
    deleted = 0
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


def _expire_idempotency_records() -> int:
    """Stored API answers may name people; past their replay window they go,
    also when no new keyed request arrives to sweep them."""
    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]


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
        _scrub_admin_history(Employee, employee.pk)
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
    PracticeTaskSubmission.objects.filter(employee=employee).update(
        evidence="", review_note=""
    )
    # A revoked badge keeps a reason (a constraint), just not the words.
    Badge.objects.filter(employee=employee).exclude(revocation_reason="").update(
        revocation_reason=SCRUBBED
    )
    Enrollment.objects.filter(employee=employee).exclude(decision_note="").update(
        decision_note=""
    )
    # Sent or not, a notification is a copy of what it said about the person
    # (to them or to their manager); the originals it points to remain. Those
    # naming several people (HR's list of a moved session's participants, a
    # digest) point to none of them, so they are found by the name.
    naming = Q(employee=employee)
    if employee.name.strip():
        naming |= Q(subject__contains=employee.name)
        naming |= Q(body_text__contains=employee.name)
    Notification.objects.filter(naming).delete()
    # A signature keeps its role and time; the name signed with goes, whether
    # the person signed as a participant or as a manager or union rep.
    signed = Q(employee=employee)
    if employee.user_id:
        signed |= Q(signed_by_id=employee.user_id)
    FundSignature.objects.filter(signed).update(name=ANONYMOUS_NAME)


def _anonymise_user(user_id: int) -> None:
    User = get_user_model()
    user = User.objects.get(pk=user_id)
    username = user.get_username()
    user.username = f"anonymised-{user_id}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    AccessGrant.objects.filter(user_id=user_id).delete()
    # Tokens are useless now and named after the user; sessions likewise.
    ApiToken.objects.filter(user_id=user_id).delete()
    Notification.objects.filter(recipient_id=user_id).delete()
    Preferences.objects.filter(user_id=user_id).delete()
    CalendarFeed.objects.filter(user_id=user_id).delete()
    _end_sessions(user_id)
    _scrub_admin_history(User, user_id)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=username).delete()


def _scrub_admin_history(model, pk: int) -> None:
    """The admin's own history names a changed row by its str(): name, number
    or username. The entry stays, by id only."""
    AdminLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
    ).update(object_repr=f"#{pk}")


def _end_sessions(user_id: int) -> None:
    # Sessions store the user id inside encoded data; a scan of the live ones
    # is bounded by the number of signed-in users.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
