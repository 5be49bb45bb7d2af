"""A short cache of the figures' counting queries, correct under concurrent
writes.

Why: the national figures count the levels of half a million people (seconds
of SQL), and the same figures are asked again and again between two writes
in a municipality: a dashboard reloaded, the API polled, a workbook after the
page. The cache keeps the rows a counting query answered, keyed by the query
(its text and parameters: scope, role, period, validity window) and by a
*token* per municipality in scope, plus one for everything.

Why it stays correct:

- A writer replaces the tokens of the municipalities it touched with fresh
  random values *after its transaction commits* (``touch_*`` below, called by
  the domain events and by signals of the rows the figures count). Writers
  never wait for one another: nothing is locked in their transaction.
- A reader reads the tokens *before* its counting query takes its snapshot.
  If that snapshot misses a commit, the reader read the tokens before that
  commit's replacement, and nobody asks for those tokens again: rows counted
  without a write are never served after it. A token never comes back, so a
  missing or evicted one is replaced by a fresh one, never by ``None``.
- A process that dies between commit and replacement leaves the old entries
  to run out after FIGURES_CACHE_SECONDS; that bounds any miss.

Set FIGURES_CACHE_SECONDS=0 to switch the cache off (the tests do, but for
their own tests of it: their writes never commit).
"""

import hashlib
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from competences.levels.sql import Sql, fetch
from employees.models import Employee

PREFIX = "figures"
EVERYTHING = "all"
# Raised when the shape of the cached rows changes, so old entries are not read.
FORMAT = 1


def token_key(municipality) -> str:
    return f"{PREFIX}:token:{municipality}"


def rows(query: Sql, municipalities) -> list[tuple]:
    """The query's rows, from the cache when no write has touched the
    ``municipalities`` (ids) since they were counted."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return fetch(query)
    key = _entry_key(query, _tokens([*sorted(set(municipalities)), EVERYTHING]))
    found = cache.get(key)
    if found is not None:
        return found
    answer = fetch(query)
    cache.set(key, answer, seconds)
    return answer


def _tokens(names) -> list[str]:
    keys = [token_key(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(): of two readers missing the same token, both use the one
            # stored first.
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _entry_key(query: Sql, tokens: list[str]) -> str:
    parts = (FORMAT, query.text, sorted(query.params.items()), tokens)
    digest = hashlib.sha256(repr(parts).encode())
    return f"{PREFIX}:rows:{digest.hexdigest()}"


# --- Writers ----------------------------------------------------------------------
# Each transaction gathers what it touched and replaces the tokens once, after
# commit. A rolled-back transaction's leftovers are replaced with the next
# commit's: one more miss, never a stale answer.
_pending = threading.local()


def _gathered() -> tuple[set, set]:
    if not hasattr(_pending, "employees"):
        _pending.employees, _pending.names = set(), set()
    return _pending.employees, _pending.names


def touch_employees(ids) -> None:
    """Employees' figures change with this transaction."""
    employees, _names = _gathered()
    employees.update(ids)
    transaction.on_commit(_replace_tokens)


def touch_everything() -> None:
    """Something every figure may count changes (the ladder, a role's
    profile, the department tree, a deleted row)."""
    _employees, names = _gathered()
    names.add(EVERYTHING)
    transaction.on_commit(_replace_tokens)


def _replace_tokens() -> None:
    employees, names = _gathered()
    if employees:
        names.update(_municipalities_of(employees))
    if not names:
        return  # an earlier callback of the same commit did it
    cache.set_many({token_key(name): uuid.uuid4().hex for name in names}, None)
    employees.clear()
    names.clear()


def _municipalities_of(employee_ids) -> set:
    return set(
        Employee.objects.filter(pk__in=employee_ids)
        .values_list("department__municipality_id", flat=True)
        .distinct()
    )
