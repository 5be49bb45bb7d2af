"""Department figures (DESIGN §3, §5.1) for a subtree and a period."""

import functools
import sys
from collections import defaultdict
from datetime import date
from itertools import chain

from django.db.models import Count

from competences.ladder import proficient_codes, stage_codes
from competences.levels import instant
from competences.levels.sql import fetch
from competences.models import Competence
from courses.models import LIVE_STATUSES
from employees.suppression import hidden_departments
from employees.tree import rollup

from . import cache, sql
from .period import period_for
from .scope import lead_scope, measured, scope_departments

COUNTERS = (
    "headcount",
    "met",
    "level_sum",
    "moved_up",
    "active_enrollments",
    "completions",
    "practice_tasks_verified",
)


def department_figures(
    *,
    user,
    department=None,
    date_from: date | None = None,
    date_to: date | None = None,
    role=None,
) -> list[dict]:
    """One row per department in scope: the department, then its descendants.

    Every figure covers the department with its subtree and active employees
    only. Stages, shares and mean level are as of the end of ``date_to``;
    moved up compares the stage before ``date_from`` with the stage at the end
    of ``date_to``.
    """
    period = period_for(date_from, date_to)
    scope, departments = scope_departments(user=user, department=department)
    if not departments:
        return []
    own = defaultdict(lambda: defaultdict(int))
    municipalities = _municipalities(departments)
    _add_stage_counts(own, scope, role, period, municipalities)
    _add_activity(own, scope, role, period, municipalities)
    totals = rollup(departments, own)
    hidden = _hidden(user, department, departments, totals)
    return [_row(dept, totals[dept.pk], dept.pk in hidden) for dept in departments]


def department_report(
    *,
    user,
    department=None,
    date_from: date | None = None,
    date_to: date | None = None,
    role=None,
) -> tuple[list[dict], dict]:
    """``department_figures`` and ``competence_matrix`` at the end of the period,
    from one pass over the assessment history (for the Excel report)."""
    period = period_for(date_from, date_to)
    scope, departments = scope_departments(user=user, department=department)
    if not departments:
        return [], {"as_of": period.end, "competences": [], "rows": []}
    own = defaultdict(lambda: defaultdict(int))
    cells = defaultdict(lambda: defaultdict(int))
    competence_ids = set()
    municipalities = _municipalities(departments)
    queries = sql.department_report(scope, role, period.end, period.start)
    rows = chain.from_iterable(cache.rows(query, municipalities) for query in queries)
    for kind, dept_id, stage, competence_id, count, a, b, moved in rows:
        if kind == "stage":
            _count_stage(own[dept_id], stage, count, a, b, moved)
        else:
            competence_ids.add(competence_id)
            _count_cell(cells[dept_id], competence_id, count, a, b)
    _add_activity(own, scope, role, period, municipalities)
    totals = rollup(departments, own)
    hidden = _hidden(user, department, departments, totals)
    rows = [_row(dept, totals[dept.pk], dept.pk in hidden) for dept in departments]
    return rows, _matrix(departments, cells, competence_ids, period.end, hidden)


@functools.cache
def _key(kind: str, value) -> str:
    """A counter's key; the few distinct keys are shared by every department
    (interned), so 3,000 departments × 21 competences do not copy them, and
    made once (a national report looks keys up 400,000 times)."""
    return sys.intern(f"{kind}:{value}")


@functools.cache
def _cell_keys(competence_id) -> tuple[str, str, str]:
    employees, levels, met = (_key(k, competence_id) for k in ("n", "sum", "met"))
    return employees, levels, met


def _count_stage(counts, stage, count, met, level_sum, moved) -> None:
    counts["headcount"] += count
    counts[_key("stage", stage)] += count
    counts["met"] += int(met or 0)
    counts["level_sum"] += int(level_sum or 0)
    counts["moved_up"] += int(moved or 0)


def _count_cell(counts, competence_id, count, level_sum, at_target) -> None:
    employees, levels, met = _cell_keys(competence_id)
    counts[employees] += count
    counts[levels] += int(level_sum or 0)
    counts[met] += int(at_target or 0)


def _matrix(departments, cells, competence_ids, end, hidden: set) -> dict:
    competences = list(
        Competence.objects.filter(pk__in=competence_ids).order_by("code")
    )
    totals = rollup(departments, cells)
    return {
        "as_of": end,
        "competences": competences,
        "rows": [
            _matrix_row(d, totals[d.pk], competences, d.pk in hidden)
            for d in departments
        ],
    }


def _hidden(user, department, departments, totals) -> set:
    """The departments whose figures this user may not see (small groups seen
    only through a viewer grant; see suppression)."""
    lead = lead_scope(user=user, department=department)
    headcounts = {dept.pk: totals[dept.pk]["headcount"] for dept in departments}
    return hidden_departments(departments, headcounts, lead)


def employees_moved_up(
    *, user, department=None, date_from=None, date_to=None, limit: int = 50
) -> list[tuple[int, str, str]]:
    """(employee id, stage before, stage at the end) of those who moved up,
    the first ``limit`` by name, among the employees the user may see in detail.

    The same query as the ``moved_up`` count, so names and count agree.
    """
    period = period_for(date_from, date_to)
    lead = lead_scope(user=user, department=department)
    if not lead:
        return []
    return fetch(sql.moved_up(lead.employees(), period.end, period.start, limit))


def _municipalities(departments) -> set:
    """Whose writes change these departments' figures (see cache)."""
    return {dept.municipality_id for dept in departments}


def _add_stage_counts(own, scope, role, period, municipalities) -> None:
    query = sql.stage_counts(scope, role, period.end, period.start)
    for dept_id, stage, count, met, level_sum, moved in cache.rows(
        query, municipalities
    ):
        _count_stage(own[dept_id], stage, count, met, level_sum, moved)


def _add_activity(own, scope, role, period, municipalities) -> None:
    start, end = period.start, period.end
    live = [str(status) for status in LIVE_STATUSES]
    for dept_id, active, completed, verified in cache.rows(
        sql.activity_counts(scope, role, live, start, end), municipalities
    ):
        own[dept_id]["active_enrollments"] += int(active or 0)
        own[dept_id]["completions"] += int(completed or 0)
        own[dept_id]["practice_tasks_verified"] += int(verified or 0)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _place(dept) -> dict:
    return {
        "department": dept.pk,
        "code": dept.code,
        "name": dept.name,
        "parent": dept.parent_id,
        "depth": dept.depth,
    }


# A hidden department's row keeps its place in the tree and withholds every
# figure (pages and workbooks show its headcount as "< PRIVACY_MIN_GROUP").
WITHHELD = dict.fromkeys(
    (
        "headcount",
        "stages",
        "proficient_share",
        "target_met_share",
        "mean_level",
        "moved_up",
        "active_enrollments",
        "completions",
        "practice_tasks_verified",
    )
)


def _row(dept, counts, hidden: bool = False) -> dict:
    if hidden:
        return {**_place(dept), **WITHHELD, "suppressed": True}
    headcount = counts["headcount"]
    stages = {
        code: {
            "count": counts[_key("stage", code)],
            "share": _share(counts[_key("stage", code)], headcount),
        }
        for code in stage_codes()
    }
    proficient = sum(stages[code]["count"] for code in proficient_codes())
    return {
        **_place(dept),
        "headcount": headcount,
        "stages": stages,
        "proficient_share": _share(proficient, headcount),
        "target_met_share": _share(counts["met"], headcount),
        "mean_level": round(counts["level_sum"] / headcount, 2) if headcount else 0.0,
        "moved_up": counts["moved_up"],
        "active_enrollments": counts["active_enrollments"],
        "completions": counts["completions"],
        "practice_tasks_verified": counts["practice_tasks_verified"],
        "suppressed": False,
    }


def competence_matrix(*, user, department, as_of=None, role=None) -> dict:
    """Per department (with subtree) × profile competence: level and target share.

    Covers, per competence, the active employees whose role profile holds it:
    ``mean_level`` is their mean current level (missing = 0) and
    ``target_share`` the share at or above the role's target.
    Answers ``{"as_of", "competences": [Competence], "rows": [{department,
    code, name, parent, depth, "cells": {code: {employees, mean_level,
    target_share}}}]}``.
    """
    scope, departments = scope_departments(user=user, department=department)
    end = instant(as_of)
    cells = defaultdict(lambda: defaultdict(int))
    competence_ids = set()
    hidden: set = set()
    if departments:
        employees = measured(scope, role)
        for dept_id, competence_id, count, level_sum, at_target in fetch(
            sql.competence_cells(scope, role, end)
        ):
            competence_ids.add(competence_id)
            _count_cell(cells[dept_id], competence_id, count, level_sum, at_target)
        headcounts = _headcounts(employees, departments)
        hidden = _hidden(user, department, departments, headcounts)
    return _matrix(departments, cells, competence_ids, end, hidden)


def _headcounts(employees, departments) -> dict:
    """Active employees per department with its subtree (one query)."""
    own = defaultdict(lambda: defaultdict(int))
    for dept_id, count in (
        employees.order_by().values_list("department_id").annotate(n=Count("id"))
    ):
        own[dept_id]["headcount"] = count
    return rollup(departments, own)


def _matrix_row(dept, counts, competences, hidden: bool = False) -> dict:
    if hidden:
        return {**_place(dept), "cells": None, "suppressed": True}
    cells = {}
    for competence in competences:
        employees, levels, met = _cell_keys(competence.id)
        n, level_sum, at_target = counts[employees], counts[levels], counts[met]
        cells[competence.code] = {
            "employees": n,
            "mean_level": round(level_sum / n, 2) if n else None,
            "target_share": _share(at_target, n) if n else None,
        }
    return {**_place(dept), "cells": cells, "suppressed": False}
