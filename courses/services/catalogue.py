"""Writes of the catalogue: courses and sessions, from partners and the admin.

A partner names its rows by ``external_id``: sending one again updates it
(an upsert). Every session change locks the session first, then checks it
against its enrollments, saves, and gives added seats to the waitlist, in that
order, so a concurrent booking cannot slip between the check and the save.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import events
from courses.models import Course, CourseOutcome, CourseSession
from courses.services import _common as c
from courses.services.prerequisites import course_prerequisites_set

COURSE_FIELDS = (
    "title",
    "description",
    "purpose",
    "language",
    "mode",
    "hours",
    "price_dkk",
    "status",
    "practice_task",
)
SESSION_FIELDS = (
    "course",
    "starts_at",
    "ends_at",
    "location",
    "is_online",
    "capacity",
    "enrollment_deadline",
    "waitlist_order",
)
# A change to these moves the session in people's calendars.
WHEN_AND_WHERE = ("starts_at", "ends_at", "location", "is_online")


def _only(fields: tuple, values: dict) -> dict:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return values


# --- Courses ---------------------------------------------------------------------
def outcomes_validate(*, outcomes: list[tuple]) -> None:
    """Outcomes are (competence, from level, to level): each raises a level,
    and a competence appears once."""
    competences = [competence.pk for competence, _low, _high in outcomes]
    if len(competences) != len(set(competences)):
        raise ValidationError(
            {"outcomes": _("A competence is listed twice.")}, code="duplicate"
        )
    if any(high <= low for _competence, low, high in outcomes):
        raise ValidationError(
            {"outcomes": _("The to-level must be above the from-level.")},
            code="invalid",
        )


@transaction.atomic
def course_create(
    *, provider, external_id: str, outcomes: list[tuple] | None = None, **values
) -> Course:
    """A new course (the admin's); an external id the partner uses is refused."""
    _only(COURSE_FIELDS, values)
    if Course.objects.filter(provider=provider, external_id=external_id).exists():
        raise _course_id_taken()
    try:
        with transaction.atomic():
            course = Course.objects.create(
                provider=provider, external_id=external_id, **values
            )
    except IntegrityError as error:
        raise _course_id_taken() from error
    if outcomes is not None:
        course_outcomes_set(course=course, outcomes=outcomes)
    return course


def _course_id_taken():
    return ValidationError(
        {"external_id": _("The partner already has a course with this external id.")},
        code="external_id_taken",
    )


@transaction.atomic
def course_upsert(
    *,
    provider,
    external_id: str,
    outcomes: list[tuple] | None = None,
    prerequisites: dict | None = None,
    **values,
) -> tuple[Course, bool]:
    """Create the partner's course, or update it when the external id is known.

    Answers the course and whether it was created.
    """
    _only(COURSE_FIELDS, values)
    if outcomes is not None:
        outcomes_validate(outcomes=outcomes)
    course = (
        Course.objects.select_for_update()
        .filter(provider=provider, external_id=external_id)
        .first()
    )
    created = course is None
    if created:
        try:
            # A savepoint: a concurrent first send of the same external_id
            # wins the insert, and this one becomes an update of that row.
            with transaction.atomic():
                course = Course.objects.create(
                    provider=provider, external_id=external_id, **values
                )
        except IntegrityError:
            created = False
            course = Course.objects.select_for_update().get(
                provider=provider, external_id=external_id
            )
    if not created:
        for name, value in values.items():
            setattr(course, name, value)
        course.save()
    if outcomes is not None:
        course_outcomes_set(course=course, outcomes=outcomes)
    _prerequisites(course, prerequisites)
    return course, created


def _prerequisites(course: Course, rules: dict | None) -> None:
    """Set what a partner sent, naming its own courses by external_id."""
    if rules is None:
        return
    kwargs = {}
    for field, key in (("courses", "prerequisites"), ("equivalents", "equivalents")):
        ids = rules.get(field)
        if ids is None:
            continue
        found = Course.objects.filter(
            provider_id=course.provider_id, external_id__in=ids
        )
        by_id = {c.external_id: c for c in found}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise ValidationError(
                {
                    key: _("No course of yours has the external id %(id)s.")
                    % {"id": unknown[0]}
                }
            )
        kwargs[field] = [by_id[i] for i in ids]
    if "levels" in rules:
        kwargs["levels"] = rules["levels"]
    course_prerequisites_set(course=course, **kwargs)


@transaction.atomic
def course_update(
    *,
    course: Course,
    outcomes: list[tuple] | None = None,
    prerequisites: dict | None = None,
    **values,
):
    """Change a course (by id: a partner's PUT, or the admin)."""
    _only(COURSE_FIELDS, values)
    if outcomes is not None:
        outcomes_validate(outcomes=outcomes)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    if outcomes is not None:
        course_outcomes_set(course=locked, outcomes=outcomes)
    _prerequisites(locked, prerequisites)
    return locked


@transaction.atomic
def course_outcomes_set(*, course: Course, outcomes: list[tuple]) -> None:
    """Replace the course's outcomes with (competence, from, to) rows."""
    outcomes_validate(outcomes=outcomes)
    course.outcomes.all().delete()
    CourseOutcome.objects.bulk_create(
        CourseOutcome(course=course, competence=comp, from_level=low, to_level=high)
        for comp, low, high in outcomes
    )
    getattr(course, "_prefetched_objects_cache", {}).pop("outcomes", None)


# --- Sessions --------------------------------------------------------------------
def session_change_check(session: CourseSession, *, course=None, capacity=None):
    """Refuse changes to an existing session that would break its enrollments.

    Call it with the session locked. Raises a ValidationError keyed by field.
    """
    errors = {}
    # Enrollments copy their session's course (one live enrollment per
    # course, the outcomes and practice task at completion).
    if (
        course is not None
        and course.pk != session.course_id
        and session.enrollments.exists()
    ):
        errors["course"] = _(
            "A session with enrollments cannot move to another course."
        )
    # Fewer seats than people placed would overbook the session; those
    # places must be withdrawn first.
    if capacity is not None and capacity < (taken := c.seats_taken(session)):
        errors["capacity"] = _(
            "%(count)d people already hold a seat; the capacity cannot be lower."
        ) % {"count": taken}
    if errors:
        raise ValidationError(errors)


def _times_check(starts_at, ends_at) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("A session must end after it starts.")}, code="invalid"
        )


def _external_id_taken():
    return ValidationError(
        {"external_id": _("The partner already has a session with this external id.")},
        code="external_id_taken",
    )


@transaction.atomic
def session_create(*, external_id: str, actor=None, **values) -> CourseSession:
    """A new session of ``values["course"]``; its provider is the course's."""
    _only(SESSION_FIELDS, values)
    _times_check(values.get("starts_at"), values.get("ends_at"))
    course = values["course"]
    if CourseSession.objects.filter(
        provider_id=course.provider_id, external_id=external_id
    ).exists():
        raise _external_id_taken()
    try:
        with transaction.atomic():
            return CourseSession.objects.create(external_id=external_id, **values)
    except IntegrityError as error:
        raise _external_id_taken() from error


@transaction.atomic
def session_upsert(
    *, provider, external_id: str, actor=None, **values
) -> tuple[CourseSession, bool]:
    """Create the partner's session, or update it when the external id is known.

    Answers the session and whether it was created.
    """
    _only(SESSION_FIELDS, values)
    session = (
        CourseSession.objects.select_for_update()
        .filter(provider=provider, external_id=external_id)
        .first()
    )
    if session is None:
        try:
            # A savepoint: a concurrent first send wins the insert, and this
            # one becomes an update of that row.
            with transaction.atomic():
                return session_create(external_id=external_id, **values), True
        except ValidationError as error:
            if "external_id" not in getattr(error, "error_dict", {}):
                raise
        session = CourseSession.objects.select_for_update().get(
            provider=provider, external_id=external_id
        )
    return _session_write(session, values, actor), False


@transaction.atomic
def session_update(*, session: CourseSession, actor=None, **values) -> CourseSession:
    """Change a session (by id: a partner's PUT or PATCH, or the admin)."""
    _only(SESSION_FIELDS, values)
    return _session_write(c.lock_session(session.pk), values, actor)


def _session_write(locked: CourseSession, values: dict, actor) -> CourseSession:
    """Check the locked session's change, save it, tell who is on it, and
    give added seats to the waitlist."""
    session_change_check(
        locked, course=values.get("course"), capacity=values.get("capacity")
    )
    _times_check(
        values.get("starts_at", locked.starts_at), values.get("ends_at", locked.ends_at)
    )
    before = {name: getattr(locked, name) for name in WHEN_AND_WHERE}
    old_capacity = locked.capacity
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    moved = [name for name in WHEN_AND_WHERE if getattr(locked, name) != before[name]]
    if moved:
        events.session_changed.emit(session=locked, changed=moved, actor=actor)
    if locked.capacity > old_capacity:
        c.fill_from_waitlist(locked, timezone.now())
    return locked
