"""Reads of courses, sessions and enrollments, scoped to the asking party.

A party is a signed-in user, an education partner (its ``Provider``), or
nobody (the public catalogue).
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from courses.models import (
    SEATED,
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    Provider,
)
from employees.access import access_for


def _outcomes() -> Prefetch:
    return Prefetch(
        "outcomes", queryset=CourseOutcome.objects.select_related("competence")
    )


def provider_list() -> QuerySet[Provider]:
    return Provider.objects.filter(is_active=True)


def course_list(*, user=None, provider: Provider | None = None) -> QuerySet[Course]:
    """A partner sees all its own courses; everyone else the published catalogue."""
    if provider is not None:
        courses = Course.objects.filter(provider=provider)
    elif user is not None and user.is_authenticated and user.is_superuser:
        courses = Course.objects.all()
    else:
        courses = Course.objects.published()
    return courses.select_related("provider").prefetch_related(_outcomes())


def session_list(
    *, user=None, provider: Provider | None = None, counted: bool = True
) -> QuerySet[CourseSession]:
    """Sessions of the party's courses, with their seat counts unless
    ``counted`` is off (a list that counts only its page: ``seat_counts``)."""
    courses = course_list(user=user, provider=provider)
    sessions = CourseSession.objects.filter(course__in=courses.values("pk"))
    sessions = sessions.select_related("course", "course__provider")
    if not counted:
        return sessions
    return sessions.annotate(
        enrolled_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)
        ),
        seats_taken=Count("enrollments", filter=SEATED),
        waitlisted_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)
        ),
    )


def seat_counts(session_ids) -> dict[int, dict[str, int]]:
    """Per session id: ``enrolled_count`` and ``waitlisted_count``, in one
    query over the (session, status) index.

    The API's session list counts only the page it answers this way: counting
    every session's enrollments in the list query itself (GROUP BY) made the
    list and its total cost as much as all enrollments of the scope.
    """
    counts = {pk: {"enrolled_count": 0, "waitlisted_count": 0} for pk in session_ids}
    keys = {
        EnrollmentStatus.ENROLLED: "enrolled_count",
        EnrollmentStatus.WAITLISTED: "waitlisted_count",
    }
    found = (
        Enrollment.objects.filter(session_id__in=list(counts), status__in=list(keys))
        .order_by()
        .values_list("session_id", "status")
        .annotate(n=Count("pk"))
    )
    for session_id, status, n in found:
        counts[session_id][keys[status]] = n
    return counts


def enrollment_list(
    *, user=None, provider: Provider | None = None
) -> QuerySet[Enrollment]:
    """Enrollments of employees the user leads or is; a partner's own sessions."""
    if provider is not None:
        enrollments = Enrollment.objects.filter(session__provider=provider)
    else:
        employees = access_for(user).employees(detail=True)
        enrollments = Enrollment.objects.filter(employee__in=employees.values("pk"))
    return enrollments.select_related(
        "employee", "employee__department", "session", "session__course", "course"
    )


def practice_task_list(*, user) -> QuerySet[PracticeTaskSubmission]:
    employees = access_for(user).employees(detail=True)
    return PracticeTaskSubmission.objects.filter(
        employee__in=employees.values("pk")
    ).select_related(
        "employee",
        "employee__department",
        "enrollment",
        "enrollment__session__course",
    )


def roster(*, session: CourseSession) -> QuerySet[Enrollment]:
    """Who is on a session: name and work email only leave through this."""
    return (
        Enrollment.objects.filter(session=session)
        .exclude(status__in=[EnrollmentStatus.REQUESTED, EnrollmentStatus.REJECTED])
        .select_related("employee")
        .order_by("employee__name", "id")
    )


# --- Pages: catalogue filters and course suggestions ----------------------------


def open_sessions_with_free_seats() -> QuerySet[CourseSession]:
    """Upcoming sessions still open for enrollment with at least one free seat."""
    return (
        CourseSession.objects.open_for_enrollment()
        .annotate(seats_taken=Count("enrollments", filter=SEATED))
        .filter(seats_taken__lt=F("capacity"))
    )


def catalogue_search(courses: QuerySet[Course], text: str) -> QuerySet[Course]:
    """Courses whose title, description or purpose match ``text``: full-text
    search with Danish stemming on PostgreSQL, a plain contains on SQLite."""
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="danish")
            + SearchVector("purpose", weight="B", config="danish")
            + SearchVector("description", weight="C", config="danish")
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        found = Course.objects.annotate(search=vector).filter(search=query)
        return courses.filter(pk__in=found.values("pk"))
    return courses.filter(
        Q(title__icontains=text)
        | Q(description__icontains=text)
        | Q(purpose__icontains=text)
    )


def gap_outcomes(gaps: dict[int, tuple[int, int]]) -> Q:
    """Outcomes that raise a competence above the level a person has in it."""
    condition = Q(pk__in=[])
    for competence_id, (current, _target) in gaps.items():
        condition |= Q(
            outcomes__competence_id=competence_id, outcomes__to_level__gt=current
        )
    return condition


SORTS = {
    "next": (F("next_start").asc(nulls_last=True), "title", "id"),
    "title": ("title", "id"),
    "price": ("price_dkk", "title", "id"),
    "hours": ("hours", "title", "id"),
}


def catalogue_list(
    courses: QuerySet[Course],
    *,
    q: str = "",
    sort: str = "",
    gaps: dict[int, tuple[int, int]] | None = None,
    **filters,
) -> QuerySet[Course]:
    """The catalogue as the page lists it: searched, filtered, sorted, each
    course with the start of its next session as ``next_start``."""
    courses = catalogue_filter(courses, **filters)
    if q:
        courses = catalogue_search(courses, q)
    if gaps is not None:
        courses = courses.filter(gap_outcomes(gaps))
    upcoming = Q(sessions__is_cancelled=False, sessions__starts_at__gt=timezone.now())
    courses = courses.annotate(next_start=Min("sessions__starts_at", filter=upcoming))
    return courses.order_by(*SORTS.get(sort or "next", SORTS["next"]))


def next_sessions(courses) -> dict[int, dict]:
    """Per course: its next open session and the free seats over all open
    sessions, for a page of the catalogue (one query)."""
    sessions = (
        CourseSession.objects.open_for_enrollment()
        .filter(course__in=courses)
        .annotate(taken=Count("enrollments", filter=SEATED))
        .order_by("starts_at", "id")
    )
    found: dict[int, dict] = {}
    for session in sessions:
        item = found.setdefault(session.course_id, {"session": session, "free": 0})
        item["free"] += max(session.capacity - session.taken, 0)
    return found


def catalogue_filter(
    courses: QuerySet[Course],
    *,
    competence=None,
    level: int | None = None,
    mode: str = "",
    provider=None,
    language: str = "",
    free_seats: bool = False,
) -> QuerySet[Course]:
    outcome = {}
    if competence is not None:
        outcome["outcomes__competence"] = competence
    if level:
        outcome["outcomes__to_level__gte"] = level
    if outcome:
        # One filter() call, so competence and level match the same outcome.
        courses = courses.filter(**outcome)
    if mode:
        courses = courses.filter(mode=mode)
    if provider is not None:
        courses = courses.filter(provider=provider)
    if language:
        courses = courses.filter(language=language)
    if free_seats:
        open_ids = open_sessions_with_free_seats().values("course_id")
        courses = courses.filter(pk__in=open_ids)
    return courses.distinct()


def course_suggestions(
    *, user, levels: dict[int, tuple[int, int]]
) -> dict[int, list[Course]]:
    """Published courses per competence whose outcome raises the current level.

    ``levels`` maps a competence id to (current level, target level) for the
    competences with a gap. Only courses with an upcoming session with a free
    seat are suggested; each carries those sessions as ``open_sessions``.
    """
    if not levels:
        return {}
    sessions = Prefetch(
        "sessions",
        queryset=open_sessions_with_free_seats().order_by("starts_at"),
        to_attr="open_sessions",
    )
    open_ids = open_sessions_with_free_seats().values("course_id")
    courses = (
        course_list(user=user)
        .filter(pk__in=open_ids, outcomes__competence_id__in=list(levels))
        .distinct()
        .prefetch_related(sessions)
    )
    result: dict[int, list[Course]] = {pk: [] for pk in levels}
    for course in courses:
        for outcome in course.outcomes.all():
            current = levels.get(outcome.competence_id, (None, None))[0]
            if current is not None and outcome.to_level > current:
                result[outcome.competence_id].append(course)
    return result


def _led_by(user):
    """Employees whose requests and evidence the user decides: those they lead,
    never themself."""
    return access_for(user).employees(detail=True).exclude(user=user)


def approvals_count(user) -> int:
    """Requests waiting for the user's decision."""
    if not access_for(user).is_lead:
        return 0
    return Enrollment.objects.filter(
        status=EnrollmentStatus.REQUESTED, employee__in=_led_by(user).values("pk")
    ).count()


def practice_tasks_count(user) -> int:
    """Submitted evidence waiting for the user's review."""
    if not access_for(user).is_lead:
        return 0
    return PracticeTaskSubmission.objects.filter(
        status=PracticeTaskSubmission.Review.SUBMITTED,
        employee__in=_led_by(user).values("pk"),
    ).count()


def requests_to_decide(*, user, limit: int = 25) -> list[Enrollment]:
    """Open requests the user may approve or reject, oldest first."""
    access = access_for(user)
    requested = enrollment_list(user=user).filter(status=EnrollmentStatus.REQUESTED)
    # The user's own record is in their list but never theirs to decide: left
    # in, it would take a place of the page and then be dropped.
    requested = requested.exclude(employee__user=user)
    rows = requested.order_by("created_at", "id")[:limit]
    return [e for e in rows if access.can_decide(e.employee)]


def practice_tasks_to_review(*, user, limit: int = 10) -> list[PracticeTaskSubmission]:
    """Submitted evidence the user may approve or return, oldest first."""
    access = access_for(user)
    submitted = practice_task_list(user=user).filter(
        status=PracticeTaskSubmission.Review.SUBMITTED
    )
    # A manager's own try (management goes first) is never theirs to review.
    submitted = submitted.exclude(employee__user=user)
    rows = submitted.order_by("submitted_at", "id")[:limit]
    return [s for s in rows if access.can_decide(s.employee)]
