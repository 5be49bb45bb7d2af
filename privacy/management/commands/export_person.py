"""manage.py export_person <employee-number> [--municipality CODE] --output DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee, EmployeeAccessLog
from employees.services import employee_access_log
from privacy.bundle import access_bundle, bundle_json, bundle_xlsx


class Command(BaseCommand):
    help = (
        "Write everything Kyndig holds on one person as JSON and xlsx (GDPR art. 15)."
    )

    def add_arguments(self, parser):
        parser.add_argument("employee_number")
        parser.add_argument("--municipality", help="Municipality code")
        parser.add_argument("--output", required=True, help="Directory to write to")

    def handle(self, *args, **options):
        employee = _find(options["employee_number"], options["municipality"])
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        employee_access_log(
            viewer=None, employee=employee, channel=EmployeeAccessLog.Channel.EXPORT
        )
        bundle = access_bundle(employee=employee)
        stem = f"kyndig-access-{employee.pk}-{timezone.localdate():%Y%m%d}"
        (output / f"{stem}.json").write_bytes(bundle_json(bundle))
        (output / f"{stem}.xlsx").write_bytes(bundle_xlsx(bundle))
        self.stdout.write(str(output / f"{stem}.json"))
        self.stdout.write(str(output / f"{stem}.xlsx"))


def _find(number: str, municipality_code: str | None) -> Employee:
    employees = Employee.objects.filter(employee_number=number)
    if municipality_code:
        employees = employees.filter(municipality__code=municipality_code)
    found = list(employees.select_related("department")[:2])
    if not found:
        raise CommandError(_("No employee with that number."))
    if len(found) > 1:
        raise CommandError(
            _("The number exists in several municipalities; add --municipality CODE.")
        )
    return found[0]
