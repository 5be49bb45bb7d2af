"""Shared steps of the application workflow: locks, refusals and checks."""

from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.access import access_for
from funding.models import OPEN_ENROLLMENT, FundApplication, FundApplicationLine


def fail(message: str, code: str) -> NoReturn:
    raise ValidationError(message, code=code)


def lock(application: FundApplication) -> FundApplication:
    """Lock the application's row and refresh the caller's instance from it,
    so two people acting at once queue and each sees the other's change."""
    locked = FundApplication.objects.select_for_update().get(pk=application.pk)
    for field in FundApplication._meta.concrete_fields:
        setattr(application, field.attname, getattr(locked, field.attname))
    return application


def lines_of(application: FundApplication) -> list[FundApplicationLine]:
    return list(
        application.lines.select_related(
            "employee__department", "enrollment__session__course"
        ).order_by("pk")
    )


def require_state(application: FundApplication, allowed, message: str) -> None:
    if application.state not in allowed:
        fail(message, "invalid_transition")


def require_not_started(enrollments, now=None) -> None:
    """Applying, signing and submitting end when a session starts."""
    now = now or timezone.now()
    for enrollment in enrollments:
        session = enrollment.session
        if session.starts_at <= now:
            fail(
                _(
                    "The session of %(course)s started on %(date)s: the fund only "
                    "co-finances what is applied for before the course starts."
                )
                % {
                    "course": session.course.title,
                    "date": timezone.localtime(session.starts_at).date().isoformat(),
                },
                "session_started",
            )


def require_open(enrollments) -> None:
    for enrollment in enrollments:
        if enrollment.status not in OPEN_ENROLLMENT:
            fail(
                _("The enrollment of %(name)s is %(status)s; apply for an open one.")
                % {
                    "name": enrollment.employee.name,
                    "status": enrollment.get_status_display().lower(),
                },
                "enrollment_closed",
            )


def require_may_apply(actor, employees) -> None:
    """Filing, costs and submission: the employee, or HR or a manager over
    every participant."""
    access = access_for(actor)
    for employee in employees:
        if not access.can_apply_for(employee):
            raise PermissionDenied(
                _("You may not apply for %(name)s.") % {"name": employee.name}
            )
