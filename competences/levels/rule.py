"""The level rule of DESIGN §3 as SQL, written once.

- Current level of an employee in a competence: the level of the newest
  assessment from a validating source (not self) no older than
  COMPETENCE_VALIDITY_DAYS at the moment asked; else 0.
- Overall level: the mean of current levels over the job role's profile
  (missing = 0), rounded down; without a role or with an empty profile, the
  mean over the competences with a validated level above 0.
- Target met: a profile exists and every profile competence is at or above
  its target.

The builders below return ``Sql`` fragments of one ``WITH`` clause; callers
(the person API beside this module, the figures in reports) add the final
SELECT. The CTEs, in order:

``emp``      the employees measured (any Employee queryset, compiled by Django)
``lv``       per (employee, competence): the level at ``end`` and, when asked,
             at ``start`` (from the maintained current levels for an ``end``
             not yet passed, with the history only for pairs assessed three
             times since ``start``; else from one pass over the history)
``per_emp``  per employee: overall level at ``end`` (and ``start``), target
             met at ``end``, the last validated assessment
``pairs``    per (employee, profile or assessed competence): target and level
"""

from django.utils import timezone

from competences.levels.dates import validity_start
from competences.levels.sql import Sql, db_datetime
from competences.models import (
    MAX_LEVEL,
    Assessment,
    CurrentLevel,
    LadderStage,
    RoleCompetence,
)

ASSESSMENT = Assessment._meta.db_table
CURRENT = CurrentLevel._meta.db_table
PROFILE = RoleCompetence._meta.db_table
LADDER = LadderStage._meta.db_table


def employees_cte(employees, name: str = "emp") -> Sql:
    """``emp(id, department_id, job_role_id)`` from an Employee queryset
    (under another ``name`` when the rule is to run on a part of them)."""
    rows = employees.order_by().values("id", "department_id", "job_role_id")
    return (
        Sql(f"{name} (id, department_id, job_role_id) AS (")
        + Sql.of_queryset(rows, "emp")
        + Sql(")")
    )


def levels_cte(end, start=None) -> Sql:
    """``lv``: per (employee, competence) ``level_at_end`` with ``assessed_at``
    (when it was assessed), ``level_at_start`` when ``start`` is given, and
    the ``target`` when the competence is on the employee's profile (joined
    once here, not by each step that needs it).

    Each row carries the department and role of its employee, so later steps
    need not join ``emp`` again. Levels at an ``end`` that has not passed yet
    come from the maintained current levels (nothing recorded later could
    count then); levels at a past moment from the history.
    """
    rows = (
        _levels_from_current(end, start)
        if end >= timezone.now()
        else _levels_from_history(end, start)
    )
    return (
        Sql(
            ", lv AS (SELECT raw.employee_id AS employee_id, "  # noqa: S608
            "raw.competence_id AS competence_id, raw.department_id AS department_id, "
            "raw.job_role_id AS job_role_id, raw.level_at_end AS level_at_end, "
            "raw.assessed_at AS assessed_at, raw.level_at_start AS level_at_start, "
            "rc.target_level AS target FROM ("
        )
        + rows
        + Sql(
            f") raw LEFT JOIN {PROFILE} rc ON rc.role_id = raw.job_role_id "
            f"AND rc.competence_id = raw.competence_id)"
        )
    )


def _levels_from_current(end, start) -> Sql:
    """The newest validated levels as maintained, and, for ``start``, the
    newest of the pair's three maintained assessments made before it (see
    ``_levels_before``)."""
    params = {"end_valid_from": db_datetime(validity_start(end))}
    if start is None:
        at_start, lower = "CAST(NULL AS INTEGER)", "%(end_valid_from)s"
    else:
        params["start"] = db_datetime(start)
        params["start_valid_from"] = db_datetime(validity_start(start))
        at_start = _level_before_start()
        # Every slot is at or before the newest: a pair whose newest is
        # older than both windows has no level at either end.
        lower = "%(start_valid_from)s"
    text = (
        f"SELECT c.employee_id AS employee_id, "  # noqa: S608
        f"c.competence_id AS competence_id, emp.department_id AS department_id, "
        f"emp.job_role_id AS job_role_id, "
        f"CASE WHEN c.assessed_at >= %(end_valid_from)s THEN c.level END "
        f"AS level_at_end, "
        f"CASE WHEN c.assessed_at >= %(end_valid_from)s THEN c.assessed_at END "
        f"AS assessed_at, {at_start} AS level_at_start "
        f"FROM {CURRENT} c JOIN emp ON emp.id = c.employee_id "
        f"WHERE c.assessed_at >= {lower}"
    )
    current = Sql(text, params)
    if start is None:
        return current
    return (
        current
        + Sql(
            " UNION ALL SELECT employee_id, competence_id, department_id, "
            "job_role_id, NULL, NULL, level FROM ("
        )
        + _levels_before(start)
        + Sql(") at_start")
    )


def _level_before_start() -> str:
    """The level at ``start`` from the maintained row: its newest slot made
    before the start, if still valid then. NULL when no slot is before the
    start: then the pair has no earlier validated assessment, or all three
    slots are in the period and ``_levels_before`` asks the history."""
    cases = " ".join(
        f"WHEN c.{at} < %(start)s THEN CASE WHEN c.{at} >= %(start_valid_from)s "
        f"THEN c.{level} END"
        for level, at in (
            ("level", "assessed_at"),
            ("previous_level", "previous_assessed_at"),
            ("earlier_level", "earlier_assessed_at"),
        )
    )
    return f"CASE {cases} END"


def _levels_before(start) -> Sql:
    """Per pair whose three maintained assessments are all at or after
    ``start`` (rare: three validated assessments of one competence inside the
    period), the newest validated level before ``start``, if still valid
    then: those pairs' rows before it in history order, keeping each pair's
    last. Every other pair's level at the start is on its maintained row."""
    return Sql(
        f"SELECT employee_id, competence_id, department_id, job_role_id, level "  # noqa: S608
        f"FROM (SELECT a.employee_id AS employee_id, "
        f"a.competence_id AS competence_id, emp.department_id AS department_id, "
        f"emp.job_role_id AS job_role_id, a.level AS level, "
        f"CASE WHEN LEAD(a.id) OVER w IS NULL THEN 1 ELSE 0 END AS is_newest "
        f"FROM {CURRENT} deep JOIN {ASSESSMENT} a "
        f"ON a.employee_id = deep.employee_id "
        f"AND a.competence_id = deep.competence_id "
        f"JOIN emp ON emp.id = a.employee_id "
        f"WHERE deep.earlier_assessed_at >= %(start)s "
        f"AND a.source <> %(self_source)s "
        f"AND a.assessed_at >= %(start_valid_from)s AND a.assessed_at < %(start)s "
        f"WINDOW w AS (PARTITION BY a.employee_id, a.competence_id "
        f"ORDER BY a.assessed_at, a.id)) ranked WHERE is_newest = 1",
        {
            "self_source": Assessment.Source.SELF,
            "start": db_datetime(start),
            "start_valid_from": db_datetime(validity_start(start)),
        },
    )


def _levels_from_history(end, start) -> Sql:
    """The levels at ``end`` (and ``start``) from the history alone.

    One window pass, oldest first so PostgreSQL reads the assessment_history
    index in order: the newest row (no successor) gives the level at the end,
    if still valid then; the newest row before ``start`` gives the level at
    the start, if valid then. Ties on time go to the later row (corrections
    are appended). At most two rows per pair, each with the department and
    role of its employee, so later steps need not join ``emp`` again.
    """
    lower = validity_start(start if start is not None else end)
    params = {
        "self_source": Assessment.Source.SELF,
        "window_lower": db_datetime(lower),
        "end": db_datetime(end),
        "end_valid_from": db_datetime(validity_start(end)),
    }
    if start is None:
        at_start, before_columns = "CAST(NULL AS INTEGER)", ""
        keep = "is_newest = 1"
    else:
        params["start"] = db_datetime(start)
        params["start_valid_from"] = db_datetime(validity_start(start))
        at_start = (
            "CASE WHEN is_before = 1 AND next_is_before = 0 "
            "AND assessed_at >= %(start_valid_from)s THEN level END"
        )
        before = "CASE WHEN a.assessed_at < %(start)s THEN 1 ELSE 0 END"
        before_columns = (
            f"{before} AS is_before, "
            f"COALESCE(LEAD({before}) OVER w, 0) AS next_is_before, "
        )
        keep = "is_newest = 1 OR (is_before = 1 AND next_is_before = 0)"
    return Sql(
        f"SELECT employee_id, competence_id, department_id, job_role_id, "  # noqa: S608
        f"CASE WHEN is_newest = 1 AND assessed_at >= %(end_valid_from)s "
        f"THEN level END AS level_at_end, "
        f"CASE WHEN is_newest = 1 AND assessed_at >= %(end_valid_from)s "
        f"THEN assessed_at END AS assessed_at, "
        f"{at_start} AS level_at_start FROM ("
        f"SELECT a.employee_id AS employee_id, a.competence_id AS competence_id, "
        f"emp.department_id AS department_id, emp.job_role_id AS job_role_id, "
        f"a.level AS level, a.assessed_at AS assessed_at, "
        f"{before_columns}"
        f"CASE WHEN LEAD(a.id) OVER w IS NULL THEN 1 ELSE 0 END AS is_newest "
        f"FROM {ASSESSMENT} a JOIN emp ON emp.id = a.employee_id "
        f"WHERE a.source <> %(self_source)s AND a.assessed_at >= %(window_lower)s "
        f"AND a.assessed_at < %(end)s "
        f"WINDOW w AS (PARTITION BY a.employee_id, a.competence_id "
        f"ORDER BY a.assessed_at, a.id)"
        f") ranked WHERE {keep}",
        params,
    )


def overall(level: str) -> str:
    """The overall level from ``per_emp``'s rows, for the level column ``level``.

    With a profile: the sum of levels on profile competences over the profile
    size, rounded down by integer division. Without: the mean of the levels
    above 0.
    """
    return (
        f"CASE WHEN MAX(profile_size) > 0 THEN "
        f"COALESCE(SUM(CASE WHEN target IS NOT NULL THEN {level} END), 0) "
        f"/ MAX(profile_size) "
        f"ELSE COALESCE(SUM(CASE WHEN {level} > 0 THEN {level} END) "
        f"/ NULLIF(COUNT(CASE WHEN {level} > 0 THEN 1 END), 0), 0) END"
    )


# Target met: a profile exists and every profile competence reaches its target.
TARGET_MET = (
    "CASE WHEN MAX(profile_size) > 0 AND SUM(CASE WHEN target IS NOT NULL "
    "AND level_at_end >= target THEN 1 ELSE 0 END) = MAX(profile_size) "
    "THEN 1 ELSE 0 END"
)


def per_employee_cte(name: str = "per_emp") -> Sql:
    """``per_emp(employee_id, department_id, overall, overall_before, met,
    last_assessed_at)`` over ``emp`` and ``lv`` (under another ``name`` when
    other rows join it: see ``competences.levels.snapshot``).

    One row per employee plus one per level row (with its profile target, if
    the competence is on the profile), grouped once: joining aggregated CTEs
    makes PostgreSQL guess 200 rows and pick nested loops over 500,000
    employees.
    """
    return Sql(
        f", {name} AS (SELECT employee_id, MAX(department_id) AS department_id, "  # noqa: S608
        f"{overall('level_at_end')} AS overall, "
        f"{overall('level_at_start')} AS overall_before, "
        f"{TARGET_MET} AS met, MAX(assessed_at) AS last_assessed_at FROM ("
        f"SELECT emp.id AS employee_id, emp.department_id AS department_id, "
        f"COALESCE(sizes.n, 0) AS profile_size, CAST(NULL AS INTEGER) AS target, "
        # Typed NULLs: PostgreSQL takes a UNION's column types from its first
        # branch and would read a bare NULL as text.
        f"CAST(NULL AS INTEGER) AS level_at_end, "
        f"CAST(NULL AS TIMESTAMP) AS assessed_at, "
        f"CAST(NULL AS INTEGER) AS level_at_start FROM emp "
        f"LEFT JOIN (SELECT role_id, COUNT(*) AS n FROM {PROFILE} GROUP BY role_id) "
        f"sizes ON sizes.role_id = emp.job_role_id "
        f"UNION ALL SELECT employee_id, NULL, NULL, target, "
        f"level_at_end, assessed_at, level_at_start FROM lv"
        f") employee_rows GROUP BY employee_id)"
    )


def pairs_cte() -> Sql:
    """``pairs(employee_id, competence_id, department_id, target, level,
    assessed_at)``: each profile competence of each employee (level NULL when
    not validated) and each other competence with a level."""
    return Sql(
        f", pairs AS (SELECT employee_id, competence_id, "  # noqa: S608
        f"MAX(department_id) AS department_id, MAX(target) AS target, "
        f"MAX(level) AS level, MAX(assessed_at) AS assessed_at FROM ("
        f"SELECT emp.id AS employee_id, rc.competence_id AS competence_id, "
        f"emp.department_id AS department_id, rc.target_level AS target, "
        f"CAST(NULL AS INTEGER) AS level, CAST(NULL AS TIMESTAMP) AS assessed_at "
        f"FROM emp JOIN {PROFILE} rc ON rc.role_id = emp.job_role_id "
        f"UNION ALL SELECT employee_id, competence_id, department_id, NULL, "
        f"level_at_end, assessed_at FROM lv WHERE level_at_end IS NOT NULL"
        f") pair_rows GROUP BY employee_id, competence_id)"
    )


def cells_cte(name: str = "cells") -> Sql:
    """``cells(department_id, competence_id, employees, level_sum, at_target)``:
    per department (its own employees) and profile competence, how many hold
    it in their profile, their levels summed (missing = 0) and how many reach
    the target. Built from ``lv`` without grouping pairs first; the headcounts
    per department and role before the profiles (a few thousand rows, not one
    per employee and profile competence)."""
    return Sql(
        f", {name} AS (SELECT department_id, competence_id, SUM(n) AS employees, "  # noqa: S608
        f"SUM(level) AS level_sum, SUM(met) AS at_target FROM ("
        f"SELECT staff.department_id AS department_id, "
        f"rc.competence_id AS competence_id, staff.n AS n, 0 AS level, 0 AS met "
        f"FROM (SELECT department_id, job_role_id, CAST(COUNT(*) AS INTEGER) AS n "
        f"FROM emp "
        f"GROUP BY department_id, job_role_id) staff "
        f"JOIN {PROFILE} rc ON rc.role_id = staff.job_role_id "
        f"UNION ALL SELECT department_id, competence_id, 0, level_at_end, "
        f"CASE WHEN level_at_end >= target THEN 1 ELSE 0 END FROM lv "
        f"WHERE target IS NOT NULL AND level_at_end IS NOT NULL"
        f") cell_rows GROUP BY department_id, competence_id)"
    )


def stages_cte() -> Sql:
    """``stage_of(level, code, min_level)``: the ladder stage of each level 0-8.

    One row per level, so a stage is an equality join (a hash join over
    half a million employees) rather than a range test against every stage.
    """
    levels = " UNION ALL ".join(f"SELECT {n} AS level" for n in range(MAX_LEVEL + 1))
    return Sql(
        f", stage_of AS (SELECT levels.level AS level, st.code AS code, "  # noqa: S608
        f"st.min_level AS min_level FROM ({levels}) levels JOIN {LADDER} st "
        f"ON levels.level BETWEEN st.min_level AND st.max_level)"
    )


def stage_join(alias: str, level: str) -> str:
    """JOIN ``stage_of`` as ``alias`` on the stage that holds the level ``level``."""
    return f"JOIN stage_of {alias} ON {alias}.level = {level}"


def with_levels(employees, end, start=None) -> Sql:
    """``WITH emp, lv, per_emp``: the rule for ``employees`` at ``end`` (and
    ``start``). Add ``pairs_cte()`` or ``cells_cte()`` for per-competence views."""
    return (
        Sql("WITH ")
        + employees_cte(employees)
        + levels_cte(end, start)
        + per_employee_cte()
        + stages_cte()
    )


def with_competence_levels(employees, end) -> Sql:
    """``WITH emp, lv`` only, for views per competence (``cells_cte``): without
    ``per_emp`` the planner streams ``lv`` instead of storing its two million
    national rows first (a third of the competence matrix's time)."""
    return Sql("WITH ") + employees_cte(employees) + levels_cte(end)
