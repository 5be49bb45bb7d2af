"""Who a requirement or campaign is for, as of a date."""

from datetime import date

from django.db.models import Q, QuerySet

from employees.models import Department, Employee


def members(audience, *, at: date, within: QuerySet | None = None) -> QuerySet:
    """Active employees in ``audience`` who had started by ``at``.

    Departments and job roles narrow together: with both, a person must be in
    one of the subtrees *and* hold one of the roles. ``within`` (an Employee
    queryset, e.g. the caller's scope) narrows further.
    """
    people = (within if within is not None else Employee.objects.active()).filter(
        municipality_id=audience.municipality_id
    )
    people = people.filter(
        Q(employment_start__isnull=True) | Q(employment_start__lte=at),
        Q(employment_end__isnull=True) | Q(employment_end__gte=at),
    )
    subtrees = Q(pk__in=[])
    departments = list(audience.departments.all())
    for department in departments:
        subtrees |= Q(department__in=Department.objects.in_subtree(department))
    if departments:
        people = people.filter(subtrees)
    roles = [role.pk for role in audience.job_roles.all()]
    if roles:
        people = people.filter(job_role_id__in=roles)
    if audience.managers_only:
        people = people.filter(is_manager=True)
    return people
