"""SQL for the metrics of DESIGN §3, portable between SQLite and PostgreSQL.

The figures are computed by the database: a window function picks each
employee's newest validating assessment per competence, GROUP BY turns those
into overall levels and department counts. Only table names from model
metadata and fixed fragments are interpolated (hence the S608 noqa marks);
every value is a query parameter. Python only rolls departments up
into their ancestors, so the cost in queries is the same for 10 or 3,000
departments.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from competences.models import Assessment, LadderStage
from courses.models import Enrollment, PracticeTaskSubmission
from employees.models import Department, Employee, RoleCompetence

from .period import db_datetime, validity_window

EMPLOYEE = Employee._meta.db_table
DEPARTMENT = Department._meta.db_table
PROFILE = RoleCompetence._meta.db_table
ASSESSMENT = Assessment._meta.db_table
LADDER = LadderStage._meta.db_table
ENROLLMENT = Enrollment._meta.db_table
PRACTICE_TASK = PracticeTaskSubmission._meta.db_table


class Sql:
    """A fragment of SQL text with its parameters, in order."""

    def __init__(self, text: str = "", params: list | None = None):
        self.text = text
        self.params = list(params or [])

    def __add__(self, other: "Sql") -> "Sql":
        return Sql(self.text + other.text, self.params + other.params)


def employees_cte(
    *,
    paths: list[str] | None = None,
    role_id: int | None = None,
    employee_ids: list[int] | None = None,
) -> Sql:
    """``emp``: the employees measured (active ones when selected by paths)."""
    where, params = [], []
    if paths is not None:
        where.append("e.is_active = %s")
        params.append(True)
        if not paths:
            where.append("1 = 0")
        else:
            where.append("(" + " OR ".join(["d.path LIKE %s"] * len(paths)) + ")")
            params += [path + "%" for path in paths]
    if employee_ids is not None:
        where.append("e.id IN (" + ", ".join(["%s"] * len(employee_ids)) + ")")
        params += employee_ids or [0]
    if role_id is not None:
        where.append("e.job_role_id = %s")
        params.append(role_id)
    text = (
        f"emp AS (SELECT e.id AS id, e.department_id AS department_id, "  # noqa: S608
        f"e.job_role_id AS job_role_id FROM {EMPLOYEE} e "
        f"JOIN {DEPARTMENT} d ON d.id = e.department_id "
        f"WHERE {' AND '.join(where) or '1 = 1'})"
    )
    return Sql(text, params)


def current_cte(name: str, end) -> Sql:
    """``name``: each employee's current level per competence at instant ``end``.

    The newest assessment from a validating source within the validity window
    wins; ties on time go to the later row (corrections are appended).
    """
    lower, upper = validity_window(end)
    text = (
        f", {name} AS (SELECT employee_id, competence_id, level, assessed_at FROM ("  # noqa: S608
        f"SELECT a.employee_id AS employee_id, a.competence_id AS competence_id, "
        f"a.level AS level, a.assessed_at AS assessed_at, ROW_NUMBER() OVER ("
        f"PARTITION BY a.employee_id, a.competence_id "
        f"ORDER BY a.assessed_at DESC, a.id DESC) AS rn "
        f"FROM {ASSESSMENT} a JOIN emp ON emp.id = a.employee_id "
        f"WHERE a.source <> %s AND a.assessed_at >= %s AND a.assessed_at < %s"
        f") ranked WHERE rn = 1)"
    )
    return Sql(text, [Assessment.Source.SELF, lower, upper])


def history_cte(name: str, end, start) -> Sql:
    """``name``: per (employee, competence) the level at ``end`` and at ``start``.

    One window pass over the history covering both validity windows: the
    newest row is the level at the end (``lt``, if still valid then); the
    newest row before ``start`` is the level at the start (``lf``, if valid
    then). At most two rows per pair, each carrying the department and role.
    """
    end_lower, start_lower = validity_window(end)[0], validity_window(start)[0]
    boundary, upper = db_datetime(start), db_datetime(end)
    text = (
        f", {name} AS (SELECT employee_id, competence_id, department_id, "  # noqa: S608
        f"job_role_id, "
        f"CASE WHEN rn = 1 AND assessed_at >= %s THEN level END AS lt, "
        f"CASE WHEN rn = 1 AND assessed_at >= %s THEN assessed_at END AS at, "
        f"CASE WHEN before = 1 AND prev_before = 0 AND assessed_at >= %s "
        f"THEN level END AS lf FROM ("
        f"SELECT a.employee_id AS employee_id, a.competence_id AS competence_id, "
        f"emp.department_id AS department_id, emp.job_role_id AS job_role_id, "
        f"a.level AS level, a.assessed_at AS assessed_at, "
        # Oldest first, so PostgreSQL can read the assessment_history index
        # in order and only sort ties on time by id; the newest row is the
        # one without a successor (rn = 1), prev_before is the newer row's.
        f"CASE WHEN LEAD(a.id) OVER w IS NULL THEN 1 ELSE 0 END AS rn, "
        f"CASE WHEN a.assessed_at < %s THEN 1 ELSE 0 END AS before, "
        f"COALESCE(LEAD(CASE WHEN a.assessed_at < %s THEN 1 ELSE 0 END) OVER w, 0) "
        f"AS prev_before "
        f"FROM {ASSESSMENT} a JOIN emp ON emp.id = a.employee_id "
        f"WHERE a.source <> %s AND a.assessed_at >= %s AND a.assessed_at < %s "
        f"WINDOW w AS (PARTITION BY a.employee_id, a.competence_id "
        f"ORDER BY a.assessed_at, a.id)"
        f") ranked WHERE rn = 1 OR (before = 1 AND prev_before = 0))"
    )
    params = [end_lower, end_lower, start_lower, boundary, boundary]
    return Sql(text, [*params, Assessment.Source.SELF, start_lower, upper])


# The same rule as OVERALL and MET, over one row per employee (with the
# profile size) plus one per assessed competence (with its target, if any).
OVERALL_FROM_HISTORY = (
    "CASE WHEN MAX(n_profile) > 0 THEN "
    "COALESCE(SUM(CASE WHEN target IS NOT NULL THEN {lv} END), 0) / MAX(n_profile) "
    "ELSE COALESCE(SUM(CASE WHEN {lv} > 0 THEN {lv} END) "
    "/ NULLIF(COUNT(CASE WHEN {lv} > 0 THEN 1 END), 0), 0) END"
)
MET_FROM_HISTORY = (
    "CASE WHEN MAX(n_profile) > 0 AND SUM(CASE WHEN target IS NOT NULL "
    "AND lt >= target THEN 1 ELSE 0 END) = MAX(n_profile) THEN 1 ELSE 0 END"
)


def per_employee_history_cte(name: str, history: str) -> Sql:
    """``name``: employee_id, department_id, overall, overall_before, met."""
    return Sql(
        f", {name} AS (SELECT employee_id, MAX(department_id) AS department_id, "  # noqa: S608
        f"{OVERALL_FROM_HISTORY.format(lv='lt')} AS overall, "
        f"{OVERALL_FROM_HISTORY.format(lv='lf')} AS overall_before, "
        f"{MET_FROM_HISTORY} AS met FROM ("
        f"SELECT emp.id AS employee_id, emp.department_id AS department_id, "
        f"COALESCE(rs.n, 0) AS n_profile, CAST(NULL AS INTEGER) AS target, "
        f"CAST(NULL AS INTEGER) AS lt, CAST(NULL AS INTEGER) AS lf FROM emp "
        f"LEFT JOIN (SELECT role_id, COUNT(*) AS n FROM {PROFILE} GROUP BY role_id) "
        f"rs ON rs.role_id = emp.job_role_id "
        f"UNION ALL SELECT h.employee_id, NULL, NULL, rc.target_level, h.lt, h.lf "
        f"FROM {history} h LEFT JOIN {PROFILE} rc ON rc.role_id = h.job_role_id "
        f"AND rc.competence_id = h.competence_id"
        f") x GROUP BY employee_id)"
    )


# The overall level of one employee from their ``pairs`` rows (DESIGN §3).
# With a profile: mean over the profile with missing levels as 0, rounded down
# by integer division. Without a role or with an empty profile: mean over the
# competences with a validated level above 0. ``{w}`` is empty for GROUP BY
# or `` OVER w`` for a window.
OVERALL = (
    "CASE WHEN COUNT(target){w} > 0 THEN "
    "SUM(CASE WHEN target IS NOT NULL THEN COALESCE(lt, 0) END){w} "
    "/ COUNT(target){w} "
    "ELSE COALESCE(SUM(CASE WHEN lt > 0 THEN lt END){w} "
    "/ NULLIF(COUNT(CASE WHEN lt > 0 THEN 1 END){w}, 0), 0) END"
)
# Target met: a profile exists and every profile competence reaches its target.
MET = (
    "CASE WHEN COUNT(target){w} > 0 AND MIN(CASE WHEN target IS NOT NULL THEN "
    "CASE WHEN COALESCE(lt, 0) >= target THEN 1 ELSE 0 END END){w} = 1 "
    "THEN 1 ELSE 0 END"
)


def overall(window: bool = False) -> str:
    return OVERALL.format(w=" OVER w" if window else "")


def met(window: bool = False) -> str:
    return MET.format(w=" OVER w" if window else "")


def pairs_cte(name: str, current: str) -> Sql:
    """``name``: one row per (employee, competence) plus one per employee.

    Columns: employee_id, competence_id (NULL on the employee's own row),
    department_id, target (profile target or NULL), lt (current level from
    ``current``) and at (when ``lt`` was assessed).
    Built by UNION ALL and GROUP BY only: joining aggregated CTEs makes
    PostgreSQL guess 200 rows and pick nested loops over 500,000 employees.
    """
    text = (
        f", {name} AS (SELECT employee_id, competence_id, "  # noqa: S608
        f"MAX(department_id) AS department_id, MAX(target) AS target, "
        f"MAX(lt) AS lt, MAX(at) AS at FROM ("
        f"SELECT emp.id AS employee_id, rc.competence_id AS competence_id, "
        f"emp.department_id AS department_id, rc.target_level AS target, "
        # Typed NULLs: PostgreSQL takes a UNION's column types from its
        # first branch and would read a bare NULL as text.
        f"CAST(NULL AS INTEGER) AS lt, CAST(NULL AS TIMESTAMP) AS at "
        f"FROM emp JOIN {PROFILE} rc ON rc.role_id = emp.job_role_id "
        f"UNION ALL SELECT emp.id, NULL, emp.department_id, NULL, NULL, NULL "
        f"FROM emp "
        f"UNION ALL SELECT employee_id, competence_id, NULL, NULL, level, "
        f"assessed_at FROM {current}"
        f") x GROUP BY employee_id, competence_id)"
    )
    return Sql(text)


def per_employee_cte(name: str, pairs: str) -> Sql:
    """``name``: employee_id, department_id, overall, met."""
    return Sql(
        f", {name} AS (SELECT employee_id, MAX(department_id) AS department_id, "  # noqa: S608
        f"{overall()} AS overall, {met()} AS met FROM {pairs} GROUP BY employee_id)"
    )


def employee_levels(emp: Sql, end, start=None) -> Sql:
    """WITH clause: ``emp``, the levels, ``pairs`` and ``per_emp``.

    With ``start``, ``per_emp.overall_before`` is the overall level at it.
    """
    sql = Sql("WITH ") + emp
    if start is None:
        sql += current_cte("cur", end) + pairs_cte("pairs", "cur")
    else:
        return (
            sql
            + history_cte("hist", end, start)
            + per_employee_history_cte("per_emp", "hist")
        )
    return sql + per_employee_cte("per_emp", "pairs")


# Each employee with their stage at the end (st) and at the start (sf).
STAGES_OF_EMPLOYEES = (
    f"FROM per_emp pe "  # noqa: S608
    f"JOIN {LADDER} st ON pe.overall BETWEEN st.min_level AND st.max_level "
    f"JOIN {LADDER} sf ON pe.overall_before BETWEEN sf.min_level AND sf.max_level "
)
MOVED_UP = "CASE WHEN st.min_level > sf.min_level THEN 1 ELSE 0 END"


def stage_counts(emp: Sql, end, start) -> Sql:
    """Per (department, stage at ``end``): employees, met, level sum, moved up.

    Moved up: the stage at ``end`` is above the stage at ``start``.
    """
    return employee_levels(emp, end, start) + Sql(
        f" SELECT pe.department_id, st.code, COUNT(*), SUM(pe.met), "
        f"SUM(pe.overall), SUM({MOVED_UP}) {STAGES_OF_EMPLOYEES}"
        f"GROUP BY pe.department_id, st.code"
    )


def department_report(emp: Sql, end, start) -> Sql:
    """``stage_counts`` and ``competence_cells`` (at ``end``) from one pass.

    Rows are ("stage", department, stage code, NULL, employees, met, level
    sum, moved up) or ("cell", department, NULL, competence, employees, level
    sum, at target, NULL).
    """
    return employee_levels(emp, end, start) + Sql(
        f" SELECT 'stage', pe.department_id, st.code, NULL, COUNT(*), "  # noqa: S608
        f"SUM(pe.met), SUM(pe.overall), SUM({MOVED_UP}) {STAGES_OF_EMPLOYEES}"
        f"GROUP BY pe.department_id, st.code "
        f"UNION ALL SELECT 'cell', department_id, NULL, competence_id, SUM(n), "
        f"SUM(lt), SUM(met), NULL FROM ("
        f"SELECT emp.department_id AS department_id, "
        f"rc.competence_id AS competence_id, 1 AS n, 0 AS lt, 0 AS met "
        f"FROM emp JOIN {PROFILE} rc ON rc.role_id = emp.job_role_id "
        f"UNION ALL SELECT h.department_id, h.competence_id, 0, h.lt, "
        f"CASE WHEN h.lt >= rc.target_level THEN 1 ELSE 0 END FROM hist h "
        f"JOIN {PROFILE} rc ON rc.role_id = h.job_role_id "
        f"AND rc.competence_id = h.competence_id WHERE h.lt IS NOT NULL"
        f") cells GROUP BY department_id, competence_id"
    )


def moved_up(emp: Sql, end, start, limit: int) -> Sql:
    """(employee id, stage before, stage at the end) of the first ``limit``
    by name among those who moved up."""
    return employee_levels(emp, end, start) + Sql(
        f" SELECT pe.employee_id, sf.code, st.code {STAGES_OF_EMPLOYEES}"
        f"JOIN {EMPLOYEE} e ON e.id = pe.employee_id "
        f"WHERE st.min_level > sf.min_level ORDER BY e.name, e.id LIMIT %s",
        [limit],
    )


def enrollment_counts(emp: Sql, live: list[str], start, end) -> Sql:
    """Per department: live enrollments now, completions in [start, end)."""
    marks = ", ".join(["%s"] * len(live))
    return (
        Sql("WITH ")
        + emp
        + Sql(
            f" SELECT emp.department_id, "  # noqa: S608
            f"SUM(CASE WHEN en.status IN ({marks}) THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN en.status = %s AND en.completed_at >= %s "
            f"AND en.completed_at < %s THEN 1 ELSE 0 END) "
            f"FROM emp JOIN {ENROLLMENT} en ON en.employee_id = emp.id "
            f"GROUP BY emp.department_id",
            [*live, Enrollment.Status.COMPLETED, start, end],
        )
    )


def verified_tasks(emp: Sql, start, end) -> Sql:
    """Per department: practice tasks approved in [start, end)."""
    return (
        Sql("WITH ")
        + emp
        + Sql(
            f" SELECT emp.department_id, COUNT(*) "  # noqa: S608
            f"FROM emp JOIN {ENROLLMENT} en ON en.employee_id = emp.id "
            f"JOIN {PRACTICE_TASK} p ON p.enrollment_id = en.id "
            f"WHERE p.status = %s AND p.reviewed_at >= %s AND p.reviewed_at < %s "
            f"GROUP BY emp.department_id",
            [PracticeTaskSubmission.Review.APPROVED, start, end],
        )
    )


def competence_cells(emp: Sql, end) -> Sql:
    """Per (department, profile competence): employees, level sum, at target."""
    return (
        Sql("WITH ")
        + emp
        + current_cte("cur", end)
        + pairs_cte("pairs", "cur")
        + Sql(
            " SELECT department_id, competence_id, COUNT(*), SUM(COALESCE(lt, 0)), "
            "SUM(CASE WHEN COALESCE(lt, 0) >= target THEN 1 ELSE 0 END) "
            "FROM pairs WHERE target IS NOT NULL GROUP BY department_id, competence_id"
        )
    )


# PostgreSQL's default work_mem (4 MB) sends the hash aggregates of a national
# report to disk; the figures queries raise it for their own transaction only.
WORK_MEM = "256MB"
# The figures queries are large CTE trees that run once each: JIT compiling
# them cost 2.3 s of the national report's 21.6 s (EXPLAIN ANALYZE) and saved
# nothing in execution, so it is off for their transaction.
SESSION_SETTINGS = (f"SET LOCAL work_mem = '{WORK_MEM}'", "SET LOCAL jit = off")


def _configure(raw) -> None:
    if connection.vendor == "postgresql":
        for statement in SESSION_SETTINGS:
            raw.execute(statement)


@contextmanager
def cursor():
    """A cursor for figures queries, tuned on PostgreSQL (see SESSION_SETTINGS)."""
    with transaction.atomic(), connection.cursor() as raw:
        _configure(raw)
        yield raw


def fetch(query: Sql) -> list[tuple]:
    with cursor() as raw:
        raw.execute(query.text, query.params)
        return raw.fetchall()


def stream(query: Sql, chunk: int = 2000) -> Iterator[tuple]:
    """Rows fetched a chunk at a time (a server-side cursor on PostgreSQL)."""
    with transaction.atomic():
        with connection.cursor() as raw:
            _configure(raw)
        with connection.chunked_cursor() as raw:
            raw.execute(query.text, query.params)
            while rows := raw.fetchmany(chunk):
                yield from rows
