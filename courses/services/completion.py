"""Course completion turns the course's outcomes into validated levels."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from competences.models import Assessment
from courses.models import Enrollment


def current_levels(*, employee, competence_ids, now) -> dict[int, int]:
    """Current level per competence (DESIGN §3): the newest validating assessment
    no older than COMPETENCE_VALIDITY_DAYS; self-assessments never count."""
    since = now - timedelta(days=settings.COMPETENCE_VALIDITY_DAYS)
    rows = (
        Assessment.objects.validating()
        .filter(
            employee=employee,
            competence_id__in=competence_ids,
            assessed_at__gte=since,
            assessed_at__lte=now,
        )
        .order_by("competence_id", "-assessed_at", "-id")
        .values_list("competence_id", "level")
    )
    levels: dict[int, int] = {}
    for competence_id, level in rows:
        levels.setdefault(competence_id, level)
    return levels


def completion_assessments_record(
    *, enrollment: Enrollment, assessed_by, now
) -> list[Assessment]:
    """One course assessment per outcome, only where it raises the current level.

    A course never lowers a level someone else has validated higher.
    """
    course = enrollment.course
    outcomes = list(course.outcomes.all())
    levels = current_levels(
        employee=enrollment.employee,
        competence_ids=[o.competence_id for o in outcomes],
        now=now,
    )
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
        for outcome in outcomes
        if outcome.to_level > levels.get(outcome.competence_id, 0)
    ]
    return Assessment.objects.bulk_create(rows)
