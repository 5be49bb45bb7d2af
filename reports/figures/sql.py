"""Aggregations of the figures of DESIGN §3 over the level rule's CTEs.

The rule itself (current level, overall level, target met) is
``competences.levels.rule``; here the database only counts: per department and
stage, per department and competence, enrollments and verified tasks. Python
then rolls departments up into their ancestors, so the cost in queries is the
same for 10 or 3,000 departments.
"""

from competences.levels import snapshot
from competences.levels.rule import (
    cells_cte,
    employees_cte,
    stage_join,
)
from competences.levels.snapshot import with_cells, with_level_groups, with_overall
from competences.levels.sql import Sql, db_datetime
from courses.models import Enrollment, PracticeTaskSubmission
from employees.models import Employee

from ..models import SnapshotActivity
from .scope import measured, role_id_of

ENROLLMENT = Enrollment._meta.db_table
PRACTICE_TASK = PracticeTaskSubmission._meta.db_table
ACTIVITY = SnapshotActivity._meta.db_table

# Each employee with their stage at the end (stage_now) and at the start.
STAGES = (
    f" FROM per_emp pe {stage_join('stage_now', 'pe.overall')} "
    f"{stage_join('stage_before', 'pe.overall_before')} "
)
MOVED_UP = "CASE WHEN stage_now.min_level > stage_before.min_level THEN 1 ELSE 0 END"
# Per (department, stage at the end): employees, met, level sum, moved up,
# over ``level_groups`` (people counted per department and overall level at
# both ends first, a few per department, so the stages are joined to those
# groups rather than to every employee). Integer counts: PostgreSQL sums
# BIGINT to NUMERIC.
STAGE_TOTALS = (
    f"SUM(pe.n), SUM(pe.met), SUM(pe.overall * pe.n), SUM({MOVED_UP} * pe.n) "
    f"FROM level_groups pe {stage_join('stage_now', 'pe.overall')} "
    f"{stage_join('stage_before', 'pe.overall_before')} "
    f"GROUP BY pe.department_id, stage_now.code"
)


def _counted(scope, role_id) -> tuple:
    """The people the figures count and the scope's departments."""
    return measured(scope, role_id), scope.departments(), role_id_of(role_id)


def stage_counts(scope, role_id, end, start) -> Sql:
    """Per (department, stage at ``end``): employees, met, level sum, moved up.

    Moved up: the stage at ``end`` is above the stage just before ``start``.
    Where the day's snapshot holds a department's totals they are read
    (``competences.levels.snapshot``).
    """
    kept = snapshot.matching(end, start)
    return with_level_groups(kept, *_counted(scope, role_id), end, start) + Sql(
        f" SELECT pe.department_id, stage_now.code, {STAGE_TOTALS}"
    )


STAGE_ROWS = f" SELECT 'stage', pe.department_id, stage_now.code, NULL, {STAGE_TOTALS}"
CELL_ROWS = (
    " SELECT 'cell', department_id, NULL, competence_id, employees, level_sum, "
    "at_target, NULL FROM cells"
)


def department_report(scope, role_id, end, start) -> list[Sql]:
    """``stage_counts`` and the competence cells at ``end``.

    Rows are ("stage", department, stage code, NULL, employees, met, level
    sum, moved up) or ("cell", department, NULL, competence, employees, level
    sum, at target, NULL). Where the day's snapshot holds the totals, from
    them; else one pass over the levels for both.
    """
    counted = _counted(scope, role_id)
    # Asked once: a refresh committing between two statements must not make
    # them read different snapshots.
    kept = snapshot.matching(end, start)
    if kept is not None:
        return [
            with_level_groups(kept, *counted, end, start) + Sql(STAGE_ROWS),
            with_cells(kept, *counted, end) + Sql(CELL_ROWS),
        ]
    return [
        with_level_groups(None, *counted, end, start)
        + cells_cte()
        + Sql(f"{STAGE_ROWS} UNION ALL{CELL_ROWS}")
    ]


def competence_cells(scope, role_id, end) -> Sql:
    """Per (department, profile competence): employees, level sum, at target."""
    kept = snapshot.matching(end, None)
    return with_cells(kept, *_counted(scope, role_id), end) + Sql(
        " SELECT department_id, competence_id, employees, level_sum, at_target "
        "FROM cells"
    )


def moved_up(employees, end, start, limit: int) -> Sql:
    """(employee id, stage before, stage at the end) of the first ``limit``
    by name among those who moved up."""
    employee = employees.model._meta.db_table
    return with_overall(employees, end, start) + Sql(
        f" SELECT pe.employee_id, stage_before.code, stage_now.code{STAGES}"  # noqa: S608
        f"JOIN {employee} e ON e.id = pe.employee_id "
        f"WHERE stage_now.min_level > stage_before.min_level "
        f"ORDER BY e.name, e.id LIMIT %(limit)s",
        {"limit": limit},
    )


def _live_marks(live: list[str]) -> tuple[str, dict]:
    params = {f"live_{index}": status for index, status in enumerate(live)}
    return ", ".join(f"%({name})s" for name in params), params


def _activity(live: list[str], start, end) -> tuple[str, str, dict]:
    """Live enrollments now, completions and practice tasks approved in
    [start, end) of ``emp``'s people, from one pass over the enrollments: the
    sums (named live, completed, verified), the FROM clause and parameters,
    for the caller to group as it needs.

    The approved tasks are counted per enrollment first (an enrollment may
    have had several submissions), so joining them repeats no enrollment.
    """
    marks, params = _live_marks(live)
    sums = (
        f"CAST(SUM(CASE WHEN en.status IN ({marks}) THEN 1 ELSE 0 END) AS INTEGER) "
        f"AS live, CAST(SUM(CASE WHEN en.status = %(completed)s "
        f"AND en.completed_at >= %(period_start)s "
        f"AND en.completed_at < %(period_end)s THEN 1 ELSE 0 END) AS INTEGER) "
        f"AS completed, CAST(SUM(COALESCE(approved.n, 0)) AS INTEGER) AS verified"
    )
    source = (
        f" FROM emp JOIN {ENROLLMENT} en ON en.employee_id = emp.id "  # noqa: S608
        f"LEFT JOIN (SELECT p.enrollment_id AS enrollment_id, COUNT(*) AS n "
        f"FROM {PRACTICE_TASK} p WHERE p.status = %(approved)s "
        f"AND p.reviewed_at >= %(period_start)s "
        f"AND p.reviewed_at < %(period_end)s GROUP BY p.enrollment_id) approved "
        f"ON approved.enrollment_id = en.id "
    )
    params.update(
        completed=Enrollment.Status.COMPLETED,
        approved=PracticeTaskSubmission.Review.APPROVED,
        period_start=db_datetime(start),
        period_end=db_datetime(end),
    )
    return sums, source, params


def activity_counts(scope, role_id, live: list[str], start, end) -> Sql:
    """Per department: live enrollments now, completions and practice tasks
    approved in [start, end); where the day's snapshot keeps a department,
    from its stored totals (``activity_building``)."""
    employees, departments, role = _counted(scope, role_id)
    sums, source, params = _activity(live, start, end)
    kept = snapshot.matching(end, start)
    if kept is None:
        return (
            Sql("WITH ")
            + employees_cte(employees)
            + Sql(
                f" SELECT emp.department_id, {sums}{source}GROUP BY emp.department_id",
                params,
            )
        )
    return (
        Sql("WITH ")
        + employees_cte(snapshot.elsewhere(employees, departments, kept))
        + Sql(
            f" SELECT department_id, CAST(SUM(live) AS INTEGER), "  # noqa: S608
            f"CAST(SUM(completed) AS INTEGER), CAST(SUM(verified) AS INTEGER) "
            f"FROM (SELECT emp.department_id AS department_id, {sums}{source}"
            f"GROUP BY emp.department_id UNION ALL SELECT a.department_id, a.live, "
            f"a.completed, a.verified FROM {ACTIVITY} a WHERE ",
            params,
        )
        + snapshot.stored(kept, departments, role, "a")
        + Sql(") activity GROUP BY department_id")
    )


def activity_building(snapshot_id: int, end, start, live: list[str]) -> Sql:
    """The stored totals per department and role of every active person, for
    the snapshot of (``start``, ``end``)."""
    sums, source, params = _activity(live, start, end)
    return (
        Sql(
            f"INSERT INTO {ACTIVITY} (snapshot_id, department_id, job_role_id, "  # noqa: S608
            f"live, completed, verified) WITH "
        )
        + employees_cte(Employee.objects.filter(is_active=True))
        + Sql(
            f" SELECT %(snapshot)s, emp.department_id, emp.job_role_id, {sums}"
            f"{source}GROUP BY emp.department_id, emp.job_role_id",
            {**params, "snapshot": snapshot_id},
        )
    )
