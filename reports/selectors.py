"""Streaming reads behind the Excel reports, scoped like the figures.

Employee and session rows come from one SQL query each and are read in
chunks (a server-side cursor on PostgreSQL), so a national report never holds
all its rows in memory.
"""

from collections.abc import Iterator
from itertools import groupby

from competences.ladder import ladder
from competences.levels import as_datetime
from competences.levels.rule import employees_cte, pairs_cte, with_levels
from competences.levels.sql import Sql, db_datetime, stream
from competences.models import Assessment
from courses.models import (
    Course,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
    Provider,
)
from courses.selectors import course_suggestions
from employees.models import Department, Employee, JobRole
from reports.figures.sql import ENROLLMENT, PRACTICE_TASK

EMPLOYEE = Employee._meta.db_table
DEPARTMENT = Department._meta.db_table
JOBROLE = JobRole._meta.db_table
SESSION = CourseSession._meta.db_table
COURSE = Course._meta.db_table
PROVIDER = Provider._meta.db_table
OUTCOME = Course.outcomes.rel.related_model._meta.db_table


# Each employee's totals from per_emp (the one rule) beside their pairs.
EMPLOYEE_ROWS = (
    f" SELECT e.id, e.name, e.employee_number, d.name, r.name, "  # noqa: S608
    f"pe.overall, pe.met, pe.last_assessed_at, p.competence_id, p.level, p.target "
    f"FROM per_emp pe JOIN {EMPLOYEE} e ON e.id = pe.employee_id "
    f"JOIN {DEPARTMENT} d ON d.id = e.department_id "
    f"LEFT JOIN {JOBROLE} r ON r.id = e.job_role_id "
    f"LEFT JOIN pairs p ON p.employee_id = pe.employee_id "
    f"ORDER BY d.path, e.name, e.id"
)


def employee_rows(*, employees, end) -> Iterator[dict]:
    """Per employee of the queryset: stage, overall level, levels vs targets.

    ``levels`` maps competence id to (current, target); a profile competence
    without a current level counts 0, as in the figures.
    """
    query = with_levels(employees, end) + pairs_cte() + Sql(EMPLOYEE_ROWS)
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


ASSESSMENT = Assessment._meta.db_table
SESSION_ROWS = (
    " , pt AS (SELECT en.session_id AS session_id, COUNT(*) AS n FROM emp "  # noqa: S608
    f"JOIN {ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {PRACTICE_TASK} p ON p.enrollment_id = en.id "
    "WHERE p.status = %(approved)s GROUP BY en.session_id)"
    ", mv AS (SELECT en.session_id AS session_id, COUNT(*) AS n FROM emp "
    f"JOIN {ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {SESSION} s2 ON s2.id = en.session_id "
    f"JOIN {OUTCOME} o ON o.course_id = en.course_id "
    "WHERE en.status = %(completed)s AND EXISTS (SELECT 1 FROM "
    f"{ASSESSMENT} a WHERE a.employee_id = en.employee_id "
    "AND a.competence_id = o.competence_id AND a.source = %(course_source)s "
    "AND a.level = o.to_level AND a.assessed_at >= s2.starts_at) "
    "GROUP BY en.session_id)"
    " SELECT c.title, pr.name, s.external_id, s.starts_at, s.location, "
    "s.is_cancelled, s.capacity, "
    "SUM(CASE WHEN en.status = %(enrolled)s THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status = %(waitlisted)s THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status IN (%(attended)s, %(completed)s) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN en.status = %(completed)s THEN 1 ELSE 0 END), "
    "MAX(COALESCE(pt.n, 0)), MAX(COALESCE(mv.n, 0)) "
    f"FROM emp JOIN {ENROLLMENT} en ON en.employee_id = emp.id "
    f"JOIN {SESSION} s ON s.id = en.session_id "
    f"JOIN {COURSE} c ON c.id = s.course_id "
    f"JOIN {PROVIDER} pr ON pr.id = c.provider_id "
    "LEFT JOIN pt ON pt.session_id = s.id LEFT JOIN mv ON mv.session_id = s.id "
    "WHERE s.starts_at >= %(period_start)s AND s.starts_at < %(period_end)s "
    "GROUP BY s.id, c.title, pr.name, s.external_id, s.starts_at, s.location, "
    "s.is_cancelled, s.capacity ORDER BY c.title, s.starts_at, s.id"
)


def session_rows(*, employees, period) -> Iterator[dict]:
    """Per session starting in the period, counts over the given employees."""
    status = Enrollment.Status
    params = {
        "approved": PracticeTaskSubmission.Review.APPROVED,
        "completed": status.COMPLETED,
        "course_source": Assessment.Source.COURSE,
        "enrolled": status.ENROLLED,
        "waitlisted": status.WAITLISTED,
        "attended": status.ATTENDED,
        "period_start": db_datetime(period.start),
        "period_end": db_datetime(period.end),
    }
    query = Sql("WITH ") + employees_cte(employees) + Sql(SESSION_ROWS, params)
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

    ``competences`` is ``competences.levels.employee_levels``'s result.
    """
    gaps = competences.gaps()
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
