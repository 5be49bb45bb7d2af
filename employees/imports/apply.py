"""Write a valid plan in one transaction.

Roles and departments, which are few, go through the organisation services.
Employees, who may be 40,000, are written with ``bulk_create`` /
``bulk_update`` in batches after the plan checked each row by the services'
rules (``employees.services.is_employed``, ``role_name_key``, numbers unique
per municipality); their audit entries go in with one ``bulk_create``, since
model signals (and so auditlog's receivers) do not fire for bulk writes.
"""

from auditlog.diff import mask_str
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from api.bulk import insert_rows
from employees import events, services
from employees.audit import EMPLOYEE_MASKED
from employees.imports.plan import CREATE, EMPLOYEE_FIELDS, UNCHANGED, Plan
from employees.models import Department, Employee, JobRole, role_name_key

BATCH_SIZE = 1000  # rows per bulk_update and per deactivation statement
FIELD_NAMES = {"department_code": "department", "job_role": "job_role"}
UPDATE_FIELDS = [
    "name",
    "work_email",
    "department",
    "job_role",
    "is_manager",
    "employment_start",
    "employment_end",
    "is_active",
    "department_since",
    "job_role_since",
    "updated_at",
]
# The import's columns whose change moves a "since" date (DESIGN §9).
SINCE_FIELDS = {
    "department_since": ("department", "employment_start"),
    "job_role_since": ("job_role", "employment_start"),
}


@transaction.atomic
def apply_plan(*, plan: Plan, actor) -> None:
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    municipality = plan.municipality
    roles = _apply_roles(plan, municipality)
    departments = _apply_departments(plan, municipality)
    created, updated = _apply_employees(plan, municipality, roles, departments)
    deactivated = _apply_deactivations(plan)
    _audit_entries(
        actor=actor,
        content_type=ContentType.objects.get_for_model(Employee),
        created=created,
        updated=updated + deactivated,
        departments=departments,
    )
    # Bulk writes fire no per-person event: one event names them all.
    events.employees_imported.emit(
        created=[pk for _change, pk in created],
        updated=[pk for _change, pk in updated],
        deactivated=[pk for _change, pk in deactivated],
        actor=actor,
    )


def _apply_roles(plan: Plan, municipality) -> dict[str, int]:
    """New and changed roles through the role services (a municipality has
    tens of roles, so one at a time costs nothing)."""
    existing = {r.pk: r for r in JobRole.objects.filter(municipality=municipality)}
    for name, description in plan.roles_create.items():
        services.role_create(
            municipality=municipality, name=name, description=description
        )
    for pk, description in plan.roles_update.items():
        role = existing[pk]
        services.role_update(role=role, name=role.name, description=description)
    return {
        role_name_key(name): pk
        for pk, name in JobRole.objects.filter(municipality=municipality).values_list(
            "id", "name"
        )
    }


def _apply_departments(plan: Plan, municipality) -> dict[str, dict]:
    """New and renamed departments through the department services: a tree,
    not a staff list, so they are few."""
    by_code = {d.code: d for d in Department.objects.filter(municipality=municipality)}
    for item in plan.departments_create:
        department = services.department_create(
            parent=by_code[item["parent_code"]], name=item["name"], code=item["code"]
        )
        by_code[department.code] = department
    by_pk = {d.pk: d for d in by_code.values()}
    for pk, name in plan.departments_update.items():
        department = by_pk[pk]
        services.department_update(
            department=department, name=name, code=department.code
        )
    return {code: {"id": d.pk, "path": d.path} for code, d in by_code.items()}


def _apply_employees(plan, municipality, roles, departments):
    """New employees in a few plain inserts, changed ones with
    ``bulk_update``; returns (change, pk) pairs of each."""
    _create_missing_roles(plan, municipality, roles)
    now = timezone.now()
    today = timezone.localdate(now)
    new = [c for c in plan.employees if c.action == CREATE]
    changed = [c for c in plan.employees if c.action not in (CREATE, UNCHANGED)]
    insert_rows(
        Employee,
        (
            {
                **_employee_fields(c, roles, departments, today),
                "municipality_id": municipality.pk,
                "employee_number": c.employee_number,
                "created_at": now,
                "updated_at": now,
            }
            for c in new
        ),
    )
    created_pks = _pks_by_number(municipality, new)
    updated = [
        Employee(
            pk=c.pk,
            municipality_id=municipality.pk,
            employee_number=c.employee_number,
            updated_at=now,
            **_employee_fields(c, roles, departments, today),
        )
        for c in changed
    ]
    _bulk_update(changed, updated)
    return (
        [(c, created_pks[c.employee_number]) for c in new],
        [(c, c.pk) for c in changed],
    )


def _create_missing_roles(plan, municipality, roles) -> None:
    missing_roles = {
        change.values["job_role"]
        for change in plan.employees
        if change.values.get("job_role")
        and role_name_key(change.values["job_role"]) not in roles
    }
    for name in sorted(missing_roles, key=role_name_key):
        if role_name_key(name) not in roles:
            role = services.role_create(municipality=municipality, name=name)
            roles[role_name_key(name)] = role.pk


def _employee_fields(change, roles, departments, today) -> dict:
    """The employee's columns after the change, by attname."""
    values = dict(change.values)
    before = change.before
    department_code = values.pop("department_code", before.get("department_code"))
    role_name = values.pop("job_role", before.get("job_role"))
    fields = {
        key: before[key] for key in before if key not in ("department_code", "job_role")
    }
    fields.update(values)
    _since(change, fields, today=today)
    fields["department_id"] = departments[department_code]["id"]
    fields["job_role_id"] = roles.get(role_name_key(role_name)) if role_name else None
    return fields


def _since(change, fields: dict, *, today) -> None:
    """Since when the person is in their department and job role, as
    ``employees.services`` keeps them: a new employee from the employment
    start, a move or a new role from the day of the import, and a corrected
    start carries along the dates that were it. From the plan's values, so
    no query per row."""
    start = fields.get("employment_start")
    if change.action == CREATE:
        fields["department_since"] = fields["job_role_since"] = start
        return
    before = change.before
    for since, column in (
        ("department_since", "department_code"),
        ("job_role_since", "job_role"),
    ):
        if column in change.changes:
            fields[since] = today
        elif before.get(since) == before.get("employment_start"):
            fields[since] = start


def _pks_by_number(municipality, changes) -> dict[str, int]:
    if not changes:
        return {}
    return dict(
        Employee.objects.filter(municipality=municipality).values_list(
            "employee_number", "id"
        )
    )


def _bulk_update(changes, employees: list[Employee]) -> None:
    # Only the fields that changed somewhere: bulk_update builds a CASE per
    # field and row, which costs more than the statement it saves.
    changed = {
        FIELD_NAMES.get(key, key) for change in changes for key in change.changes
    }
    changed |= {
        since
        for since, moved_by in SINCE_FIELDS.items()
        if changed.intersection(moved_by)
    }
    fields = [field for field in UPDATE_FIELDS if field in changed]
    if fields:
        Employee.objects.bulk_update(
            employees, [*fields, "updated_at"], batch_size=BATCH_SIZE
        )


def _apply_deactivations(plan: Plan) -> list:
    ids = [change.pk for change in plan.deactivate]
    now = timezone.now()
    for start in range(0, len(ids), BATCH_SIZE):
        Employee.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).update(
            is_active=False, updated_at=now
        )
    return [(change, change.pk) for change in plan.deactivate]


def _value(key, value) -> str:
    text = "" if value is None else str(value)
    if key in EMPLOYEE_MASKED and text:
        return mask_str(text)
    return text


def _audit_entries(*, actor, content_type, created, updated, departments) -> None:
    """Audit entries for employees written with bulk statements, in a few
    plain inserts (the same columns auditlog's receivers would write)."""
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    insert_rows(
        LogEntry,
        (
            _audit_entry(change, pk, action, content_type, actor_id, now, departments)
            for action, pairs in (
                (LogEntry.Action.CREATE, created),
                (LogEntry.Action.UPDATE, updated),
            )
            for change, pk in pairs
        ),
    )


def _audit_entry(change, pk, action, content_type, actor_id, now, departments):
    keys = EMPLOYEE_FIELDS if action == LogEntry.Action.CREATE else change.changes
    code = change.values.get("department_code") or change.before.get("department_code")
    return {
        "content_type_id": content_type.pk,
        "object_pk": str(pk),
        "object_id": pk,
        "object_repr": change.employee_number,
        "action": action,
        "changes": {
            key: [
                _value(key, change.before.get(key)),
                _value(key, change.values.get(key)),
            ]
            for key in keys
            if key in change.values
        },
        "actor_id": actor_id,
        "timestamp": now,
        "additional_data": {
            "employee": pk,
            "department_path": departments.get(code, {}).get("path", ""),
            "source": "import",
        },
    }
