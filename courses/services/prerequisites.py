"""Prerequisites and equivalents of courses (DESIGN §9).

A course may require another course (one of its equivalents serves too) or a
minimum current level (§3 rule, ``competences.levels``) in a competence.
Requests and placements check them; HR may place someone who misses one
with a reason, kept as a ``PrerequisiteOverride`` (audited).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competences.levels import current_levels
from courses.models import (
    Course,
    CoursePrerequisite,
    Enrollment,
    EnrollmentStatus,
    PrerequisiteOverride,
)


def equivalent_ids(course_ids) -> set[int]:
    """The courses and every course equivalent to one of them."""
    ids = set(course_ids)
    return ids | set(
        Course.equivalents.through.objects.filter(from_course_id__in=ids).values_list(
            "to_course_id", flat=True
        )
    )


def missing_prerequisites(*, employee, course_id: int) -> list[dict]:
    """What ``employee`` lacks for the course, as the 409 lists it."""
    rules = list(
        CoursePrerequisite.objects.filter(course_id=course_id).select_related(
            "required_course", "competence"
        )
    )
    if not rules:
        return []
    done = set(
        Enrollment.objects.filter(
            employee=employee, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    levels = None
    missing = []
    for rule in rules:
        if rule.required_course_id:
            if not done & equivalent_ids([rule.required_course_id]):
                missing.append(
                    {
                        "kind": "course",
                        "course": rule.required_course_id,
                        "title": rule.required_course.title,
                    }
                )
            continue
        if levels is None:
            levels = current_levels(employee=employee, at=timezone.now())
        level = levels.get(rule.competence_id, (0, None))[0]
        if level < rule.min_level:
            missing.append(
                {
                    "kind": "level",
                    "competence": rule.competence.code,
                    "min_level": rule.min_level,
                    "level": level,
                }
            )
    return missing


def require_prerequisites(*, employee, course_id: int, override_reason: str = ""):
    """Refuse (409 ``prerequisite_missing``) unless met or HR gave a reason.

    Answers what is missing, so the caller can record the override.
    """
    missing = missing_prerequisites(employee=employee, course_id=course_id)
    if missing and not (override_reason or "").strip():
        raise ValidationError(
            _("A prerequisite of the course is missing."),
            code="prerequisite_missing",
            params={"missing": missing},
        )
    return missing


def override_record(*, enrollment, missing: list, reason: str, actor) -> None:
    if missing:
        PrerequisiteOverride.objects.create(
            enrollment=enrollment,
            employee=enrollment.employee,
            reason=reason.strip(),
            missing=missing,
            overridden_by=actor,
        )


@transaction.atomic
def course_prerequisites_set(
    *,
    course: Course,
    courses: list[Course] | None = None,
    levels: list[tuple] | None = None,
    equivalents: list[Course] | None = None,
) -> None:
    """Replace a course's prerequisites and equivalents (those given)."""
    errors: dict[str, list[str]] = {}
    if courses is not None and (course in courses or _reaches(courses, course.pk)):
        errors["prerequisites"] = [
            _("These prerequisites would make a cycle: a course needs itself.")
        ]
    if equivalents is not None:
        if any(c.status == Course.Status.ARCHIVED for c in equivalents):
            errors["equivalents"] = [_("An archived course cannot be equivalent.")]
        if course in equivalents:
            errors["equivalents"] = [_("A course is not its own equivalent.")]
    for _competence, level in levels or []:
        if not 1 <= level <= 8:
            errors["prerequisites"] = [_("The level must be from 1 to 8.")]
    if errors:
        raise ValidationError(errors)
    if courses is not None or levels is not None:
        CoursePrerequisite.objects.filter(course=course).delete()
        CoursePrerequisite.objects.bulk_create(
            [
                CoursePrerequisite(course=course, required_course=c)
                for c in courses or []
            ]
            + [
                CoursePrerequisite(course=course, competence=comp, min_level=level)
                for comp, level in levels or []
            ]
        )
    if equivalents is not None:
        course.equivalents.set(equivalents)


def _reaches(starts: list[Course], target: int) -> bool:
    """Whether the prerequisite graph leads from any of ``starts`` to ``target``."""
    seen: set[int] = set()
    frontier = {c.pk for c in starts}
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                CoursePrerequisite.objects.filter(
                    course_id__in=frontier, required_course__isnull=False
                ).values_list("required_course_id", flat=True)
            )
            - seen
        )
    return False
