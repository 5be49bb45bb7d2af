"""Reads of courses, sessions and enrollments, scoped to the asking party.

A party is a signed-in user, an education partner (its ``Provider``), or
nobody (the public catalogue).
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    Provider,
)
from employees.models import AccessGrant, Employee

LEAD_KINDS = (AccessGrant.Kind.HR, AccessGrant.Kind.MANAGER)


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
    *, user=None, provider: Provider | None = None
) -> QuerySet[CourseSession]:
    courses = course_list(user=user, provider=provider)
    sessions = CourseSession.objects.filter(course__in=courses.values("pk"))
    return sessions.select_related("course", "course__provider").annotate(
        enrolled_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)
        ),
        waitlisted_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)
        ),
    )


def enrollment_list(
    *, user=None, provider: Provider | None = None
) -> QuerySet[Enrollment]:
    """Enrollments of employees the user leads or is; a partner's own sessions."""
    if provider is not None:
        enrollments = Enrollment.objects.filter(session__provider=provider)
    else:
        employees = Employee.objects.visible_to(user, LEAD_KINDS)
        enrollments = Enrollment.objects.filter(employee__in=employees.values("pk"))
    return enrollments.select_related(
        "employee", "employee__department", "session", "session__course", "course"
    )


def practice_task_list(*, user) -> QuerySet[PracticeTaskSubmission]:
    employees = Employee.objects.visible_to(user, LEAD_KINDS)
    return PracticeTaskSubmission.objects.filter(
        enrollment__employee__in=employees.values("pk")
    ).select_related(
        "enrollment",
        "enrollment__employee",
        "enrollment__employee__department",
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
