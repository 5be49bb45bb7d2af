"""Import of departments, job roles and employees from the HR system's export.

``employee_import_run`` is the one entry point used by the command, the page and
the API: read the file, plan, and (unless a dry run) apply all or nothing. The
column layout is documented in ``employees.imports.columns``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
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


@dataclass
class ImportReport:
    dry_run: bool
    applied: bool = False
    file_error: str = ""
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
    with transaction.atomic():
        plan = plan_import(
            sheets=sheets, municipality=municipality, user=user, full=full
        )
        _fill(report, plan)
        if plan.is_valid and not dry_run:
            apply_plan(plan=plan, actor=user)
            report.applied = True
    return report


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
            "action": change.action,
            "changes": change.changes,
        }
        for change in plan.employees + plan.deactivate
    ]
