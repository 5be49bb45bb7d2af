"""The money per department and year (DESIGN §12): applied for, granted, paid.

One code path for the JSON, the page and the workbook. A participant's amount
counts where they worked when the application was filed, in the year of the
application's date, and rolls up the department tree like the progress
figures. Applied for covers what was sent to the fund (submitted and later);
granted what the fund granted (granted or paid); paid what it paid.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from employees.access import Subtrees, access_for
from employees.tree import rollup
from funding.models import GRANTED_STATES, SENT_STATES, FundApplicationLine, State
from funding.rules import money

FIELDS = ("id", "name", "code", "parent_id", "path", "depth")
AMOUNTS = ("applied", "granted", "paid")


def funding_scope(*, user, department=None) -> Subtrees:
    """Where the user may see the money: the parts of their figure scope they
    lead (HR, managers). Amounts are about people, so a viewer sees none; a
    department out of that answers 404, like one that does not exist."""
    access = access_for(user)
    scope = access.lead_part(access.figure_scope(department))
    if department is not None and not scope:
        raise Http404
    return scope


def funding_figures(*, user, department=None, year: int | None = None) -> list[dict]:
    """One row per department in scope: the department, then its descendants
    depth-first, each with its subtree's amounts in ``year`` (default: this
    year)."""
    year = year or timezone.localdate().year
    scope = funding_scope(user=user, department=department)
    if not scope:
        return []
    departments = list(scope.departments().only(*FIELDS))
    totals = rollup(departments, _own_amounts(scope, year))
    return [_row(dept, totals[dept.pk]) for dept in departments]


def _own_amounts(scope: Subtrees, year: int) -> dict:
    lines = FundApplicationLine.objects.filter(
        scope.q("department"),
        application__applied_on__gte=date(year, 1, 1),
        application__applied_on__lt=date(year + 1, 1, 1),
        application__state__in=SENT_STATES,
    )
    own: dict = defaultdict(lambda: defaultdict(int))
    for dept_id, state, participants, amount in (
        lines.order_by()
        .values_list("department_id", "application__state")
        .annotate(n=Count("id"), total=Sum("amount"))
    ):
        counts = own[dept_id]
        counts["participants"] += participants
        counts["applied"] += amount
        if state in GRANTED_STATES:
            counts["granted"] += amount
        if state == State.PAID:
            counts["paid"] += amount
    return own


def _row(dept, counts) -> dict:
    return {
        "department": dept.pk,
        "code": dept.code,
        "name": dept.name,
        "parent": dept.parent_id,
        "depth": dept.depth,
        "participants": counts["participants"],
        **{key: money(Decimal(counts[key])) for key in AMOUNTS},
    }
