"""Department figures (DESIGN §3, §5.1) for a subtree and a period."""

from collections import defaultdict
from datetime import date

from django.db import connection

from competences.models import Competence
from courses.models import LIVE_STATUSES

from . import sql
from .ladder import proficient_codes, stage_codes
from .period import db_datetime, instant, period_for
from .scope import role_id_of, scope_departments

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
    roots, departments = scope_departments(user=user, department=department)
    if not departments:
        return []
    emp = sql.employees_cte(paths=roots, role_id=role_id_of(role))
    own = defaultdict(lambda: defaultdict(int))
    _add_stage_counts(own, emp, period)
    _add_activity(own, emp, period)
    totals = rollup(departments, own)
    return [_row(dept, totals[dept.pk]) for dept in departments]


def _fetch(query: sql.Sql) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        return cursor.fetchall()


def _add_stage_counts(own, emp, period) -> None:
    query = sql.stage_counts(emp, period.end, period.start)
    for dept_id, stage, count, met, level_sum, moved in _fetch(query):
        counts = own[dept_id]
        counts["headcount"] += count
        counts[f"stage:{stage}"] += count
        counts["met"] += int(met or 0)
        counts["level_sum"] += int(level_sum or 0)
        counts["moved_up"] += int(moved or 0)


def _add_activity(own, emp, period) -> None:
    start, end = db_datetime(period.start), db_datetime(period.end)
    live = [str(status) for status in LIVE_STATUSES]
    for dept_id, active, completed in _fetch(
        sql.enrollment_counts(emp, live, start, end)
    ):
        own[dept_id]["active_enrollments"] += int(active or 0)
        own[dept_id]["completions"] += int(completed or 0)
    for dept_id, verified in _fetch(sql.verified_tasks(emp, start, end)):
        own[dept_id]["practice_tasks_verified"] += int(verified or 0)


def rollup(departments, own: dict) -> dict:
    """Each department's counters plus those of all its descendants.

    Every department adds its own counts to each ancestor in scope, found
    from the segments of its materialised path: cost is departments × depth.
    """
    by_path = {dept.path: dept.pk for dept in departments}
    totals: dict = defaultdict(lambda: defaultdict(int))
    for dept in departments:
        counts = own.get(dept.pk)
        if not counts:
            continue
        ancestors = [
            by_path[prefix] for prefix in _prefixes(dept.path) if prefix in by_path
        ]
        for ancestor in ancestors:
            target = totals[ancestor]
            for key, value in counts.items():
                target[key] += value
    return totals


def _prefixes(path: str) -> list[str]:
    parts = path.split(".")[:-1]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _row(dept, counts) -> dict:
    headcount = counts["headcount"]
    stages = {
        code: {
            "count": counts[f"stage:{code}"],
            "share": _share(counts[f"stage:{code}"], headcount),
        }
        for code in stage_codes()
    }
    proficient = sum(stages[code]["count"] for code in proficient_codes())
    return {
        "department": dept.pk,
        "code": dept.code,
        "name": dept.name,
        "parent": dept.parent_id,
        "depth": dept.depth,
        "headcount": headcount,
        "stages": stages,
        "proficient_share": _share(proficient, headcount),
        "target_met_share": _share(counts["met"], headcount),
        "mean_level": round(counts["level_sum"] / headcount, 2) if headcount else 0.0,
        "moved_up": counts["moved_up"],
        "active_enrollments": counts["active_enrollments"],
        "completions": counts["completions"],
        "practice_tasks_verified": counts["practice_tasks_verified"],
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
    roots, departments = scope_departments(user=user, department=department)
    end = instant(as_of)
    emp = sql.employees_cte(paths=roots, role_id=role_id_of(role))
    own = defaultdict(lambda: defaultdict(int))
    competence_ids = set()
    rows = _fetch(sql.competence_cells(emp, end)) if departments else []
    for dept_id, competence_id, count, level_sum, at_target in rows:
        competence_ids.add(competence_id)
        counts = own[dept_id]
        counts[f"n:{competence_id}"] += count
        counts[f"sum:{competence_id}"] += int(level_sum or 0)
        counts[f"met:{competence_id}"] += int(at_target or 0)
    competences = list(
        Competence.objects.filter(pk__in=competence_ids).order_by("code")
    )
    totals = rollup(departments, own)
    return {
        "as_of": end,
        "competences": competences,
        "rows": [_matrix_row(d, totals[d.pk], competences) for d in departments],
    }


def _matrix_row(dept, counts, competences) -> dict:
    cells = {}
    for competence in competences:
        n = counts[f"n:{competence.pk}"]
        cells[competence.code] = {
            "employees": n,
            "mean_level": round(counts[f"sum:{competence.pk}"] / n, 2) if n else None,
            "target_share": _share(counts[f"met:{competence.pk}"], n) if n else None,
        }
    return {
        "department": dept.pk,
        "code": dept.code,
        "name": dept.name,
        "parent": dept.parent_id,
        "depth": dept.depth,
        "cells": cells,
    }
