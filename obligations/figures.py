"""Compliance figures (DESIGN §9): per department of a scope, the counts and
shares of each requirement status, and per campaign who tried it.

Rows come in the §5.1 order (a department, then its descendants depth-first)
and count each department with its subtree, summed by ``employees.tree``
like the department progress figures. A row's status counts sum to its
headcount: the people of the audience in that subtree.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from employees.access import Access, Subtrees
from employees.suppression import hidden_departments
from employees.tree import rollup
from obligations import status as status_of
from obligations.audience import members
from obligations.models import Campaign, CampaignTry, Requirement
from obligations.status import STATUSES


@dataclass
class Scope:
    """What a caller's figures cover and whether each row may be shown."""

    subtrees: Subtrees
    lead: Subtrees  # where the caller sees people in detail (no suppression)
    # One answer's department rows per municipality part: its requirements
    # and campaigns share them (a national answer asks for 196 requirements).
    rows: dict = field(default_factory=dict, compare=False)


def scope_for(access: Access, department=None) -> Scope:
    subtrees = access.figure_scope(department)
    return Scope(subtrees, access.lead_part(subtrees))


def _part(scope: Scope, obligation) -> Subtrees:
    """The scope inside the municipality a requirement or campaign belongs
    to: its audience lives there, so other municipalities' rows would all be
    zero (a national scope would answer 3,000 rows for each), and a filter on
    the municipality's own subtree is far cheaper than one on every subtree
    of the scope."""
    return scope.subtrees.within(obligation.municipality)


def _department_rows(scope: Scope, part: Subtrees) -> list:
    if part not in scope.rows:
        departments = part.departments()
        scope.rows[part] = list(
            departments.only("id", "code", "name", "parent_id", "depth", "path")
        )
    return scope.rows[part]


def _share(count: int, of: int):
    return round(count / of, 4) if of else None


def _hidden(scope: Scope, departments, totals, headcount_of) -> set:
    """Departments whose figures a viewer may not see: small groups, and the
    residual groups a subtraction would reveal (DESIGN §4), counted over the
    people these figures are about."""
    headcounts = {pk: headcount_of(counts) for pk, counts in totals.items()}
    return hidden_departments(departments, headcounts, scope.lead)


def requirement_rows(requirement: Requirement, scope: Scope, *, at: date) -> list:
    part = _part(scope, requirement)
    own = status_of.status_counts(requirement, at=at, within=part.employees())
    departments = _department_rows(scope, part)
    totals = rollup(departments, own)
    hidden = _hidden(scope, departments, totals, lambda counts: sum(counts.values()))
    rows = []
    for department in departments:
        counts = totals.get(department.pk, {})
        headcount = sum(counts.values())
        row = _base(department, headcount)
        row["requirement"] = requirement.pk
        if department.pk in hidden:
            row.update(suppressed=True, headcount=None, statuses=None)
        else:
            row["statuses"] = {
                key: {
                    "count": counts.get(key, 0),
                    "share": _share(counts.get(key, 0), headcount),
                }
                for key in STATUSES
            }
        rows.append(row)
    return rows


def campaign_rows(campaign: Campaign, scope: Scope, *, at: date) -> list:
    part = _part(scope, campaign)
    audience = members(campaign, at=at, within=part.employees())
    tried = set(
        CampaignTry.objects.filter(
            campaign=campaign,
            submission__status=CampaignTry.Review.APPROVED,
            submission__employee_id__in=audience.values("id"),
        ).values_list("submission__employee_id", flat=True)
    )
    own: dict[int, Counter] = {}
    for pk, department, is_manager in audience.values_list(
        "id", "department_id", "is_manager"
    ):
        group = "managers" if is_manager else "staff"
        counts = own.setdefault(department, Counter())
        counts[group] += 1
        counts[f"{group}_tried"] += pk in tried
    departments = _department_rows(scope, part)
    totals = rollup(departments, own)
    hidden = _hidden(scope, departments, totals, _campaign_headcount)
    rows = []
    for department in departments:
        counts = totals.get(department.pk, {})
        headcount = _campaign_headcount(counts)
        row = _base(department, headcount)
        row["campaign"] = campaign.pk
        if department.pk in hidden:
            row.update(suppressed=True, headcount=None, tried=None)
        else:
            row["tried"] = _tried(counts)
        rows.append(row)
    return rows


def _campaign_headcount(counts) -> int:
    return counts.get("managers", 0) + counts.get("staff", 0)


def _tried(counts) -> dict:
    result = {}
    for group in ("managers", "staff"):
        of, count = counts.get(group, 0), counts.get(f"{group}_tried", 0)
        result[group] = {"count": count, "of": of, "share": _share(count, of)}
    of = result["managers"]["of"] + result["staff"]["of"]
    count = result["managers"]["count"] + result["staff"]["count"]
    result["all"] = {"count": count, "of": of, "share": _share(count, of)}
    return result


def _base(department, headcount: int) -> dict:
    return {
        "department": department.pk,
        "code": department.code,
        "name": department.name,
        "parent": department.parent_id,
        "depth": department.depth,
        "headcount": headcount,
        "suppressed": False,
    }


def requirements_in(scope: Scope):
    """Requirements of the municipalities the scope touches."""
    roots = scope.subtrees.departments().values("municipality_id")
    requirements = Requirement.objects.filter(Q(municipality_id__in=roots))
    return requirements.select_related("municipality").order_by("name", "id")
