"""Writes on the organisation: departments, job roles, employees, grants.

Every channel (page form, API, admin, HR import, command) writes through these
functions, so each rule has one owner. They are keyword-only, transactional,
and refuse bad input with ``ValidationError({field: message}, code=...)``
having changed nothing. Permissions are the caller's job (``employees.access``).

Uniqueness rules are checked here for a clear message and enforced by the
database as the referee when two writers race; a lost race comes back as the
same ValidationError.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import events
from employees.models import (
    AccessGrant,
    Department,
    Employee,
    EmployeeAccessLog,
    JobRole,
)

Channel = EmployeeAccessLog.Channel

EMPLOYEE_FIELDS = (
    "employee_number",
    "name",
    "work_email",
    "department",
    "job_role",
    "is_manager",
    "employment_start",
    "employment_end",
    "is_active",
)


def _refuse(field: str, message: str, code: str):
    raise ValidationError({field: ValidationError(message, code=code)})


def _save(instance, conflict: tuple[str, str, str], **kwargs):
    """Save; a unique constraint lost to a concurrent writer becomes ``conflict``
    (field, message, code), as if the check had caught it."""
    try:
        # A savepoint, so the caller's transaction stays usable.
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError:
        _refuse(*conflict)
    return instance


# --- Departments ----------------------------------------------------------------
def department_validate(*, municipality_id, code: str, exclude_pk=None) -> None:
    """Department codes are unique per municipality."""
    if municipality_id and Department.objects.code_taken(
        municipality_id=municipality_id, code=code, exclude_pk=exclude_pk
    ):
        _refuse("code", _code_taken(), "department_code_taken")


def _code_taken() -> str:
    return _("This code is already used in the municipality.")


@transaction.atomic
def department_create(*, parent: Department | None, name: str, code: str):
    """A department below ``parent``; without a parent, a new municipality."""
    if parent is not None:
        department_validate(municipality_id=parent.municipality_id, code=code)
    department = Department(parent=parent, name=name, code=code)
    return _save(department, ("code", _code_taken(), "department_code_taken"))


@transaction.atomic
def department_update(*, department: Department, name: str, code: str):
    """Rename or recode a department. It is never moved here: moving rewrites
    the paths of the whole subtree, an administrator's deliberate act."""
    municipality_id = department.municipality_id or department.pk
    department_validate(
        municipality_id=municipality_id, code=code, exclude_pk=department.pk
    )
    department.name, department.code = name, code
    return _save(department, ("code", _code_taken(), "department_code_taken"))


# --- Job roles --------------------------------------------------------------------
def role_validate(*, municipality, name: str, exclude_pk=None) -> None:
    """Role names are unique per municipality, ignoring case."""
    if JobRole.objects.name_taken(
        municipality=municipality, name=name, exclude_pk=exclude_pk
    ):
        _refuse("name", _role_taken(), "role_name_taken")


def _role_taken() -> str:
    return _("A job role with this name exists in the municipality.")


@transaction.atomic
def role_create(*, municipality: Department, name: str, description: str = ""):
    if not municipality.is_municipality:
        _refuse("municipality", _("Job roles belong to a municipality."), "invalid")
    role_validate(municipality=municipality, name=name)
    role = JobRole(municipality=municipality, name=name, description=description)
    return _save(role, ("name", _role_taken(), "role_name_taken"))


@transaction.atomic
def role_update(*, role: JobRole, name: str, description: str) -> JobRole:
    role_validate(municipality=role.municipality, name=name, exclude_pk=role.pk)
    role.name, role.description = name, description
    return _save(role, ("name", _role_taken(), "role_name_taken"))


# --- Employees --------------------------------------------------------------------
def is_employed(end: date | None, *, today: date | None = None) -> bool:
    """An employment end date in the past means the person has left.

    The one rule for every channel: the import, the page, the API and the admin
    all derive "active" through it, so retention never meets an active leaver.
    """
    return end is None or end >= (today or timezone.localdate())


def employee_validate(
    *,
    department: Department,
    employee_number: str,
    job_role: JobRole | None,
    employment_start: date | None,
    employment_end: date | None,
    exclude_pk=None,
) -> None:
    errors = {}
    if job_role is not None and job_role.municipality_id != department.municipality_id:
        errors["job_role"] = ValidationError(
            _("Choose a job role of the department's municipality."),
            code="role_of_other_municipality",
        )
    if employment_start and employment_end and employment_end < employment_start:
        errors["employment_end"] = ValidationError(
            _("Employment cannot end before it starts."), code="invalid"
        )
    if Employee.objects.number_taken(
        municipality_id=department.municipality_id,
        number=employee_number,
        exclude_pk=exclude_pk,
    ):
        errors["employee_number"] = ValidationError(
            _number_taken(), code="employee_number_taken"
        )
    if errors:
        raise ValidationError(errors)


def _number_taken() -> str:
    return _("This employee number is already used in the municipality.")


@transaction.atomic
def employee_create(*, actor=None, **fields) -> Employee:
    """A new employee from the fields of ``EMPLOYEE_FIELDS``."""
    employee = Employee()
    _write_employee(employee, fields, before=None)
    events.employee_created.emit(employee=employee, actor=actor)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, actor=None, **fields) -> Employee:
    """Change the given fields; the others keep their values.

    What changed is judged against the stored row, locked for the update: a
    form may already have set its values on ``employee``.
    """
    stored = Employee.objects.select_for_update().get(pk=employee.pk)
    before = _stored(stored)
    _write_employee(employee, fields, before=stored)
    after = _stored(employee)
    changed = [name for name in EMPLOYEE_FIELDS if after[name] != before[name]]
    if changed:
        events.employee_updated.emit(employee=employee, changed=changed, actor=actor)
    return employee


def _set_since(employee: Employee, before: Employee | None) -> None:
    """Since when the person is in their department and job role (DESIGN §9:
    "N days after joining the audience"): a new employee from the employment
    start; a move or a new role from today; a corrected employment start
    carries along the dates that were it."""
    if before is None:
        employee.department_since = employee.job_role_since = employee.employment_start
        return
    today = timezone.localdate()
    for field, since in (
        ("department", "department_since"),
        ("job_role", "job_role_since"),
    ):
        current = getattr(before, since)
        if getattr(employee, f"{field}_id") != getattr(before, f"{field}_id"):
            current = today
        elif current == before.employment_start:
            current = employee.employment_start
        setattr(employee, since, current)


def _stored(employee: Employee) -> dict:
    """The employee's fields as stored (related rows by id)."""
    attnames = {f.name: f.attname for f in Employee._meta.concrete_fields}
    return {name: getattr(employee, attnames[name]) for name in EMPLOYEE_FIELDS}


def _write_employee(employee: Employee, fields: dict, *, before) -> None:
    unknown = set(fields) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise TypeError(f"Not employee fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(employee, name, value)
    _set_since(employee, before)
    employee_validate(
        department=employee.department,
        employee_number=employee.employee_number,
        job_role=employee.job_role,
        employment_start=employee.employment_start,
        employment_end=employee.employment_end,
        exclude_pk=employee.pk,
    )
    if not is_employed(employee.employment_end):
        employee.is_active = False
    _save(
        employee,
        ("employee_number", _number_taken(), "employee_number_taken"),
    )


# --- Access grants ------------------------------------------------------------------
@transaction.atomic
def grant_create(*, user, department: Department, kind: str) -> AccessGrant:
    if kind not in AccessGrant.Kind.values:
        _refuse("kind", _("Unknown kind of access."), "invalid")
    grant = AccessGrant(user=user, department=department, kind=kind)
    return _save(
        grant,
        ("kind", _("The user already holds this access there."), "grant_exists"),
    )


@transaction.atomic
def grant_delete(*, grant: AccessGrant) -> None:
    grant.delete()


# --- Read-access log --------------------------------------------------------------
def employee_access_log(
    *, viewer, employee: Employee, channel: str, request=None
) -> None:
    """Record that ``viewer`` looked at ``employee``'s details.

    Every read of one person's details calls it: their page, their record or
    assessments, enrollments or evidence by id or filtered by them, by page,
    API, admin or export. With ``request``, a person is logged once however
    many of their rows the request read. Looking at oneself is not logged: the
    right of access is about who *else* looked a person up.
    """
    if channel not in Channel.values:
        raise ValueError(f"Unknown access-log channel {channel!r}")
    viewer_id = getattr(viewer, "pk", None)
    if viewer_id is not None and viewer_id == employee.user_id:
        return
    if request is not None:
        # DRF wraps Django's request; the set lives on the one underneath.
        logged = _logged_in(getattr(request, "_request", request))
        if employee.pk in logged:
            return
        logged.add(employee.pk)
    EmployeeAccessLog.objects.create(
        employee=employee, viewer_id=viewer_id, channel=channel
    )


def _logged_in(request) -> set:
    if not hasattr(request, "_kyndig_people_read"):
        request._kyndig_people_read = set()
    return request._kyndig_people_read
