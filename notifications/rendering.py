"""Rendering the outbox: what a notification says is written by the task.

The request that causes a notification only writes its row: the recipient,
kind, language, dedupe key and *what to say it from* (``builder``, a function
of ``notifications.messages``, and ``context``, its arguments with model
instances as references). Building the message, its two bodies and its
calendar attachment is the slow part (templates, translations, the objects'
details), so the background task does it before sending, in the recipient's
language (DESIGN §8: sending never slows the request).

A rendered row has its subject, link and bodies filled in and its
``builder`` and ``context`` cleared, so rendering twice changes nothing. An
enrollment's calendar invitation is the exception: it is written in the
request, under the session's lock, because its SEQUENCE names that version
of the event (``services._attach_calendar``).
"""

import logging
from datetime import date, datetime
from functools import partial

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime

from api.links import absolute_url as absolute
from notifications import messages
from notifications import unsubscribe as links
from notifications.messages import Message, one_line
from notifications.models import Notification, State

logger = logging.getLogger(__name__)

# The context key of the builder's positional arguments.
ARGS = "$args"


# --- Context: the builder's arguments as JSON ----------------------------------
def encode(value):
    """JSON for a builder argument: model instances become references."""
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": {key: encode(item) for key, item in value.items()}}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    # Lazy translations and other text-like values: their text, in Danish
    # or English alike, is decided by whoever reads the row.
    return str(value)


def decode(value):
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$model" in value:
        model = apps.get_model(value["$model"])
        return model._default_manager.get(pk=value["pk"])
    if "$datetime" in value:
        return parse_datetime(value["$datetime"])
    if "$date" in value:
        return parse_date(value["$date"])
    return {key: decode(item) for key, item in value["$dict"].items()}


def describe(build) -> tuple[str, dict] | None:
    """The builder's name and its encoded arguments, from ``partial(f, ...)``
    of a function of notifications.messages; None for any other callable,
    which cannot wait for the task (``render_now``)."""
    if not isinstance(build, partial):
        return None
    name = build.func.__name__
    if getattr(messages, name, None) is not build.func:
        return None
    context = {key: encode(value) for key, value in build.keywords.items()}
    if build.args:
        context[ARGS] = encode(build.args)
    return name, context


# --- Rendering ------------------------------------------------------------------------
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


def render_rows(ids) -> int:
    """Render the notifications among ``ids`` that are not yet; returns how many."""
    waiting = Notification.objects.filter(pk__in=ids, builder__gt="").select_related(
        "recipient__notification_preferences", "employee"
    )
    done = 0
    for notification in waiting:
        done += render_row(notification)
    return done


def render_row(notification: Notification) -> bool:
    """Fill in one notification's subject, link and bodies."""
    try:
        values = _rendered(notification)
    except Exception as error:
        # An object the message names is gone (or a builder broke): nothing
        # to say, so nothing to send; the admin shows why.
        logger.exception("Notification %d could not be rendered", notification.pk)
        values = {
            "subject": str(notification.get_kind_display())[:300],
            "state": State.FAILED,
            "last_error": f"render: {type(error).__name__}",
        }
    values.update(builder="", context=None)
    # Only a row still waiting: two workers rendering it write it once.
    return bool(
        Notification.objects.filter(pk=notification.pk, builder__gt="").update(**values)
    )


def render_now(notification: Notification, build) -> None:
    """Fill in an unsaved notification from any callable ``build``."""
    for name, value in _built(notification, build).items():
        setattr(notification, name, value)


def _rendered(notification: Notification) -> dict:
    context = {
        key: decode(value) for key, value in (notification.context or {}).items()
    }
    args = context.pop(ARGS, ())
    build = getattr(messages, notification.builder)
    return _built(notification, partial(build, *args, **context))


def _built(notification: Notification, build) -> dict:
    with translation.override(notification.language):
        message = build()
        text, html = render(message, unsubscribe=_unsubscribe_link(notification))
    return {
        "subject": one_line(message.subject)[:300],
        "url": message.url,
        "body_text": text,
        "body_html": html,
    }


def _unsubscribe_link(notification: Notification) -> str:
    if not notification.unsubscribe or notification.recipient is None:
        return ""
    user = notification.recipient
    preferences = getattr(user, "notification_preferences", None)
    return links.link(user, notification.unsubscribe, preferences)
