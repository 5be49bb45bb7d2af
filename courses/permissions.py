"""What an education partner may do; staff rules live in employees.access."""

from courses.models import Course, CourseSession, Enrollment, Provider
from employees.access import Kind, access_for


class PartnerPolicy:
    """A partner acts only on its own courses, sessions and their enrollments."""

    def __init__(self, provider: Provider):
        self.provider = provider

    def owns_course(self, course: Course) -> bool:
        return course.provider_id == self.provider.pk

    def owns_session(self, session: CourseSession) -> bool:
        return session.provider_id == self.provider.pk

    def can_record_attendance(self, enrollment: Enrollment) -> bool:
        return self.owns_session(enrollment.session)


def can_cancel_session(*, user, session: CourseSession) -> bool:
    """HR may cancel a session only when everyone on it is in their HR scope.

    Sessions are shared between municipalities; one municipality's HR must not
    cancel another's places.
    """
    access = access_for(user)
    if access.is_superuser:
        return True
    if not access.is_hr:
        return False
    live = Enrollment.objects.filter(session=session).live()
    outside = live.exclude(access.q("employee__department", Kind.HR))
    return live.exists() and not outside.exists()
