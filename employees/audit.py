"""The audit trail: which models django-auditlog tracks and how entries are scoped.

Every entry about an employee carries ``additional_data`` with the employee's
id and department path. The path lets the admin show HR only the entries of
their own subtree; the id lets the right-of-access bundle and retention find
every entry about one person, even entries of related rows (assessments,
enrollments, evidence).
"""

from auditlog.diff import mask_str
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone

# Fields whose values need not be readable in the trail: that they changed is
# what an auditor needs; the value itself stays in the record.
EMPLOYEE_MASKED = ["work_email"]


def register() -> None:
    """Called once from EmployeesConfig.ready()."""
    model = apps.get_model
    registrations = [
        (
            model("employees", "Employee"),
            {
                "mask_fields": EMPLOYEE_MASKED,
                "exclude_fields": ["created_at", "updated_at"],
            },
        ),
        (model("employees", "AccessGrant"), {}),
        (model("employees", "Department"), {"exclude_fields": ["path"]}),
        (model("employees", "JobRole"), {}),
        (model("competences", "Assessment"), {"mask_fields": ["note"]}),
        (model("courses", "Course"), {"exclude_fields": ["updated_at"]}),
        (model("courses", "Enrollment"), {"exclude_fields": ["updated_at"]}),
        (
            model("courses", "PracticeTaskSubmission"),
            {"mask_fields": ["evidence", "review_note"]},
        ),
    ]
    for audited, options in registrations:
        auditlog.register(audited, **options)
        # auditlog stores what this returns in the entry's additional_data, in
        # the same INSERT; a model's own method would take precedence.
        if not hasattr(audited, "get_additional_data"):
            audited.get_additional_data = _scope_data


def _subject_employee(instance):
    """The employee an audited row is about, if any."""
    Employee = apps.get_model("employees", "Employee")
    if isinstance(instance, Employee):
        return instance
    if hasattr(instance, "employee_id"):
        return instance.employee
    enrollment = getattr(instance, "enrollment", None)
    if enrollment is not None:
        return enrollment.employee
    return None


def _scope_data(instance) -> dict | None:
    try:
        return _scope_of(instance)
    except ObjectDoesNotExist:
        # A related row deleted earlier in a cascade: log without scope rather
        # than fail the delete.
        return None


def _scope_of(instance) -> dict | None:
    employee = _subject_employee(instance)
    if employee is not None:
        return {
            "employee": employee.pk,
            "municipality": employee.municipality_id,
            "department_path": employee.department.path,
        }
    AccessGrant = apps.get_model("employees", "AccessGrant")
    if isinstance(instance, AccessGrant):
        return {"department_path": instance.department.path, "user": instance.user_id}
    path = getattr(instance, "path", None)
    if path:
        return {"department_path": path}
    municipality_id = getattr(instance, "municipality_id", None)
    if municipality_id:
        return {"municipality": municipality_id}
    return None


# --- Bulk writes (the HR import) ---------------------------------------------------
def _value(key, value) -> str:
    text = "" if value is None else str(value)
    if key in EMPLOYEE_MASKED and text:
        return mask_str(text)
    return text


def import_log_entries(*, actor, content_type, created, updated, departments) -> None:
    """Audit entries for employees written with bulk statements, in one insert."""
    from employees.imports.plan import EMPLOYEE_FIELDS

    now = timezone.now()
    entries = []
    for action, pairs in (
        (LogEntry.Action.CREATE, created),
        (LogEntry.Action.UPDATE, updated),
    ):
        for change, employee in pairs:
            keys = (
                EMPLOYEE_FIELDS if action == LogEntry.Action.CREATE else change.changes
            )
            changes = {
                key: [
                    _value(key, change.before.get(key)),
                    _value(key, change.values.get(key)),
                ]
                for key in keys
                if key in change.values
            }
            pk = change.pk if employee is None or employee.pk is None else employee.pk
            code = change.values.get("department_code") or change.before.get(
                "department_code"
            )
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(pk),
                    object_id=pk,
                    object_repr=change.employee_number,
                    action=action,
                    changes=changes,
                    actor=actor if getattr(actor, "pk", None) else None,
                    timestamp=now,
                    additional_data={
                        "employee": pk,
                        "department_path": departments.get(code, {}).get("path", ""),
                        "source": "import",
                    },
                )
            )
    LogEntry.objects.bulk_create(entries, batch_size=1000)


# --- Reads and scrubbing -----------------------------------------------------------
def entries_about(*, employee) -> "Q":
    """Entries about an employee or any row of theirs."""
    Employee = apps.get_model("employees", "Employee")
    from django.contrib.contenttypes.models import ContentType

    return Q(additional_data__employee=employee.pk) | Q(
        content_type=ContentType.objects.get_for_model(Employee),
        object_id=employee.pk,
    )


def entries_by(*, user) -> "Q":
    return Q(actor=user)


def audit_scrub(*, employee) -> int:
    """Remove personal data from the entries about an employee (retention)."""
    scrubbed = 0
    about = entries_about(employee=employee)
    if employee.user_id:
        # Grants name their user in the entry's text.
        about |= Q(additional_data__user=employee.user_id)
    for entry in LogEntry.objects.filter(about).iterator():
        entry.object_repr = f"#{entry.object_pk}"
        entry.changes = {key: ["***", "***"] for key in (entry.changes or {})}
        entry.changes_text = ""
        entry.serialized_data = None
        entry.save(
            update_fields=["object_repr", "changes", "changes_text", "serialized_data"]
        )
        scrubbed += 1
    if employee.user_id:
        LogEntry.objects.filter(actor_id=employee.user_id).update(actor_email="")
    return scrubbed


# --- Admin -------------------------------------------------------------------------
def register_admin() -> None:
    """Replace auditlog's admin with one that shows HR only their own subtree."""
    from auditlog.admin import LogEntryAdmin
    from django.contrib import admin

    class ScopedLogEntryAdmin(LogEntryAdmin):
        # Personal values are masked in the entries; searching them would
        # defeat the mask.
        search_fields = ["object_repr", "actor__username"]

        def get_queryset(self, request):
            entries = super().get_queryset(request)
            if request.user.is_superuser:
                return entries
            return entries.filter(hr_scope(request.user))

        def has_view_permission(self, request, obj=None):
            from employees.access import access_for

            return request.user.is_superuser or (
                request.user.is_staff and access_for(request.user).is_hr
            )

        def has_module_permission(self, request):
            return self.has_view_permission(request)

    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, ScopedLogEntryAdmin)
    _add_export_action(admin.site)


def _add_export_action(site) -> None:
    """The right-of-access action on the employee changelist.

    Added here rather than in employees/admin.py so the GDPR code stays in one
    place; admin autodiscovery has run by the time apps are ready.
    """
    from employees.gdpr.actions import export_access_bundle
    from employees.models import Employee

    if not site.is_registered(Employee):
        return
    model_admin = site.get_model_admin(Employee)
    actions = list(model_admin.actions or [])
    if export_access_bundle not in actions:
        model_admin.actions = [*actions, export_access_bundle]


def hr_scope(user) -> Q:
    from employees.access import access_for
    from employees.models import AccessGrant

    query = Q(pk__in=[])
    for path in access_for(user).paths(AccessGrant.Kind.HR):
        query |= Q(additional_data__department_path__startswith=path)
    return query
