"""The audit trail: how django-auditlog entries are scoped to people and places.

Each app tracks its own models with ``track`` (from its AppConfig.ready()).
Every entry about an employee carries ``additional_data`` with the employee's
id and department path. The path lets the admin show HR only the entries of
their own subtree; the id lets the right-of-access bundle and retention find
every entry about one person, even entries of related rows (assessments,
enrollments, evidence).
"""

from collections.abc import Callable

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

from employees.access import Kind, access_for
from employees.models import AccessGrant, Department, Employee, JobRole

# Fields whose values need not be readable in the trail: that they changed is
# what an auditor needs; the value itself stays in the record.
EMPLOYEE_MASKED = ["work_email"]


def _own_employee(instance):
    if isinstance(instance, Employee):
        return instance
    if getattr(instance, "employee_id", None):
        return instance.employee
    return None


def track(model, *, subject: Callable = _own_employee, **options) -> None:
    """Keep an audit trail of ``model``, each entry scoped as described above.

    ``subject`` finds the employee a row is about (default: the row itself or
    its ``employee``); ``options`` go to auditlog (mask_fields, exclude_fields).
    """
    auditlog.register(model, **options)

    def get_additional_data(instance) -> dict | None:
        try:
            return _scope_of(instance, subject(instance))
        except ObjectDoesNotExist:
            # A related row deleted earlier in a cascade: log without scope
            # rather than fail the delete.
            return None

    # auditlog stores what this returns in the entry's additional_data, in the
    # same INSERT.
    model.get_additional_data = get_additional_data


def track_organisation() -> None:
    """The employees app's own models (called from EmployeesConfig.ready())."""
    track(
        Employee,
        mask_fields=EMPLOYEE_MASKED,
        exclude_fields=["created_at", "updated_at"],
    )
    track(AccessGrant)
    track(Department, exclude_fields=["path"])
    track(JobRole)


def _scope_of(instance, employee) -> dict | None:
    if employee is not None:
        return {
            "employee": employee.pk,
            "municipality": employee.municipality_id,
            "department_path": employee.department.path,
        }
    if isinstance(instance, AccessGrant):
        return {"department_path": instance.department.path, "user": instance.user_id}
    path = getattr(instance, "path", None)
    if path:
        return {"department_path": path}
    municipality_id = getattr(instance, "municipality_id", None)
    if municipality_id:
        return {"municipality": municipality_id}
    return None


# --- Reads and scrubbing -----------------------------------------------------------
def entries_about(*, employee) -> Q:
    """Entries about an employee or any row of theirs."""
    return Q(additional_data__employee=employee.pk) | Q(
        content_type=ContentType.objects.get_for_model(Employee),
        object_id=employee.pk,
    )


def entries_by(*, user) -> Q:
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
        # What the person did stays in the trail; who they were and where
        # from does not.
        LogEntry.objects.filter(actor_id=employee.user_id).update(
            actor_email="", remote_addr=None
        )
    return scrubbed


def hr_scope(user) -> Q:
    """Entries the user may read: those scoped to their HR subtrees."""
    return access_for(user).q_recorded("additional_data__department_path", Kind.HR)
