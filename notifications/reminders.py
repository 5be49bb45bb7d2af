"""The daily mails: reminders before sessions and deadlines, managers' digests.

Run once a day by ``manage.py send_reminders``. Each reminder's dedupe key
names its enrollment (or session) and date, and each digest its day, so
running the command again the same day creates nothing new.
"""

from collections import defaultdict
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.models import CourseSession, Enrollment
from employees.access import deciders_of
from notifications import messages, recipients, rendering
from notifications.models import Kind, Notification, State
from notifications.services import notify

Status = Enrollment.Status


def reminder_day(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=settings.REMINDER_DAYS_BEFORE)


def session_reminders(*, today: date | None = None) -> int:
    """Everyone with a seat on a session that starts on the reminder day."""
    target = reminder_day(today)
    seats = Enrollment.objects.filter(
        status=Status.ENROLLED,
        session__is_cancelled=False,
        session__starts_at__date=target,
    ).select_related("employee__user", "session__course")
    created = 0
    for enrollment in seats.iterator(chunk_size=500):
        with transaction.atomic():
            created += bool(
                notify(
                    to=recipients.for_employee(enrollment.employee),
                    kind=Kind.SESSION_REMINDER,
                    dedupe_key=f"{Kind.SESSION_REMINDER}:{enrollment.pk}:{target}",
                    build=partial(messages.session_reminder, enrollment=enrollment),
                    about=enrollment.employee,
                    unsubscribe="reminders",
                )
            )
    return created


def deadline_reminders(*, today: date | None = None) -> int:
    """Managers with requests still open on a session whose enrollment
    deadline is the reminder day: one mail per manager and session."""
    target = reminder_day(today)
    sessions = CourseSession.objects.filter(
        is_cancelled=False, enrollment_deadline=target
    ).select_related("course")
    created = 0
    for session in sessions:
        for user, requests in _requests_by_decider(session).items():
            with transaction.atomic():
                created += bool(
                    notify(
                        to=recipients.for_user(user),
                        kind=Kind.DEADLINE_REMINDER,
                        dedupe_key=f"{Kind.DEADLINE_REMINDER}:{session.pk}:{target}",
                        build=partial(
                            messages.deadline_reminder,
                            session=session,
                            requests=requests,
                        ),
                        unsubscribe="reminders",
                    )
                )
    return created


def _requests_by_decider(session) -> dict:
    requested = session.enrollments.filter(status=Status.REQUESTED).select_related(
        "employee__department"
    )
    by_user: dict = defaultdict(list)
    for enrollment in requested:
        for user in deciders_of(enrollment.employee):
            by_user[user].append(enrollment)
    return by_user


def digests(*, today: date | None = None) -> int:
    """One mail per manager who chose a daily digest, listing what waited."""
    today = today or timezone.localdate()
    waiting = Notification.objects.filter(state=State.DIGEST)
    users = waiting.values_list("recipient", flat=True).distinct()
    created = 0
    for user_id in users:
        with transaction.atomic():
            created += _digest(user_id, today)
    return created


def _digest(user_id: int, today: date) -> int:
    items = list(
        Notification.objects.select_for_update()
        .filter(recipient_id=user_id, state=State.DIGEST)
        .order_by("created_at", "pk")
    )
    if not items:
        return 0
    user = items[0].recipient
    # The digest lists their subjects: write any their task has not yet.
    rendering.render_rows([n.pk for n in items])
    digest = notify(
        to=recipients.for_user(user),
        kind=Kind.DIGEST,
        dedupe_key=f"{Kind.DIGEST}:{today}",
        build=partial(messages.digest, notifications=items),
        unsubscribe="digest",
    )
    if digest is None:
        return 0  # today's digest went out already: these wait for tomorrow's
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(state=State.IN_APP)
    return 1
