import os
import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from employees.models import Department, Employee
from reports.models import ReportJob
from reports.services import ReportRequest, report_size, report_write

KINDS = {
    "department-progress": ReportJob.Kind.DEPARTMENT_PROGRESS,
    "course-activity": ReportJob.Kind.COURSE_ACTIVITY,
    "employee": ReportJob.Kind.EMPLOYEE,
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = _(
        "Write a report to an xlsx file: department-progress, course-activity or "
        "employee. Runs with full access unless --user names whose access to use."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--department", help=_("Department code."))
        parser.add_argument(
            "--municipality", help=_("Municipality code, when codes repeat.")
        )
        parser.add_argument("--from", dest="date_from", type=_date)
        parser.add_argument("--to", dest="date_to", type=_date)
        parser.add_argument("--role", type=int, help=_("Job role id."))
        parser.add_argument("--employee", help=_("Employee number (kind employee)."))
        parser.add_argument("--user", help=_("Username whose access applies."))
        parser.add_argument("--output", required=True, help=_("The xlsx file."))
        parser.add_argument("--language", choices=["da", "en"], default="da")

    def handle(self, *args, kind, output, language, **options):
        with translation.override(language):
            user = self._user(options["user"])
            request = self._request(KINDS[kind], options)
            try:
                size = report_size(user=user, request=request)
                self._write(user, request, Path(output))
            except (Http404, Employee.DoesNotExist) as error:
                raise CommandError(_("Not found in the given access.")) from error
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(
                _("Wrote %(file)s (%(count)d employees).")
                % {"file": output, "count": size}
            )

    def _user(self, username):
        if username is None:
            # A transient superuser: the command is run by an operator.
            return get_user_model()(username="export_report", is_superuser=True)
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("No user %(name)s.") % {"name": username}) from error

    def _request(self, kind, options) -> ReportRequest:
        department = self._department(options["department"], options["municipality"])
        employee = None
        if kind == ReportJob.Kind.EMPLOYEE:
            employee = self._employee(options["employee"], options["municipality"])
        return ReportRequest(
            kind=kind,
            department=department,
            date_from=options["date_from"],
            date_to=options["date_to"],
            role=options["role"],
            employee=employee,
        )

    def _department(self, code, municipality) -> int | None:
        if not code:
            return None
        found = Department.objects.filter(code=code)
        if municipality:
            found = found.filter(municipality__code=municipality)
        ids = list(found.values_list("pk", flat=True)[:2])
        if not ids:
            raise CommandError(_("No department with code %(code)s.") % {"code": code})
        if len(ids) > 1:
            raise CommandError(
                _("Several departments have code %(code)s; add --municipality.")
                % {"code": code}
            )
        return ids[0]

    def _employee(self, number, municipality) -> int:
        if not number:
            raise CommandError(_("The employee report needs --employee."))
        found = Employee.objects.filter(employee_number=number)
        if municipality:
            found = found.filter(municipality__code=municipality)
        ids = list(found.values_list("pk", flat=True)[:2])
        if len(ids) != 1:
            raise CommandError(
                _("No single employee with number %(number)s; add --municipality.")
                % {"number": number}
            )
        return ids[0]

    def _write(self, user, request, path: Path) -> None:
        # Written next to the target and renamed, so a failure never leaves a
        # half-written file under the requested name.
        directory = path.resolve().parent
        if not directory.is_dir():
            raise CommandError(_("No such directory: %(dir)s") % {"dir": directory})
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                report_write(user=user, request=request, out=out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
