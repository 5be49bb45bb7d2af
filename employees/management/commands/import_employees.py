"""python manage.py import_employees FILE --municipality CODE [--dry-run] [--full]"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from employees.imports import (
    ImportFileError,
    employee_import_run,
    import_municipality,
)
from employees.models import Department


class Command(BaseCommand):
    help = (
        "Import departments, job roles and employees from an .xlsx or .csv export "
        "of the HR system (layout: employees/imports/columns.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--municipality", required=True, help="Municipality code")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file lists every employee: deactivate those missing from it.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the report as JSON"
        )
        parser.add_argument(
            "--user",
            help="Act as this HR user: their grants apply and the audit trail "
            "names them. Without it the console operator has full rights.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        municipality = (
            Department.objects.roots().filter(code=options["municipality"]).first()
        )
        if municipality is None:
            raise CommandError(
                _("Unknown municipality code %(code)s.")
                % {"code": options["municipality"]}
            )
        user = _named_user(options["user"]) if options["user"] else _command_user()
        try:
            # A named user needs HR in that municipality, as on the page.
            import_municipality(user=user, code=municipality.code)
            report = employee_import_run(
                data=path.read_bytes(),
                filename=path.name,
                municipality=municipality,
                user=user,
                dry_run=options["dry_run"],
                full=options["full"],
            )
        except (ImportFileError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), default=str, indent=2))
        else:
            self._print(report)
        if not report.ok:
            raise CommandError(_("Nothing was imported."))

    def _print(self, report):
        if report.file_error:
            self.stderr.write(report.file_error)
            return
        for error in report.errors:
            where = f"{error['sheet']} row {error['row']}, {error['column']}"
            self.stderr.write(f"{where}: {error['message']}")
        for kind, counts in report.counts.items():
            if isinstance(counts, dict):
                line = ", ".join(f"{action} {n}" for action, n in counts.items())
                self.stdout.write(f"{kind}: {line}")
        if report.applied:
            self.stdout.write(self.style.SUCCESS(_("Import applied.")))
        elif report.ok:
            self.stdout.write(_("Dry run: nothing was written."))


def _named_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(name)s.") % {"name": username})
    return user


def _command_user():
    """The operator at the console acts with full rights, like the admin."""

    class Operator(AnonymousUser):
        is_superuser = True

        @property
        def is_authenticated(self):
            return True

    return Operator()
