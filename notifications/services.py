"""Writes of the notifications app: the outbox, read marks, preferences, feeds.

``notify`` is called by the event subscribers inside the service's
transaction, so a notification commits or rolls back with the change that
caused it; its mail is queued only after the commit (see ``delivery``).
"""

import hashlib
import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from api.links import absolute_url as absolute
from notifications import delivery, ical
from notifications import unsubscribe as links
from notifications.messages import Message, one_line
from notifications.models import CalendarFeed, Kind, Notification, Preferences, State
from notifications.recipients import Recipient

REMINDERS = {Kind.SESSION_REMINDER, Kind.DEADLINE_REMINDER}
# Work for managers: one mail each, a daily digest, or only in the app.
WORK = {Kind.ENROLLMENT_REQUESTED, Kind.PRACTICE_TASK_SUBMITTED}


def _state(to: Recipient, kind: str) -> str | None:
    """The first state of a new notification; None: the person opted out."""
    prefs = to.preferences
    if kind in REMINDERS and prefs is not None and not prefs.reminders:
        return None
    if not to.email:
        return State.NO_ADDRESS
    if kind in WORK and prefs is not None:
        choice = prefs.requests_mail
        if choice == Preferences.RequestsMail.DAILY:
            return State.DIGEST
        if choice == Preferences.RequestsMail.NONE:
            return State.IN_APP
    return State.PENDING


def notify(
    *,
    to: Recipient,
    kind: str,
    dedupe_key: str,
    build: Callable[[], Message],
    about=None,
    calendar=None,
    unsubscribe: str = "",
) -> Notification | None:
    """Write one notification, unless it exists already or was opted out.

    ``build`` makes the message; it runs in the recipient's language.
    ``calendar`` is ``(enrollment, method)`` for an invitation attachment.
    """
    state = _state(to, kind)
    if state is None:
        return None
    # Only a user has preferences to turn off.
    unsubscribe = unsubscribe if to.user is not None else ""
    with translation.override(to.language):
        message = build()
        notification = Notification(
            recipient=to.user,
            employee=about or to.employee,
            kind=kind,
            subject=one_line(message.subject)[:300],
            url=message.url,
            language=to.language,
            to_email=to.email,
            dedupe_key=dedupe_key,
            state=state,
            unsubscribe=unsubscribe,
        )
        notification.body_text, notification.body_html = render(
            message,
            unsubscribe=unsubscribe
            and links.link(to.user, unsubscribe, to.preferences),
        )
    if calendar is not None:
        _attach_calendar(notification, *calendar)
    try:
        # A savepoint: a repeated dedupe key leaves the change intact.
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None
    if state == State.PENDING:
        delivery.deliver_after_commit(notification.pk)
    return notification


def render(message: Message, *, unsubscribe: str = "") -> tuple[str, str]:
    """The text and HTML bodies, in the active language; ``unsubscribe`` is
    the link that turns this kind of mail off, if it has one."""
    context = {
        "message": message,
        "link": absolute(message.url),
        "unsubscribe": unsubscribe,
    }
    return (
        render_to_string("notifications/mail.txt", context),
        render_to_string("notifications/mail.html", context),
    )


def _attach_calendar(notification: Notification, enrollment, method: str) -> None:
    sequence = ical.next_sequence(enrollment.pk)
    notification.calendar_uid = ical.uid(enrollment.pk)
    notification.calendar_sequence = sequence
    notification.calendar = ical.invitation(
        enrollment,
        method=method,
        sequence=sequence,
        attendee=notification.to_email,
    )


# --- Read marks -----------------------------------------------------------------------
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.of(user).unread().update(read_at=timezone.now())


# --- Preferences ---------------------------------------------------------------------
def preferences_get(*, user) -> Preferences:
    preferences, _created = Preferences.objects.get_or_create(user=user)
    return preferences


@transaction.atomic
def preferences_update(*, user, **values) -> Preferences:
    """Change a user's language or opt-outs (fields of Preferences only)."""
    preferences = preferences_get(user=user)
    allowed = {"language", "reminders", "requests_mail"}
    for name, value in values.items():
        if name not in allowed:
            raise TypeError(f"Unknown preference {name!r}")
        setattr(preferences, name, value)
    preferences.full_clean()
    preferences.save()
    return preferences


UNSUBSCRIBE = {
    "reminders": {"reminders": False},
    "digest": {"requests_mail": Preferences.RequestsMail.NONE},
}


@transaction.atomic
def preferences_unsubscribe(*, preferences: Preferences, what: str) -> Preferences:
    """Turn off the mails a List-Unsubscribe link names."""
    for name, value in UNSUBSCRIBE[what].items():
        setattr(preferences, name, value)
    preferences.save()
    return preferences


# --- Calendar feeds ------------------------------------------------------------------
def feed_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user) -> str:
    """A new feed secret for the user (any earlier one stops working).

    Returns the secret itself; only its hash is kept, so it is shown once.
    """
    key = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(user=user, hashed_key=feed_hash(key))
    return key


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
