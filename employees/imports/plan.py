"""Validate the rows of an import and work out what it would change.

The plan is computed from a handful of set-based reads (all departments, roles
and employees of the municipality at once), never a query per row, and the
same plan serves the dry run and the real run, so both report the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.access import access_for
from employees.imports import values as parse
from employees.imports.columns import DEPARTMENTS, EMPLOYEES, ROLES
from employees.imports.reader import Sheet
from employees.models import Department, Employee, JobRole, role_name_key
from employees.services import is_employed

CREATE, UPDATE, MOVE, UNCHANGED, DEACTIVATE = (
    "create",
    "update",
    "move",
    "unchanged",
    "deactivate",
)
EMPLOYEE_FIELDS = (
    "name",
    "work_email",
    "department_code",
    "job_role",
    "is_manager",
    "employment_start",
    "employment_end",
    "is_active",
)
# (column key, max length, required) of the text columns of a sheet.
ROLE_FIELDS = (("name", 200, True), ("description", 5000, False))
DEPARTMENT_FIELDS = (
    ("code", 50, True),
    ("name", 200, True),
    ("parent_code", 50, False),
)

ROLES_NEED_ROOT_HR = gettext_lazy(
    "Only HR for the whole municipality can add or change job roles."
)


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class EmployeeChange:
    row: int
    employee_number: str
    action: str
    values: dict
    changes: list[str] = field(default_factory=list)
    pk: int | None = None
    before: dict = field(default_factory=dict)
    name: str = ""


@dataclass
class Plan:
    municipality: Department
    full: bool
    errors: list[RowError] = field(default_factory=list)
    roles_create: dict[str, str] = field(default_factory=dict)
    roles_update: dict[int, str] = field(default_factory=dict)
    departments_create: list[dict] = field(default_factory=list)
    departments_update: dict[int, str] = field(default_factory=dict)
    employees: list[EmployeeChange] = field(default_factory=list)
    deactivate: list[EmployeeChange] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        employees = dict.fromkeys((CREATE, UPDATE, MOVE, UNCHANGED), 0)
        for change in self.employees:
            employees[change.action] += 1
        employees[DEACTIVATE] = len(self.deactivate)
        return {
            "employees": employees,
            "departments": {
                CREATE: len(self.departments_create),
                UPDATE: len(self.departments_update),
            },
            "roles": {CREATE: len(self.roles_create), UPDATE: len(self.roles_update)},
            "errors": len(self.errors),
        }


class _Context:
    """What exists in the municipality, read once."""

    def __init__(self, *, municipality: Department, user):
        self.municipality = municipality
        self.access = access_for(user)
        self.today = timezone.localdate()
        departments = Department.objects.filter(municipality=municipality)
        self.departments = {
            d["code"]: d
            for d in departments.values("id", "code", "name", "parent__code")
        }
        self.roles = {
            role_name_key(r["name"]): r
            for r in JobRole.objects.filter(municipality=municipality).values(
                "id", "name", "description"
            )
        }
        self.employees = {
            e["employee_number"]: e
            for e in Employee.objects.filter(municipality=municipality).values(
                "id",
                "employee_number",
                "name",
                "work_email",
                "department__code",
                "department_id",
                "job_role__name",
                "is_manager",
                "employment_start",
                "employment_end",
                "is_active",
                "department_since",
                "job_role_since",
            )
        }
        # Where the user may write: the ids of the departments under their HR
        # grants, asked of the access policy once.
        self.hr_ids = set(
            self.access.hr_departments()
            .filter(municipality=municipality)
            .values_list("id", flat=True)
        )
        # New departments have no id until they exist; each takes its parent's
        # answer to "may the user write here?".
        self.new_departments: dict[str, bool] = {}

    def in_scope(self, department_id: int) -> bool:
        return department_id in self.hr_ids

    @property
    def keeps_roles(self) -> bool:
        """Roles belong to the whole municipality: only its HR may add or edit them."""
        return self.access.may_keep_roles(self.municipality)

    def role_name(self, value) -> str:
        name = parse.parse_text(value, max_length=200, required=False, label="")
        if name and role_name_key(name) not in self.roles and not self.keeps_roles:
            raise parse.CellError(str(ROLES_NEED_ROOT_HR))
        return name

    def department_in_scope(self, code: str) -> bool | None:
        """Whether the user may write in department ``code``; None if unknown."""
        if code in self.departments:
            return self.in_scope(self.departments[code]["id"])
        return self.new_departments.get(code)


def plan_import(*, sheets: list[Sheet], municipality, user, full: bool) -> Plan:
    plan = Plan(municipality=municipality, full=full)
    context = _Context(municipality=municipality, user=user)
    by_kind = {
        kind: [s for s in sheets if s.kind == kind]
        for kind in (ROLES, DEPARTMENTS, EMPLOYEES)
    }
    for sheet in by_kind[ROLES]:
        _plan_roles(plan, context, sheet)
    codes: dict[str, int] = {}
    for sheet in by_kind[DEPARTMENTS]:
        _plan_departments(plan, context, sheet, codes)
    seen: dict[str, int] = {}
    for sheet in by_kind[EMPLOYEES]:
        for number, row in sheet.rows:
            _plan_employee(plan, context, sheet, number, row, seen)
    if full and by_kind[EMPLOYEES]:
        _plan_deactivations(plan, context, seen)
    return plan


# --- Job roles -----------------------------------------------------------------
def _plan_roles(plan: Plan, context: _Context, sheet: Sheet) -> None:
    for number, row in sheet.rows:
        parsed = _parse_texts(plan, sheet, number, row, ROLE_FIELDS)
        if parsed is None:
            continue
        name, description = parsed["name"], parsed["description"]
        existing = context.roles.get(role_name_key(name))
        changes = existing is None or (
            existing["id"]
            and "description" in row
            and existing["description"] != description
        )
        if changes and not context.keeps_roles:
            plan.errors.append(
                RowError(
                    sheet.name, number, sheet.headers["name"], str(ROLES_NEED_ROOT_HR)
                )
            )
            continue
        if existing is None:
            plan.roles_create[name] = description
            context.roles[role_name_key(name)] = {"id": None, "name": name}
        elif (
            existing["id"]
            and "description" in row
            and existing["description"] != description
        ):
            plan.roles_update[existing["id"]] = description


# --- Departments -------------------------------------------------------------------
def _plan_departments(plan: Plan, context: _Context, sheet: Sheet, codes) -> None:
    """``codes`` maps each code met so far to its row, across department sheets."""
    pending = []
    for number, row in sheet.rows:
        parsed = _parse_texts(plan, sheet, number, row, DEPARTMENT_FIELDS)
        if parsed is None or _repeated_code(plan, sheet, number, parsed, codes):
            continue
        existing = context.departments.get(parsed["code"])
        if existing is not None:
            _plan_department_update(plan, context, sheet, number, parsed, existing)
        else:
            pending.append((number, parsed))
    _order_new_departments(plan, context, sheet, pending)


def _repeated_code(plan, sheet, number, parsed, codes) -> bool:
    # Two new rows with one code would both be created: the database refuses
    # the second, so only the real run would fail.
    code = parsed["code"]
    if code not in codes:
        codes[code] = number
        return False
    plan.errors.append(
        RowError(
            sheet.name,
            number,
            sheet.headers["code"],
            _("Department code %(code)s appears more than once (also in row %(row)s).")
            % {"code": code, "row": codes[code]},
        )
    )
    return True


def _parse_texts(plan, sheet, number, row, fields) -> dict | None:
    """{key: text} for (key, max length, required) fields; None after an error."""
    result = {}
    for key, max_length, required in fields:
        try:
            result[key] = parse.parse_text(
                row.get(key, ""),
                max_length=max_length,
                required=required,
                label=sheet.headers.get(key, key),
            )
        except parse.CellError as error:
            plan.errors.append(
                RowError(sheet.name, number, sheet.headers.get(key, key), str(error))
            )
            return None
    return result


def _plan_department_update(plan, context, sheet, number, parsed, existing) -> None:
    if not context.in_scope(existing["id"]):
        plan.errors.append(
            _outside(sheet, number, sheet.headers["code"], parsed["code"])
        )
        return
    parent_code = parsed["parent_code"] or context.municipality.code
    if existing["parent__code"] and parent_code != existing["parent__code"]:
        # Moving a department rewrites the paths of its whole subtree; that is
        # a deliberate act in the admin, not a side effect of a file.
        plan.errors.append(
            RowError(
                sheet.name,
                number,
                sheet.headers.get("parent_code", ""),
                _(
                    "Department %(code)s is under %(parent)s; the import does not "
                    "move departments."
                )
                % {"code": parsed["code"], "parent": existing["parent__code"]},
            )
        )
        return
    if parsed["name"] != existing["name"]:
        plan.departments_update[existing["id"]] = parsed["name"]


def _order_new_departments(plan, context, sheet, pending) -> None:
    """Parents before children, whatever order the file lists them in."""
    root_code = context.municipality.code
    while pending:
        placed = []
        for number, parsed in pending:
            parent_code = parsed["parent_code"] or root_code
            parent_in_scope = context.department_in_scope(parent_code)
            if parent_in_scope is None:
                continue
            placed.append((number, parsed))
            if not parent_in_scope:
                plan.errors.append(
                    _outside(
                        sheet, number, sheet.headers.get("parent_code", ""), parent_code
                    )
                )
                continue
            context.new_departments[parsed["code"]] = True
            plan.departments_create.append({**parsed, "parent_code": parent_code})
        if not placed:
            for number, parsed in pending:
                plan.errors.append(
                    RowError(
                        sheet.name,
                        number,
                        sheet.headers.get("parent_code", ""),
                        _("Unknown parent department code %(code)s.")
                        % {"code": parsed["parent_code"]},
                    )
                )
            return
        pending = [item for item in pending if item not in placed]


def _outside(sheet, number, column, code) -> RowError:
    return RowError(
        sheet.name,
        number,
        column,
        _("Department %(code)s is outside your area.") % {"code": code},
    )


# --- Employees -------------------------------------------------------------------
def _plan_employee(plan, context, sheet, number, row, seen) -> None:
    errors: list[RowError] = []
    values = _parse_employee(context, sheet, number, row, errors)
    employee_number = values.get("employee_number")
    if employee_number:
        if employee_number in seen:
            errors.append(
                RowError(
                    sheet.name,
                    number,
                    sheet.headers["employee_number"],
                    _(
                        "Employee number %(number)s appears more than once "
                        "(also in row %(row)s)."
                    )
                    % {"number": employee_number, "row": seen[employee_number]},
                )
            )
        else:
            seen[employee_number] = number
    existing = context.employees.get(employee_number) if employee_number else None
    _check_dates(sheet, number, row, values, existing, errors)
    if existing is not None and not context.in_scope(existing["department_id"]):
        errors.append(
            RowError(
                sheet.name,
                number,
                sheet.headers["employee_number"],
                _(
                    "Employee number %(number)s belongs to an employee outside "
                    "your area."
                )
                % {"number": employee_number},
            )
        )
    if errors:
        plan.errors.extend(errors)
        return
    plan.employees.append(_employee_change(context, sheet, number, values, existing))


def _parse_employee(context, sheet, number, row, errors) -> dict:
    values: dict = {}

    def cell(key, parser):
        if key not in row:
            return
        try:
            values[key] = parser(row[key])
        except parse.CellError as error:
            errors.append(RowError(sheet.name, number, sheet.headers[key], str(error)))

    def text(key, max_length, required=False):
        return lambda v: parse.parse_text(
            v, max_length=max_length, required=required, label=sheet.headers[key]
        )

    cell("employee_number", text("employee_number", 32, required=True))
    cell("name", text("name", 200, required=True))
    cell("work_email", parse.parse_email)
    cell("department_code", lambda v: _parse_department_code(context, v))
    cell("job_role", context.role_name)
    cell("is_manager", parse.parse_bool)
    cell("employment_start", parse.parse_date)
    cell("employment_end", lambda v: _parse_end(context, v))
    if "employment_end" in values:
        values["is_active"] = is_employed(values["employment_end"], today=context.today)
    return values


def _check_dates(sheet, number, row, values, existing, errors) -> None:
    """Refuse an employment end before the start.

    A date column the file leaves out is taken from the stored employee: the
    database refuses such a pair, so otherwise only the real run would fail.
    """
    keys = ("employment_start", "employment_end")
    given = [key for key in keys if key in row]
    if not given or any(key not in values for key in given):
        return  # No date in the file, or one that did not parse (its own error).
    stored = existing or {}
    start, end = (values.get(key, stored.get(key)) for key in keys)
    if start and end and end < start:
        errors.append(
            RowError(
                sheet.name,
                number,
                sheet.headers[given[-1]],
                _("The employment end date is before the start date."),
            )
        )


def _parse_department_code(context: _Context, value) -> str:
    code = parse.parse_text(value, max_length=50, required=True, label=_("Department"))
    in_scope = context.department_in_scope(code)
    if in_scope is None:
        raise parse.CellError(_("Unknown department code %(code)s.") % {"code": code})
    if not in_scope:
        raise parse.CellError(
            _("Department %(code)s is outside your area.") % {"code": code}
        )
    return code


def _parse_end(context: _Context, value) -> date | None:
    end = parse.parse_date(value)
    if end is not None and end > context.today:
        raise parse.CellError(
            _("The employment end date %(date)s is in the future.")
            % {"date": end.isoformat()}
        )
    return end


def _employee_change(context, sheet, number, values, existing) -> EmployeeChange:
    employee_number = values.pop("employee_number")
    if existing is None:
        values.setdefault("is_active", True)
        return EmployeeChange(
            number, employee_number, CREATE, values, name=values.get("name", "")
        )
    before = {
        "name": existing["name"],
        "work_email": existing["work_email"],
        "department_code": existing["department__code"],
        "job_role": existing["job_role__name"] or "",
        "is_manager": existing["is_manager"],
        "employment_start": existing["employment_start"],
        "employment_end": existing["employment_end"],
        "is_active": existing["is_active"],
        # Not columns of the file: carried so the bulk update keeps them
        # (``apply._employee`` moves them on a move or a new role).
        "department_since": existing["department_since"],
        "job_role_since": existing["job_role_since"],
    }
    changes = [
        key
        for key in EMPLOYEE_FIELDS
        if key in values and _differs(key, values[key], before[key])
    ]
    if "department_code" in changes:
        action = MOVE
    elif changes:
        action = UPDATE
    else:
        action = UNCHANGED
    return EmployeeChange(
        number,
        employee_number,
        action,
        values,
        changes,
        existing["id"],
        before,
        name=values.get("name") or existing["name"],
    )


def _differs(key, new, old) -> bool:
    if key == "job_role":
        return role_name_key(new or "") != role_name_key(old or "")
    return new != old


def _plan_deactivations(plan: Plan, context: _Context, seen: dict) -> None:
    for employee_number, existing in context.employees.items():
        if employee_number in seen or not existing["is_active"]:
            continue
        if not context.in_scope(existing["department_id"]):
            continue
        plan.deactivate.append(
            EmployeeChange(
                0,
                employee_number,
                DEACTIVATE,
                {"is_active": False},
                ["is_active"],
                existing["id"],
                {"is_active": True},
                name=existing["name"],
            )
        )
