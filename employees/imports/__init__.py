"""Import of departments, job roles and employees from the HR system's export.

``employee_import_run`` is the one entry point used by the command, the page and
the API: read the file, plan, and (unless a dry run) apply all or nothing. The
column layout is documented in ``employees.imports.columns``.

Real runs into one municipality take turns, so a second import of the same
file plans against the first one's rows instead of inserting them again.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from employees.access import access_for
from employees.imports.apply import apply_plan
from employees.imports.plan import Plan, plan_import
from employees.imports.reader import ImportFileError, read_file
from employees.models import Department

__all__ = [
    "ImportFileError",
    "ImportReport",
    "employee_import_run",
    "import_municipality",
]

logger = logging.getLogger(__name__)
# PostgreSQL advisory locks share one key space per database: the first key
# says what the second (a municipality's primary key) identifies.
IMPORT_LOCK_KIND = 0x494D50  # "IMP"


@dataclass
class ImportReport:
    dry_run: bool
    applied: bool = False
    file_error: str = ""
    # The file was fine, but the database changed under the import: retry.
    conflict: bool = False
    counts: dict = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "file_error": self.file_error,
            "conflict": self.conflict,
            "counts": self.counts,
            "rows": self.rows,
            "errors": self.errors,
        }


def import_municipality(*, user, code: str | None = None) -> Department:
    """The municipality an import writes to: the user's, or the one named by code.

    Raises PermissionDenied without an HR grant there, and ImportFileError when
    the user is HR in several municipalities and names none.
    """
    access = access_for(user)
    try:
        municipality = access.import_municipality(code)
    except Http404 as error:
        raise PermissionDenied(str(error)) from error
    if municipality is not None:
        return municipality
    if not access.is_hr:
        raise PermissionDenied(_("Importing employees needs an HR grant."))
    raise ImportFileError(_("Name the municipality to import into."))


def employee_import_run(
    *, data: bytes, filename: str, municipality, user, dry_run: bool, full: bool = False
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    try:
        sheets = read_file(data=data, filename=filename)
    except ImportFileError as error:
        report.file_error = str(error)
        return report
    try:
        _plan_and_apply(report, sheets, municipality=municipality, user=user, full=full)
    except (IntegrityError, ValidationError):
        # The plan checked every row by the services' rules; a refusal while
        # writing means another writer got there first (the services turn a
        # lost unique-key race into a ValidationError).
        return _conflict(municipality, dry_run=dry_run)
    return report


@transaction.atomic
def _plan_and_apply(report: ImportReport, sheets, *, municipality, user, full):
    if not report.dry_run:
        _take_turn(municipality)
    plan = plan_import(sheets=sheets, municipality=municipality, user=user, full=full)
    _fill(report, plan)
    if plan.is_valid and not report.dry_run:
        apply_plan(plan=plan, actor=user)
        report.applied = True


def _take_turn(municipality) -> None:
    """Wait for any other real import into the municipality to commit.

    Taken before planning: under READ COMMITTED the plan's reads then see what
    the previous import wrote. SQLite needs nothing, as its transactions start
    IMMEDIATE and so already run one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [IMPORT_LOCK_KIND, municipality.pk],
        )


def _conflict(municipality, *, dry_run: bool) -> ImportReport:
    # Another writer (the admin, an API call) saved a row the plan did not
    # see; the transaction is rolled back, so a retry plans against it.
    logger.warning(
        "Employee import into municipality %s met a concurrent change; "
        "nothing was written.",
        municipality.pk,
    )
    message = _(
        "Employees, departments or job roles of this municipality were changed "
        "while the file was being imported, so nothing was imported. Run the "
        "import again."
    )
    return ImportReport(dry_run=dry_run, file_error=message, conflict=True)


def _fill(report: ImportReport, plan: Plan) -> None:
    report.counts = plan.counts()
    report.errors = [
        {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
        for e in sorted(plan.errors, key=lambda e: (e.sheet, e.row))
    ]
    report.rows = [
        {
            "row": change.row,
            "employee_number": change.employee_number,
            "name": change.name,
            "action": change.action,
            "changes": change.changes,
            # What each changed field holds now and would hold after.
            "before": {key: change.before.get(key) for key in change.changes},
            "after": {key: change.values.get(key) for key in change.changes},
        }
        for change in plan.employees + plan.deactivate
    ]
