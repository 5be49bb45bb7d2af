"""Streaming reads behind the Excel reports, scoped like the figures.

Employee and session rows come from one SQL query each and are read in
chunks (a server-side cursor on PostgreSQL), so a national report never holds
all its rows in memory.
"""

from collections.abc import Iterator
from itertools import groupby

from django.db import connection

from competences.models import Assessment
from courses.models import Course, CourseSession, Enrollment, Provider
from courses.selectors import course_suggestions
from employees.models import JobRole
from reports.figures import sql
from reports.figures.employee import as_datetime
from reports.figures.ladder import ladder
from reports.figures.period import db_datetime

JOBROLE = JobRole._meta.db_table
SESSION = CourseSession._meta.db_table
COURSE = Course._meta.db_table
PROVIDER = Provider._meta.db_table
OUTCOME = Course.outcomes.rel.related_model._meta.db_table


stream = sql.stream


def employee_count(*, roots: list[str], role=None) -> int:
    emp = sql.employees_cte(paths=roots, role_id=role)
    query = sql.Sql("WITH ") + emp + sql.Sql(" SELECT COUNT(*) FROM emp")
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        return cursor.fetchone()[0]


# Per-employee totals come from window functions over the employee's pairs,
# with the same OVERALL and MET expressions as the figures, so each row carries
# them without joining aggregates.
EMPLOYEE_ROWS = (
    f" SELECT e.id, e.name, e.employee_number, d.name, r.name, "  # noqa: S608
    f"{sql.overall(window=True)}, {sql.met(window=True)}, "
    "MAX(p.at) OVER w, p.competence_id, p.lt, p.target "
    f"FROM pairs p JOIN {sql.EMPLOYEE} e ON e.id = p.employee_id "
    f"JOIN {sql.DEPARTMENT} d ON d.id = e.department_id "
    f"LEFT JOIN {JOBROLE} r ON r.id = e.job_role_id "
    "WINDOW w AS (PARTITION BY p.employee_id) "
    "ORDER BY d.path, e.name, e.id"
)


def employee_rows(*, roots: list[str], end, role=None) -> Iterator[dict]:
    """Per active employee in ``roots``: stage, overall level, levels vs targets.

    ``levels`` maps competence id to (current, target); a profile competence
    without a current level counts 0, as in the figures.
    """
    if not roots:
        return
    emp = sql.employees_cte(paths=roots, role_id=role)
    query = (
        sql.Sql("WITH ")
        + emp
        + sql.current_cte("cur", end)
        + sql.pairs_cte("pairs", "cur")
        + sql.Sql(EMPLOYEE_ROWS)
    )
    names = {stage.code: stage.name for stage in ladder()}
    stages = [(s.min_level, s.max_level, names[s.code]) for s in ladder()]
    for _pk, rows in groupby(stream(query), key=lambda row: row[0]):
        rows = list(rows)
        first = rows[0]
        overall = int(first[5])
        yield {
            "name": first[1],
            "employee_number": first[2],
            "department": first[3],
            "role": first[4],
            "overall_level": overall,
            "stage_name": next(n for lo, hi, n in stages if lo <= overall <= hi),
            "target_met": bool(first[6]),
            "last_assessed": as_datetime(first[7]),
            "levels": {
                row[8]: (row[9] if row[9] is not None else 0, row[10])
                for row in rows
                if row[8] is not None
            },
        }


SESSION_ROWS = (
    " , pt AS (SELECT en.session_id AS session_id, COUNT(*) AS n FROM emp "  # noqa: S608
    f"JOIN {sql.ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {sql.PRACTICE_TASK} p ON p.enrollment_id = en.id "
    "WHERE p.status = %s GROUP BY en.session_id)"
    ", mv AS (SELECT en.session_id AS session_id, COUNT(*) AS n FROM emp "
    f"JOIN {sql.ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {SESSION} s2 ON s2.id = en.session_id "
    f"JOIN {OUTCOME} o ON o.course_id = en.course_id "
    "WHERE en.status = %s AND EXISTS (SELECT 1 FROM "
    f"{sql.ASSESSMENT} a WHERE a.employee_id = en.employee_id "
    "AND a.competence_id = o.competence_id AND a.source = %s "
    "AND a.level = o.to_level AND a.assessed_at >= s2.starts_at) "
    "GROUP BY en.session_id)"
    " SELECT c.title, pr.name, s.external_id, s.starts_at, s.location, "
    "s.is_cancelled, s.capacity, "
    "SUM(CASE WHEN en.status = %s THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status = %s THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status IN (%s, %s) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status = %s THEN 1 ELSE 0 END), "
    "MAX(COALESCE(pt.n, 0)), MAX(COALESCE(mv.n, 0)) "
    f"FROM emp JOIN {sql.ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {SESSION} s ON s.id = en.session_id "
    f"JOIN {COURSE} c ON c.id = s.course_id "
    f"JOIN {PROVIDER} pr ON pr.id = c.provider_id "
    "LEFT JOIN pt ON pt.session_id = s.id LEFT JOIN mv ON mv.session_id = s.id "
    "WHERE s.starts_at >= %s AND s.starts_at < %s "
    "GROUP BY s.id, c.title, pr.name, s.external_id, s.starts_at, s.location, "
    "s.is_cancelled, s.capacity ORDER BY c.title, s.starts_at, s.id"
)


def session_rows(*, roots: list[str], period) -> Iterator[dict]:
    """Per session starting in the period, counts over employees in ``roots``."""
    if not roots:
        return
    status = Enrollment.Status
    params = [
        "approved",
        status.COMPLETED,
        Assessment.Source.COURSE,
        status.ENROLLED,
        status.WAITLISTED,
        status.ATTENDED,
        status.COMPLETED,
        status.COMPLETED,
        db_datetime(period.start),
        db_datetime(period.end),
    ]
    query = sql.Sql("WITH ") + sql.employees_cte(paths=roots)
    query += sql.Sql(SESSION_ROWS, params)
    keys = (
        "course",
        "provider",
        "session",
        "starts_at",
        "location",
        "cancelled",
        "capacity",
        "enrolled",
        "waitlisted",
        "attended",
        "completed",
        "practice_tasks_approved",
        "competence_moves",
    )
    for row in stream(query):
        item = dict(zip(keys, row, strict=True))
        item["starts_at"] = as_datetime(item["starts_at"])
        item["cancelled"] = bool(item["cancelled"])
        yield item


def suggested_courses(*, user, competences, limit: int = 20) -> list[dict]:
    """The courses the employee's page suggests, one row per competence and
    course for the MUS sheet, with the next open session.

    ``competences`` are the rows of ``figures.employee_competences``.
    """
    gaps = {
        row.competence.pk: (row.current_level, row.target_level)
        for row in competences.rows
        if (row.gap or 0) > 0
    }
    codes = {row.competence.pk: row.competence.code for row in competences.rows}
    by_competence = course_suggestions(user=user, levels=gaps)
    suggestions = []
    for competence_id in sorted(by_competence, key=codes.get):
        for course in sorted(by_competence[competence_id], key=lambda c: c.title):
            outcome = next(
                o for o in course.outcomes.all() if o.competence_id == competence_id
            )
            suggestions.append(
                {
                    "competence": codes[competence_id],
                    "course": course.title,
                    "provider": course.provider.name,
                    "from_level": outcome.from_level,
                    "to_level": outcome.to_level,
                    "next_session": course.open_sessions[0].starts_at,
                }
            )
    return suggestions[:limit]
