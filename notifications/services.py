"""Writes of the notifications app: the outbox, read marks, preferences, feeds.

``notify`` is called by the event subscribers inside the service's
transaction, so a notification commits or rolls back with the change that
caused it. It writes the row only; the task queued after the commit renders
it (``rendering``) and sends its mail (``delivery``).
"""

import hashlib
import secrets
from functools import partial

from django.db import transaction
from django.utils import timezone

from api.bulk import insert_rows
from notifications import delivery, ical, rendering
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
    build: partial,
    about=None,
    calendar=None,
    unsubscribe: str = "",
) -> Notification | None:
    """Write one notification, unless it exists already or was opted out.

    ``build`` makes the message, in the recipient's language; as
    ``partial(<a function of notifications.messages>, **objects)`` the
    background task calls it (see ``rendering``), any other callable is
    called now. ``calendar`` is ``(enrollment, method)`` for an invitation
    attachment.
    """
    written = notify_all(
        to=[to],
        kind=kind,
        dedupe_key=dedupe_key,
        build=build,
        about=about,
        calendar=calendar,
        unsubscribe=unsubscribe,
    )
    return written[0] if written else None


def notify_all(
    *,
    to: list[Recipient],
    kind: str,
    dedupe_key: str,
    build: partial,
    about=None,
    calendar=None,
    unsubscribe: str = "",
) -> list[Notification]:
    """``notify`` for several recipients of the same message, in one INSERT.

    Only the row (and an enrollment's calendar invitation) is written here,
    in the caller's transaction; the subject and bodies are rendered by the
    task queued at commit.
    """
    # A builder the task can call again waits for it; any other is called now.
    described = rendering.describe(build)
    builder, context = described or ("", None)
    rows = []
    for recipient in to:
        state = _state(recipient, kind)
        if state is None:
            continue
        row = Notification(
            recipient=recipient.user,
            employee=about or recipient.employee,
            kind=kind,
            language=recipient.language,
            to_email=recipient.email,
            dedupe_key=dedupe_key,
            state=state,
            # Only a user has preferences to turn off.
            unsubscribe=unsubscribe if recipient.user is not None else "",
            builder=builder,
            context=context,
        )
        if described is None:
            rendering.render_now(row, build)
        if calendar is not None:
            _attach_calendar(row, *calendar)
        rows.append(row)
    written = _insert(rows)
    if written:
        delivery.queue([row.pk for row in written])
    return written


def _insert(rows: list[Notification]) -> list[Notification]:
    """The rows whose dedupe key is new for their recipient, inserted.

    One statement that skips a repeated key (``ON CONFLICT DO NOTHING``), so
    a repeat leaves the caller's change intact without a savepoint around it.
    """
    rows = list({_who(row): row for row in reversed(rows)}.values())[::-1]
    if not rows:
        return []
    now = timezone.now()
    for row in rows:
        row.created_at = row.created_at or now  # what save() would stamp
    fields = [f.attname for f in Notification._meta.concrete_fields]
    written = insert_rows(
        Notification,
        ({name: getattr(row, name) for name in fields} for row in rows),
        skip_conflicts=True,
        returning=("id", "recipient_id", "employee_id"),
    )
    ids = {_who_is(user, employee): pk for pk, user, employee in written}
    written_rows = []
    for row in rows:
        row.pk = ids.get(_who(row))
        if row.pk is not None:
            # As bulk_create leaves them: saved rows, not new ones.
            row._state.adding, row._state.db = False, "default"
            written_rows.append(row)
    return written_rows


def _who(row: Notification) -> tuple:
    return _who_is(row.recipient_id, row.employee_id)


def _who_is(user_id, employee_id) -> tuple:
    # A recipient is a user, or (without one) an employee: the dedupe keys
    # are unique per each (the model's two constraints).
    return (user_id, None) if user_id is not None else (None, employee_id)


def _attach_calendar(notification: Notification, enrollment, method: str) -> None:
    """The invitation, written now: its SEQUENCE is taken under the session's
    lock, and it describes the session as this change left it."""
    sequence = ical.next_sequence(enrollment.pk)
    notification.calendar_uid = ical.uid(enrollment.pk)
    notification.calendar_sequence = sequence
    notification.calendar = ical.invitation(
        enrollment,
        method=method,
        sequence=sequence,
        attendee=notification.to_email,
    )


def notifications_render_waiting(*, user) -> int:
    """Render the user's notifications whose task has not run yet, so their
    list never shows one without its subject (see ``rendering``)."""
    waiting = Notification.objects.of(user).filter(builder__gt="")
    return rendering.render_rows(list(waiting.values_list("pk", flat=True)))


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
