"""Course completion turns the course's outcomes into validated levels."""

from django.db import connection
from django.utils.translation import gettext as _

from competences.models import Assessment
from courses.models import Enrollment
from reports.figures import sql


def _current_levels(employee, now) -> dict[int, int]:
    """Current level per competence, by the one definition of DESIGN §3.

    The rule (validating sources only, within COMPETENCE_VALIDITY_DAYS, newest
    wins) lives in reports.figures; it is reused here, not restated.
    """
    query = (
        sql.Sql("WITH ")
        + sql.employees_cte(employee_ids=[employee.pk])
        + sql.current_cte("cur", now)
        + sql.Sql(" SELECT competence_id, level FROM cur")
    )
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        return {pk: int(level) for pk, level in cursor.fetchall()}


def completion_assessments_record(
    *, enrollment: Enrollment, assessed_by, now
) -> list[Assessment]:
    """One course assessment per outcome, only where it raises the current level.

    A course never lowers a level someone else has validated higher.
    """
    course = enrollment.course
    levels = _current_levels(enrollment.employee, now)
    note = _("Completed the course “%(title)s”.") % {"title": course.title}
    rows = [
        Assessment(
            employee_id=enrollment.employee_id,
            competence_id=outcome.competence_id,
            level=outcome.to_level,
            source=Assessment.Source.COURSE,
            assessed_at=now,
            assessed_by=assessed_by,
            note=note,
        )
        for outcome in course.outcomes.all()
        if outcome.to_level > levels.get(outcome.competence_id, 0)
    ]
    return Assessment.objects.bulk_create(rows)
