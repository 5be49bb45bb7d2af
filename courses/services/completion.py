"""Course completion turns the course's outcomes into validated levels."""

from django.utils.translation import gettext as _

from competences.levels import current_levels
from competences.models import Assessment
from competences.services import assessments_record
from courses.models import Enrollment


def completion_assessments_record(
    *, enrollment: Enrollment, assessed_by, now
) -> list[Assessment]:
    """One course assessment per outcome, only where it raises the current level.

    A course never lowers a level someone else has validated higher.
    """
    course = enrollment.course
    levels = {
        pk: level
        for pk, (level, _at) in current_levels(
            employee=enrollment.employee, at=now
        ).items()
    }
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
    return assessments_record(assessments=rows, actor=assessed_by)
