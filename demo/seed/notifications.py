"""A morning's work through the workflow services, so the demo has mails and
unread notifications made the way real ones are (by the domain events).

``employee`` asks for a seat (``manager`` hears), ``manager`` approves one
colleague and rejects another with a reason, and HR places ``employee`` on a
session (a mail with a calendar invitation). The mails go out when the demo
commits: under ``var/mail/`` in local mode.
"""

from courses import services
from courses.models import CourseSession, Enrollment
from employees.access import access_for
from notifications.models import Notification

Status = Enrollment.Status


def build_notifications(*, org) -> int:
    employee = org.people["employee"]
    manager, hr = org.users["manager"], org.users["hr"]
    services.enrollment_request(
        employee=employee,
        session=_session("KH-2026-104-H2"),
        requested_by=employee.user,
    )
    decided = _requests_led_by(manager, exclude=employee)[:2]
    if decided:
        services.enrollment_approve(enrollment=decided[0], approved_by=manager)
    if len(decided) > 1:
        services.enrollment_reject(
            enrollment=decided[1],
            rejected_by=manager,
            reason="Holdet ligger midt i vores travle periode; søg gerne efteråret.",
        )
    services.enrollment_enroll(
        employee=employee, session=_session("KH-2026-106-H2"), enrolled_by=hr
    )
    return Notification.objects.count()


def _session(external_id: str) -> CourseSession:
    return CourseSession.objects.get(external_id=external_id)


def _requests_led_by(user, *, exclude) -> list[Enrollment]:
    access = access_for(user)
    requested = (
        Enrollment.objects.filter(status=Status.REQUESTED, session__is_cancelled=False)
        .exclude(employee=exclude)
        .select_related("employee__department", "session")
        .order_by("created_at", "pk")
    )
    return [e for e in requested if access.can_decide(e.employee)]
