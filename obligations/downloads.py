"""The compliance workbook: the figures of the JSON endpoints, as xlsx."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Department
from obligations import figures
from obligations.excel import compliance_workbook
from obligations.models import Campaign
from obligations.status import statuses


def compliance_workbook_write(
    *, access, out, department=None, requirement=None, at=None
) -> None:
    at = at or timezone.localdate()
    scope = figures.scope_for(access, department)
    chosen = figures.requirements_in(scope).prefetch_related(
        "departments", "job_roles", "courses"
    )
    if requirement is not None:
        chosen = chosen.filter(pk=requirement)
    chosen = list(chosen)
    requirements = [
        (item.name, figures.requirement_rows(item, scope, at=at)) for item in chosen
    ]
    campaigns = [
        (item.name, figures.campaign_rows(item, scope, at=at))
        for item in Campaign.objects.select_related("municipality")
        .filter(
            Q(
                municipality_id__in=scope.subtrees.departments().values(
                    "municipality_id"
                )
            )
        )
        .prefetch_related("departments", "job_roles")
    ]
    people = None
    if scope.lead:
        names = dict(scope.lead.departments().values_list("pk", "name"))
        people = [
            (item.name, names.get(row.department, ""), row)
            for item in chosen
            for row in statuses(item, at=at, within=scope.lead.employees())
        ]
    place = Department.objects.filter(pk=department or 0).first()
    parameters = [
        (_("Report"), _("Compliance")),
        (_("Department"), str(place) if place else _("Every department you lead")),
        (_("As of"), at),
        (_("Made at"), timezone.now()),
        (_("Made by"), access.user.get_username()),
    ]
    compliance_workbook(
        out=out,
        requirements=requirements,
        campaigns=campaigns,
        people=people,
        parameters=parameters,
    )
