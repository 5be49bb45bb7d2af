"""Right of access: everything Kyndig holds on one person, as JSON and xlsx.

The bundle is a list of sections, each a query over one model for rows about
the person (through their employee record) or by the person (through their
user account). ``SECTIONS`` names which foreign keys each section covers;
tests compare that with every foreign key to Employee or User in the app
registry, so a new model with personal data cannot be left out unnoticed.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey

from api.xlsx import safe
from employees.audit import entries_about

# Secrets and blobs: never part of a bundle. An API key's id is its prefix
# joined to its hash, so it goes too; the prefix alone names the key. A TOTP
# device's ``key`` is the shared secret of the second factor.
EXCLUDED_FIELDS = {"hashed_key", "password", "content", "mail_key", "key"}
SECRET_IDS = (AbstractAPIKey,)


@dataclass(frozen=True)
class Subject:
    employee: Model
    user: Model | None


@dataclass(frozen=True)
class Section:
    name: str
    model: str
    query: Callable[[Subject], Q | None]
    # (model label, field name) pairs of the foreign keys this section covers.
    covers: tuple[tuple[str, str], ...]

    def queryset(self, subject: Subject) -> QuerySet:
        model = apps.get_model(self.model)
        condition = self.query(subject)
        if condition is None:
            return model.objects.none()
        return (
            model.objects.filter(condition)
            .select_related(*_related_paths(model))
            .order_by("pk")
        )


def _related_paths(model, depth: int = 2) -> list[str]:
    """Foreign keys two levels deep: each row names its related rows by their
    ``str``, which may itself read a relation (a session names its course)."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation:
            paths.append(field.name)
            if depth > 1:
                nested = _related_paths(field.related_model, depth - 1)
                paths += [f"{field.name}__{path}" for path in nested]
    return paths


def _by_employee(path: str):
    return lambda s: Q(**{path: s.employee.pk})


def _by_employee_or_user(path: str, *fields: str):
    """Rows about the person (``path``) or that they wrote as a user (``fields``)."""

    def query(subject: Subject) -> Q:
        by_user = _by_user(*fields)(subject)
        about = Q(**{path: subject.employee.pk})
        return about | by_user if by_user is not None else about

    return query


def _by_user(*fields: str):
    def query(subject: Subject) -> Q | None:
        if subject.user is None:
            return None
        condition = Q(pk__in=[])
        for field in fields:
            condition |= Q(**{field: subject.user.pk})
        return condition

    return query


def _audit(subject: Subject) -> Q:
    condition = entries_about(employee=subject.employee)
    if subject.user is not None:
        condition |= Q(actor_id=subject.user.pk)
    return condition


SECTIONS = (
    Section(
        "profile",
        "employees.Employee",
        lambda s: Q(pk=s.employee.pk),
        (("employees.Employee", "user"),),
    ),
    Section("user_account", "auth.User", _by_user("pk"), ()),
    Section(
        "access_grants",
        "employees.AccessGrant",
        _by_user("user"),
        (("employees.AccessGrant", "user"),),
    ),
    Section(
        "api_tokens",
        "employees.ApiToken",
        _by_user("user"),
        (("employees.ApiToken", "user"),),
    ),
    Section(
        "assessments",
        "competences.Assessment",
        _by_employee("employee"),
        (("competences.Assessment", "employee"),),
    ),
    Section(
        "current_levels",
        "competences.CurrentLevel",
        _by_employee("employee"),
        (("competences.CurrentLevel", "employee"),),
    ),
    Section(
        "overall_levels",
        "competences.OverallSnapshotRow",
        _by_employee("employee"),
        (("competences.OverallSnapshotRow", "employee"),),
    ),
    Section(
        "assessments_made",
        "competences.Assessment",
        _by_user("assessed_by"),
        (("competences.Assessment", "assessed_by"),),
    ),
    Section(
        "enrollments",
        "courses.Enrollment",
        _by_employee("employee"),
        (("courses.Enrollment", "employee"),),
    ),
    Section(
        "enrollment_decisions",
        "courses.Enrollment",
        _by_user("requested_by", "approved_by"),
        (("courses.Enrollment", "requested_by"), ("courses.Enrollment", "approved_by")),
    ),
    Section(
        "practice_evidence",
        "courses.PracticeTaskSubmission",
        _by_employee_or_user("employee", "submitted_by"),
        (
            ("courses.PracticeTaskSubmission", "employee"),
            ("courses.PracticeTaskSubmission", "submitted_by"),
        ),
    ),
    Section(
        "practice_reviews",
        "courses.PracticeTaskSubmission",
        _by_user("reviewed_by"),
        (("courses.PracticeTaskSubmission", "reviewed_by"),),
    ),
    Section(
        "badges",
        "credentials.Badge",
        _by_employee("employee"),
        (("credentials.Badge", "employee"),),
    ),
    Section(
        "badge_revocations",
        "credentials.Badge",
        _by_user("revoked_by"),
        (("credentials.Badge", "revoked_by"),),
    ),
    Section(
        "fund_applications",
        "funding.FundApplication",
        _by_employee("lines__employee"),
        (),
    ),
    Section(
        "fund_application_participation",
        "funding.FundApplicationLine",
        _by_employee("employee"),
        (("funding.FundApplicationLine", "employee"),),
    ),
    Section(
        "fund_applications_handled",
        "funding.FundApplication",
        _by_user("created_by", "decided_by"),
        (
            ("funding.FundApplication", "created_by"),
            ("funding.FundApplication", "decided_by"),
        ),
    ),
    Section(
        "fund_signatures",
        "funding.FundSignature",
        _by_employee_or_user("employee", "signed_by"),
        (
            ("funding.FundSignature", "employee"),
            ("funding.FundSignature", "signed_by"),
        ),
    ),
    Section(
        "requirement_exemptions",
        "obligations.Exemption",
        _by_employee_or_user("employee", "granted_by"),
        (
            ("obligations.Exemption", "employee"),
            ("obligations.Exemption", "granted_by"),
        ),
    ),
    Section(
        "requirement_notices",
        "obligations.DueNotice",
        _by_employee("employee"),
        (("obligations.DueNotice", "employee"),),
    ),
    Section(
        "requirements_and_campaigns_made",
        "obligations.Requirement",
        _by_user("created_by"),
        (("obligations.Requirement", "created_by"),),
    ),
    Section(
        "campaigns_made",
        "obligations.Campaign",
        _by_user("created_by"),
        (("obligations.Campaign", "created_by"),),
    ),
    Section(
        "campaign_tries",
        "obligations.CampaignTry",
        # Which campaign each of the person's tries is for; the evidence and
        # its review are practice-task rows (practice_evidence, _reviews).
        _by_employee_or_user("submission__employee", "submission__reviewed_by"),
        (),
    ),
    Section(
        "prerequisite_overrides",
        "courses.PrerequisiteOverride",
        _by_employee_or_user("employee", "overridden_by"),
        (
            ("courses.PrerequisiteOverride", "employee"),
            ("courses.PrerequisiteOverride", "overridden_by"),
        ),
    ),
    Section(
        "read_access_log",
        "employees.EmployeeAccessLog",
        _by_employee("employee"),
        (("employees.EmployeeAccessLog", "employee"),),
    ),
    Section(
        "lookups_made",
        "employees.EmployeeAccessLog",
        _by_user("viewer"),
        (("employees.EmployeeAccessLog", "viewer"),),
    ),
    Section(
        "imports_uploaded",
        "employees.EmployeeImport",
        _by_user("uploaded_by"),
        (("employees.EmployeeImport", "uploaded_by"),),
    ),
    Section(
        "report_jobs",
        "reports.ReportJob",
        _by_user("requested_by"),
        (("reports.ReportJob", "requested_by"),),
    ),
    Section(
        "notifications",
        "notifications.Notification",
        _by_employee_or_user("employee", "recipient"),
        (
            ("notifications.Notification", "recipient"),
            ("notifications.Notification", "employee"),
        ),
    ),
    Section(
        "notification_preferences",
        "notifications.Preferences",
        _by_user("user"),
        (("notifications.Preferences", "user"),),
    ),
    Section(
        "calendar_feeds",
        "notifications.CalendarFeed",
        _by_user("user"),
        (("notifications.CalendarFeed", "user"),),
    ),
    Section(
        "second_factor_devices",
        "otp_totp.TOTPDevice",
        _by_user("user"),
        (("otp_totp.TOTPDevice", "user"),),
    ),
    Section(
        "audit_entries", "auditlog.LogEntry", _audit, (("auditlog.LogEntry", "actor"),)
    ),
    Section(
        "admin_history",
        "admin.LogEntry",
        _by_user("user"),
        (("admin.LogEntry", "user"),),
    ),
)


def covered_foreign_keys() -> set[tuple[str, str]]:
    return {pair for section in SECTIONS for pair in section.covers}


def _row(obj: Model) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in EXCLUDED_FIELDS:
            continue
        if field.primary_key and isinstance(obj, SECRET_IDS):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            row[field.name] = None if related is None else str(related)
        else:
            row[field.name] = field.value_from_object(obj)
    return row


def access_bundle(*, employee) -> dict:
    """The person's data, section by section, as plain JSON-able values."""
    User = get_user_model()
    user = (
        User.objects.filter(pk=employee.user_id).first() if employee.user_id else None
    )
    subject = Subject(employee=employee, user=user)
    sections = {}
    for section in SECTIONS:
        sections[section.name] = [_row(obj) for obj in section.queryset(subject)]
    return {
        "generated_at": timezone.now(),
        "employee_number": employee.employee_number,
        "sections": sections,
    }


def bundle_json(bundle: dict) -> bytes:
    return json.dumps(
        bundle, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode("utf-8")


def bundle_xlsx(bundle: dict) -> bytes:
    """One sheet per section behind a summary sheet, every cell inert text or number."""
    workbook = openpyxl.Workbook(write_only=True)
    summary = workbook.create_sheet("summary")
    summary.append(["section", "rows"])
    for name, rows in bundle["sections"].items():
        summary.append([name, len(rows)])
    for name, rows in bundle["sections"].items():
        sheet = workbook.create_sheet(name[:31])
        columns = list(rows[0]) if rows else ["(none)"]
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, dict | list):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return safe(value)
