"""Sending the outbox: each notification's mail goes out at most once.

The states of a notification's mail::

    pending ──claim──▶ sending ──mark──▶ sent
       ▲                  │
       └──retry (later)───┤ refused for now (4xx), or no connection at all
                          ├──▶ failed: refused for good (5xx), out of retries
                          │    (24 hours), or the outcome is unknown
    no_address, in_app, digest: never mailed one by one

*Claim* is one conditional UPDATE (``pending`` → ``sending``), committed before
a single byte goes to the mail server, so of two workers that pick the same
row only one sends it. *Mark* (``sending`` → ``sent``) follows the server's
answer. A worker that dies between the two leaves the row in ``sending``; it
is never claimed again. ``deliver_due`` later marks it ``failed`` (the mail
may or may not have left), where the admin shows it, so a mail goes out at
most once, and what might be missing is visible instead of sent twice.

The same rule decides errors: a failure before the mail is handed over
(connecting, greeting, EHLO) or a refusal with an SMTP code means the server
does not have the mail, so it is retried with exponential backoff for 24
hours (4xx) or failed (5xx). A connection lost in the middle of a mail
transaction might have delivered it, so it is failed, not retried.
"""

import logging
import smtplib
from contextlib import contextmanager
from datetime import timedelta
from email.mime.text import MIMEText

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from api.bulk import insert_rows
from notifications import rendering, unsubscribe
from notifications.models import Notification, State

logger = logging.getLogger(__name__)

RETRY_FOR = timedelta(hours=24)
FIRST_RETRY = timedelta(minutes=1)
# A claim older than this belongs to a worker that died mid-send; it is far
# above the few SMTP round trips (EMAIL_TIMEOUT each) one mail takes.
CLAIM_LAPSES = timedelta(minutes=15)
BATCH = 200


# --- Queueing ------------------------------------------------------------------------
def queue(ids: list[int]) -> None:
    """Queue the rendering and mail of notifications just written.

    With the database task backend (production), the task row is written in
    the notifications' own transaction: it commits or rolls back with them,
    no commit is lost between the two, and the request pays no second write
    after its commit. Any other backend may run the task at once (in-process
    locally), so it is queued only once the transaction commits; the ids of
    one transaction then go out as one task (one SMTP connection): the first
    commit callback takes them all, the others find nothing left. Ids whose
    rows were rolled back are harmless: no row, nothing to claim.
    """
    connection = transaction.get_connection()
    batch = connection.__dict__.get("_kyndig_batch")
    if batch is not None:
        batch.extend(ids)
    elif connection.in_atomic_block and _tasks_in_database():
        _write_task_row(ids)
    else:
        connection.__dict__.setdefault("_kyndig_outbox", []).extend(ids)
        transaction.on_commit(_enqueue_outbox)


def _write_task_row(ids: list[int]) -> None:
    """The task's row in the database backend's table, as the backend's
    ``enqueue`` writes it (``DatabaseBackend._task_to_db_task``), in one plain
    INSERT: through the backend the row cost a third of what notifications
    add to the request that causes them (building the model, normalising and
    validating, a result object made twice). The worker reads it like any
    other; ``tests/notifications/test_outbox.py`` runs the real ``db_worker``
    on it."""
    from django_tasks_db.models import DBTaskResult, get_date_max  # noqa: PLC0415

    task = _task()
    insert_rows(
        DBTaskResult,
        [
            {
                "args_kwargs": {"args": [list(ids)], "kwargs": {}},
                "priority": task.priority,
                "task_path": task.module_path,
                "queue_name": task.queue_name,
                "run_after": task.run_after or get_date_max(),
                "backend_name": task.backend,
            }
        ],
    )


@contextmanager
def one_task():
    """Queue the notifications written inside as one task (one connection),
    for a change that notifies many people one by one."""
    connection = transaction.get_connection()
    if "_kyndig_batch" in connection.__dict__:
        yield  # an outer block queues them
        return
    connection.__dict__["_kyndig_batch"] = []
    try:
        yield
    finally:
        ids = connection.__dict__.pop("_kyndig_batch")
    if ids:
        queue(ids)


def _tasks_in_database() -> bool:
    from django_tasks_db import DatabaseBackend  # noqa: PLC0415

    return isinstance(_task().get_backend(), DatabaseBackend)


def _task():
    # Here, not at the top: the task module imports this one to run.
    from notifications.tasks import deliver_notifications  # noqa: PLC0415

    return deliver_notifications


def _enqueue_outbox() -> None:
    ids = transaction.get_connection().__dict__.pop("_kyndig_outbox", [])
    if ids:
        enqueue(ids)


def enqueue(ids: list[int], run_after=None) -> None:
    """Queue a task now, outside any transaction (after a commit, a retry)."""
    task = _task()
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # deliver_due (send_notifications) picks it up instead
        task = task.using(run_after=run_after)
    try:
        task.enqueue(ids)
    except Exception:
        # The rows are committed and stay pending: deliver_due sends them.
        logger.exception("Could not queue %d notification(s)", len(ids))


# --- Sending -------------------------------------------------------------------------
class Uncertain(Exception):
    """The connection broke while the server may have been taking the mail."""


def deliver(ids: list[int], *, now=None) -> dict[str, int]:
    """Render the notifications among ``ids`` that are not yet, then send the
    pending, due ones over one connection."""
    rendering.render_rows(ids)
    outcome = {"sent": 0, "retry": 0, "failed": 0}
    connection = None
    for pk in ids:
        moment = now or timezone.now()
        if not _claim(pk, moment):
            continue
        if connection is None:
            connection = _connect(pk, outcome, moment)
            if connection is None:
                continue
        result = _send_one(connection, pk, moment)
        outcome[result] += 1
        if result != "sent":
            connection = _close(connection)
    _close(connection)
    return outcome


def _claim(pk: int, now) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return bool(
        Notification.objects.filter(due, pk=pk, state=State.PENDING).update(
            state=State.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + CLAIM_LAPSES,
        )
    )


def _connect(pk: int, outcome: dict, now):
    """An open SMTP (or file, or test) connection; None after a failure,
    which sends the claimed ``pk`` back to wait, since nothing was sent."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            smtp.ehlo_or_helo_if_needed()
    except Exception as error:
        _close(connection)
        outcome[_retry(pk, _describe(error), now)] += 1
        return None
    return connection


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a broken connection may fail to say goodbye too
            logger.debug("SMTP close failed", exc_info=True)
    return None


def _send_one(connection, pk: int, now) -> str:
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    try:
        mail = build_mail(notification, connection)
    except Exception as error:
        logger.exception("Notification %d could not be built", pk)
        return _fail(pk, _describe(error))
    try:
        connection.send_messages([mail])
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        return _refused(pk, min(codes) if codes else 550, now)
    except smtplib.SMTPResponseException as error:
        return _refused(pk, error.smtp_code, now)
    except Exception as error:
        return _fail(pk, "uncertain: " + _describe(error))
    mark_sent(pk)
    return "sent"


def mark_sent(pk: int) -> None:
    Notification.objects.filter(pk=pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )


def _refused(pk: int, code: int, now) -> str:
    reason = f"SMTP {code}"
    if 400 <= code < 500:
        return _retry(pk, reason, now)
    return _fail(pk, reason)


def _describe(error: Exception) -> str:
    # The class and the SMTP code only: messages may quote addresses.
    code = getattr(error, "smtp_code", None)
    name = type(error).__name__
    return f"{name} {code}" if code else name


def _retry(pk: int, reason: str, now) -> str:
    """Back to pending after 1, 2, 4… minutes, until 24 hours have passed."""
    notification = Notification.objects.get(pk=pk)
    wait = FIRST_RETRY * 2 ** max(notification.attempts - 1, 0)
    if now + wait > notification.created_at + RETRY_FOR:
        return _fail(pk, reason)
    Notification.objects.filter(pk=pk, state=State.SENDING).update(
        state=State.PENDING, next_attempt_at=now + wait, last_error=reason[:200]
    )
    enqueue([pk], run_after=now + wait)
    return "retry"


def _fail(pk: int, reason: str) -> str:
    Notification.objects.filter(pk=pk, state=State.SENDING).update(
        state=State.FAILED, next_attempt_at=None, last_error=reason[:200]
    )
    return "failed"


def build_mail(notification: Notification, connection=None) -> EmailMultiAlternatives:
    """The multipart mail: text, HTML and, for enrollments, the calendar."""
    headers = {"Auto-Submitted": "auto-generated"}
    if notification.unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(notification)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.to_email],
        headers=headers,
        connection=connection,
    )
    mail.attach_alternative(notification.body_html, "text/html")
    if notification.calendar:
        mail.attach(_calendar_part(notification.calendar))
    return mail


def _calendar_part(ics: str) -> MIMEText:
    method = "CANCEL" if "METHOD:CANCEL" in ics else "REQUEST"
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="kyndig.ics")
    return part


def unsubscribe_url(notification: Notification) -> str:
    return unsubscribe.link(notification.recipient, notification.unsubscribe)


# --- The sweep ---------------------------------------------------------------------
def deliver_due(*, now=None) -> dict[str, int]:
    """Send everything due (retries, and rows whose task was lost) and give
    up on claims that lapsed: their worker died while sending."""
    now = now or timezone.now()
    # Rows whose task was lost are not rendered yet, whatever their state.
    unrendered = Notification.objects.filter(builder__gt="").order_by("pk")
    waiting = list(unrendered.values_list("pk", flat=True))
    for start in range(0, len(waiting), BATCH):
        rendering.render_rows(waiting[start : start + BATCH])
    lapsed = Notification.objects.filter(state=State.SENDING, next_attempt_at__lt=now)
    outcome = {"sent": 0, "retry": 0, "failed": 0}
    outcome["failed"] += lapsed.update(
        state=State.FAILED,
        next_attempt_at=None,
        last_error="uncertain: the worker stopped while sending",
    )
    due = Notification.objects.filter(state=State.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        for key, count in deliver(ids[start : start + BATCH], now=now).items():
            outcome[key] += count
    return outcome
