"""Domain events: a service tells whoever listens what it just changed (DESIGN §8).

A service emits its event once its change is written, inside its transaction.
There are two kinds of subscriber:

- ``event.subscribe(handler)`` runs at once, inside that transaction, for
  writes that must commit or roll back with the change (an outbox row, a
  derived table). An exception here undoes the whole change.
- ``event.subscribe(handler, after_commit=True)`` runs only once the change
  has committed, for what reaches outside the database (mail, files, other
  systems); nothing runs when the change rolls back, and a failing handler
  is logged without affecting the others.

The apps that own the data declare their events (``employees.events``,
``competences.events``, ``courses.events``); feature apps subscribe from their
AppConfig.ready(), so the domain never imports the features (DESIGN §7).
Handlers take the event's keyword arguments and should accept ``**extra`` so
an event can grow a field without breaking them.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


class Event:
    """A named domain event with its subscribers."""

    registry: dict[str, "Event"] = {}

    def __init__(self, name: str, doc: str):
        if name in Event.registry:
            raise ValueError(f"The event {name!r} is declared twice.")
        self.name = name
        self.__doc__ = doc
        self._in_transaction: list[Callable] = []
        self._after_commit: list[Callable] = []
        Event.registry[name] = self

    def __repr__(self):
        return f"<Event {self.name}>"

    def subscribe(self, handler: Callable | None = None, *, after_commit=False):
        """Add a handler; usable as a decorator, with or without arguments."""
        if handler is None:
            return partial(self.subscribe, after_commit=after_commit)
        handlers = self._after_commit if after_commit else self._in_transaction
        if handler not in handlers:
            handlers.append(handler)
        return handler

    def unsubscribe(self, handler: Callable) -> None:
        for handlers in (self._in_transaction, self._after_commit):
            if handler in handlers:
                handlers.remove(handler)

    def emit(self, **payload) -> None:
        for handler in list(self._in_transaction):
            handler(event=self, **payload)
        for handler in list(self._after_commit):
            transaction.on_commit(partial(self._run_after, handler, payload))

    def _run_after(self, handler: Callable, payload: dict) -> None:
        try:
            handler(event=self, **payload)
        except Exception:
            # The change is committed; one failing outside reaction must not
            # hide it from the caller or stop the other subscribers.
            logger.exception("Subscriber %r of %s failed", handler, self.name)


# --- The organisation's events ------------------------------------------------------
employee_created = Event("employee_created", "A person was added (employee=, actor=).")
employee_updated = Event(
    "employee_updated",
    "A person's record changed (employee=, changed=[field names], actor=).",
)
employees_imported = Event(
    "employees_imported",
    "The HR import wrote many people at once (created=[ids], updated=[ids], "
    "deactivated=[ids], actor=). Bulk writes fire no per-person event.",
)
