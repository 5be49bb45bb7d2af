"""The funding workbooks: gather rows, hand them to the builders in excel.py."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from api.xlsx import DATE, DATETIME, DECIMAL
from employees.models import Department
from funding.excel import application_workbook, funding_workbook
from funding.figures import funding_figures
from funding.models import FundApplication


def this_year() -> int:
    return timezone.localdate().year


def funding_filename(year: int | None) -> str:
    today = timezone.localdate().isoformat()
    return f"kyndig-funding-{year or this_year()}-{today}.xlsx"


def funding_workbook_write(*, user, out, department=None, year=None) -> None:
    year = year or this_year()
    rows = funding_figures(user=user, department=department, year=year)
    place = Department.objects.filter(pk=department or 0).first()
    parameters = [
        (_("Report"), _("Kompetencefond per department")),
        (_("Department"), str(place) if place else _("Every department you lead")),
        (_("Year"), year),
        (_("Made at"), timezone.now()),
        (_("Made by"), user.get_username()),
        (_("Language"), translation.get_language() or settings.LANGUAGE_CODE),
    ]
    funding_workbook(out=out, rows=rows, parameters=parameters)


def application_workbook_write(*, application: FundApplication, out) -> None:
    """``application`` as ``funding.selectors.application_list`` reads it."""
    application_workbook(out=out, summary=application_summary(application))


def application_summary(application: FundApplication) -> dict:
    lines = list(application.lines.all())
    facts = [
        (_("Application"), f"#{application.pk}", None),
        (_("State"), application.get_state_display(), None),
        (_("Course"), application.course.title, None),
        (_("Education partner"), application.course.provider.name, None),
        (_("Kind of education"), application.get_education_kind_display(), None),
        (_("Application date"), application.applied_on, DATE),
        (_("Share of the costs (%)"), application.percentage, DECIMAL),
        (_("Course fee per participant (DKK)"), application.fee, DECIMAL),
        (_("Materials per participant (DKK)"), application.materials, DECIMAL),
        (_("Transport per participant (DKK)"), application.transport, DECIMAL),
        (_("Participants"), len(lines), None),
        (_("Amount applied for (DKK)"), application.amount_applied, DECIMAL),
        (_("Workplace share (DKK)"), application.workplace_share, DECIMAL),
        (_("Submitted at"), application.submitted_at, DATETIME),
        (_("Decided at"), application.decided_at, DATETIME),
        (_("Paid at"), application.paid_at, DATETIME),
    ]
    participants = [
        {
            "name": line.employee.name,
            "employee_number": line.employee.employee_number,
            "department": line.department.name,
            "starts_at": line.enrollment.session.starts_at,
            "amount": line.amount,
            "workplace_share": line.workplace_share,
        }
        for line in lines
    ]
    signatures = [
        {
            "role": signature.get_role_display(),
            "name": signature.name,
            "signed_at": signature.signed_at,
        }
        for signature in application.signatures.all()
    ]
    return {"facts": facts, "participants": participants, "signatures": signatures}
