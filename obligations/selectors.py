"""Reads of the obligations app, scoped by the access policy."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from employees.access import access_for
from employees.models import Employee
from obligations.models import Campaign, CampaignTry, Requirement
from obligations.status import person_status


def _visible(model, user) -> QuerySet:
    """Rows of the municipalities the user holds grants in, and those whose
    audience the user belongs to."""
    access = access_for(user)
    if access.is_superuser:
        return model.objects.all()
    granted = access.departments().values("municipality_id")
    rows = model.objects.filter(municipality_id__in=granted)
    own = Employee.objects.filter(user=user).first() if user.is_authenticated else None
    if own is not None:
        mine = [item.pk for item in audience_of(model, own)]
        rows = model.objects.filter(Q(pk__in=rows.values("pk")) | Q(pk__in=mine))
    return rows


def audience_of(model, employee, *, at=None) -> list:
    """The requirements (or campaigns) whose audience holds ``employee``:
    the rule of ``obligations.audience.members`` for one person, checked
    in memory over the municipality's rows (three queries, however many)."""
    at = at or timezone.localdate()
    if not employee.is_active or not _employed(employee, at):
        return []
    candidates = model.objects.filter(
        municipality_id=employee.municipality_id
    ).prefetch_related("departments", "job_roles")
    department = employee.department
    return [item for item in candidates if _holds(item, employee, department)]


def _employed(employee, at) -> bool:
    started = employee.employment_start is None or employee.employment_start <= at
    ended = employee.employment_end is not None and employee.employment_end < at
    return started and not ended


def _holds(audience, employee, department) -> bool:
    departments = list(audience.departments.all())
    if departments and not any(d.contains(department) for d in departments):
        return False
    roles = {role.pk for role in audience.job_roles.all()}
    if roles and employee.job_role_id not in roles:
        return False
    return employee.is_manager or not audience.managers_only


def requirement_list(*, user) -> QuerySet[Requirement]:
    return (
        _visible(Requirement, user)
        .prefetch_related("departments", "job_roles", "courses")
        .select_related("competence")
        .order_by("name", "id")
    )


def campaign_list(*, user) -> QuerySet[Campaign]:
    return (
        _visible(Campaign, user)
        .prefetch_related("departments", "job_roles")
        .order_by("-starts_on", "name", "id")
    )


def try_list(*, user) -> QuerySet[CampaignTry]:
    """Evidence the user may see: their own, and that of people they lead."""
    access = access_for(user)
    lead = access.q("submission__employee__department", "hr", "manager")
    own = Q(submission__employee__user=user) if user.is_authenticated else Q(pk__in=[])
    return (
        CampaignTry.objects.filter(lead | own)
        .select_related("campaign", "submission", "submission__employee")
        .order_by("-submission__submitted_at", "-id")
    )


def own_statuses(employee, *, at=None) -> list:
    """(requirement, status row) for each requirement whose audience holds
    ``employee``, by requirement name."""
    at = at or timezone.localdate()
    result = []
    for requirement in audience_of(Requirement, employee):
        row = person_status(requirement, employee, at=at)
        if row is not None:
            result.append((requirement, row))
    return result


def _own_count(user, wanted: str) -> int:
    if not user.is_authenticated:
        return 0
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        return 0
    return sum(1 for _req, row in own_statuses(employee) if row.status == wanted)


def requirements_due_count(user) -> int:
    return _own_count(user, "due")


def requirements_overdue_count(user) -> int:
    return _own_count(user, "overdue")
