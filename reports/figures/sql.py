"""SQL for the metrics of DESIGN §3, portable between SQLite and PostgreSQL.

The figures are computed by the database: a window function picks each
employee's newest validating assessment per competence, GROUP BY turns those
into overall levels and department counts. Only table names from model
metadata and fixed fragments are interpolated (hence the S608 noqa marks);
every value is a query parameter. Python only rolls departments up
into their ancestors, so the cost in queries is the same for 10 or 3,000
departments.
"""

from competences.models import Assessment, LadderStage
from courses.models import Enrollment, PracticeTaskSubmission
from employees.models import Department, Employee, RoleCompetence

from .period import validity_window

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


def overall_cte(name: str, current: str) -> Sql:
    """``name``: (employee_id, overall, met) from the current levels ``current``.

    With a profile: mean over the profile with missing levels as 0, rounded
    down by integer division; met when every profile competence reaches its
    target. Without a role or with an empty profile: mean over the competences
    with a validated level above 0, and no target to meet.
    """
    text = (
        f", {name} AS ("  # noqa: S608
        f"SELECT emp.id AS employee_id, "
        f"SUM(COALESCE(c.level, 0)) / COUNT(*) AS overall, "
        f"MIN(CASE WHEN COALESCE(c.level, 0) >= rc.target_level THEN 1 ELSE 0 END)"
        f" AS met "
        f"FROM emp JOIN {PROFILE} rc ON rc.role_id = emp.job_role_id "
        f"LEFT JOIN {current} c ON c.employee_id = emp.id "
        f"AND c.competence_id = rc.competence_id GROUP BY emp.id "
        f"UNION ALL "
        f"SELECT emp.id, COALESCE(SUM(c.level) / NULLIF(COUNT(c.level), 0), 0), 0 "
        f"FROM emp LEFT JOIN {current} c ON c.employee_id = emp.id AND c.level > 0 "
        f"WHERE NOT EXISTS (SELECT 1 FROM {PROFILE} p "
        f"WHERE p.role_id = emp.job_role_id) GROUP BY emp.id)"
    )
    return Sql(text)


def levels_with(emp: Sql, end, suffix: str = "") -> Sql:
    """WITH clause defining ``emp``, ``cur{suffix}`` and ``lv{suffix}`` at ``end``."""
    return (
        Sql("WITH ")
        + emp
        + current_cte(f"cur{suffix}", end)
        + overall_cte(f"lv{suffix}", f"cur{suffix}")
    )


def stage_counts(emp: Sql, end, start) -> Sql:
    """Per (department, stage at ``end``): employees, met, level sum, moved up.

    Moved up: the stage at ``end`` is above the stage at ``start``.
    """
    sql = levels_with(emp, end, "_to") + current_cte("cur_from", start)
    sql += overall_cte("lv_from", "cur_from")
    return sql + Sql(
        f" SELECT emp.department_id, st.code, COUNT(*), SUM(lt.met), "  # noqa: S608
        f"SUM(lt.overall), SUM(CASE WHEN st.min_level > sf.min_level "
        f"THEN 1 ELSE 0 END) "
        f"FROM emp JOIN lv_to lt ON lt.employee_id = emp.id "
        f"JOIN lv_from lf ON lf.employee_id = emp.id "
        f"JOIN {LADDER} st ON lt.overall BETWEEN st.min_level AND st.max_level "
        f"JOIN {LADDER} sf ON lf.overall BETWEEN sf.min_level AND sf.max_level "
        f"GROUP BY emp.department_id, st.code"
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
        + Sql(
            f" SELECT emp.department_id, rc.competence_id, COUNT(*), "  # noqa: S608
            f"SUM(COALESCE(c.level, 0)), "
            f"SUM(CASE WHEN COALESCE(c.level, 0) >= rc.target_level THEN 1 ELSE 0 END) "
            f"FROM emp JOIN {PROFILE} rc ON rc.role_id = emp.job_role_id "
            f"LEFT JOIN cur c ON c.employee_id = emp.id "
            f"AND c.competence_id = rc.competence_id "
            f"GROUP BY emp.department_id, rc.competence_id"
        )
    )
