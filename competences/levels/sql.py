"""Raw SQL with named parameters, for the set-based figures of the level rule.

Portable between SQLite and PostgreSQL. Only table names from model metadata
and fixed fragments are interpolated into the text (hence the S608 noqa
marks); every value is a named parameter.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# A Django-compiled query marks its parameters %s; a literal % is written %%.
_PLACEHOLDER = re.compile(r"(?<!%)%s")


class Sql:
    """A fragment of SQL text with its named parameters."""

    def __init__(self, text: str = "", params: dict | None = None):
        self.text = text
        self.params = dict(params or {})

    def __add__(self, other: "Sql") -> "Sql":
        clash = {
            name
            for name in self.params.keys() & other.params.keys()
            if self.params[name] != other.params[name]
        }
        if clash:
            raise ValueError(f"Parameters used twice with other values: {clash}")
        return Sql(self.text + other.text, {**self.params, **other.params})

    @classmethod
    def of_queryset(cls, queryset, prefix: str) -> "Sql":
        """A QuerySet's SQL, its parameters renamed ``<prefix>_0``, ``_1``…"""
        text, params = queryset.query.sql_with_params()
        names = iter(f"{prefix}_{index}" for index in range(len(params)))
        text = _PLACEHOLDER.sub(lambda _match: f"%({next(names)})s", text)
        return cls(text, {f"{prefix}_{i}": value for i, value in enumerate(params)})


def db_datetime(value):
    """A datetime as raw SQL expects it (SQLite stores naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


# PostgreSQL's default work_mem (4 MB) sends the hash aggregates of a national
# report to disk; the figures queries raise it for their own transaction only.
WORK_MEM = "256MB"
# The figures queries are large CTE trees that run once each: JIT compiling
# them cost 2.3 s of the national report's 21.6 s (EXPLAIN ANALYZE) and saved
# nothing in execution, so it is off for their transaction.
SESSION_SETTINGS = (f"SET LOCAL work_mem = '{WORK_MEM}'", "SET LOCAL jit = off")


def _configure(raw) -> None:
    if connection.vendor == "postgresql":
        for statement in SESSION_SETTINGS:
            raw.execute(statement)


@contextmanager
def cursor():
    """A cursor for figures queries, tuned on PostgreSQL (see SESSION_SETTINGS)."""
    with transaction.atomic(), connection.cursor() as raw:
        _configure(raw)
        yield raw


def fetch(query: Sql) -> list[tuple]:
    with cursor() as raw:
        raw.execute(query.text, query.params)
        return raw.fetchall()


def fetch_plain(query: Sql) -> list[tuple]:
    """``fetch`` without the session settings: for small queries that run
    inside a workflow's transaction (SET LOCAL would outlive them there)."""
    with connection.cursor() as raw:
        raw.execute(query.text, query.params)
        return raw.fetchall()


def execute(query: Sql) -> int:
    """Run a statement that answers no rows; answers the rows it changed."""
    with connection.cursor() as raw:
        raw.execute(query.text, query.params)
        return raw.rowcount


def stream(query: Sql, chunk: int = 2000) -> Iterator[tuple]:
    """Rows fetched a chunk at a time (a server-side cursor on PostgreSQL)."""
    with transaction.atomic():
        with connection.cursor() as raw:
            _configure(raw)
        with connection.chunked_cursor() as raw:
            raw.execute(query.text, query.params)
            while rows := raw.fetchmany(chunk):
                yield from rows
