"""Insert rows with one statement per batch, where ``bulk_create`` costs too much.

``bulk_create`` builds a model instance per row and prepares every value
through its field, four or five Python calls each: for the HR import's 40,000
employees and their 40,000 audit entries that was most of the import's time.
It also cannot skip rows that break a unique constraint and still say which
rows it wrote, so a caller that may repeat a row (the notification outbox's
dedupe keys) needed a savepoint around it. Here each
column's adapter is chosen once per call. Text, numbers, booleans and keys go
to the driver as they are (the caller passes values of the column's Python
type, as the plan has already parsed them); any other column (dates, times,
JSON) goes through its field exactly as Django would prepare it.

Model ``save()``, signals and auditlog's receivers do not run, as with
``bulk_create``; the import writes its own audit entries.
"""

import functools
from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

MAX_BATCH = 1000  # rows per statement where the database sets no lower limit

# Columns whose Python value is already the value the drivers expect.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
REPEATING = {"DateField", "DateTimeField"}


def insert_rows(
    model, rows: Iterable[dict], *, skip_conflicts=False, returning: tuple = ()
) -> list[tuple]:
    """Insert ``rows`` (dicts keyed by field ``attname``) into ``model``'s table.

    Every concrete column but a database-made key is written; a column missing
    from a row gets its field's default, an empty ``auto_now(_add)`` column
    the time. ``skip_conflicts`` leaves out, without an error, a row that
    would break a unique constraint (``ON CONFLICT DO NOTHING``, PostgreSQL
    and SQLite alike). Returns the ``returning`` columns (attnames) of each
    row written, in no promised order.
    """
    # Every column but those the database fills (an auto-increment key); a
    # key made in Python (a UUID) is written like any other column.
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]
    # The connection itself, not the thread-local proxy, for each value.
    wrapper = connections[DEFAULT_DB_ALIAS]
    columns = [(f.attname, _adapter(f, wrapper), _default(f)) for f in fields]
    # What save() would stamp (auto_now, auto_now_add) where a row has none.
    stamped = {f.attname for f in fields if _stamped(f)}
    now = timezone.now()
    values = [
        [
            adapt(now if value is None and name in stamped else value)
            for name, adapt, default in columns
            for value in (row[name] if name in row else default(),)
        ]
        for row in rows
    ]
    batch = min(connection.ops.bulk_batch_size(fields, values) or 1, MAX_BATCH)
    suffix = _suffix(model, skip_conflicts, returning)
    written = []
    for start in range(0, len(values), batch):
        written += _insert(model, fields, values[start : start + batch], suffix)
    return written


def _default(field) -> Callable:
    """The column's default for a row without a value, made per row when it
    is a callable (a fresh key for each, as a model instance would get)."""
    if field.has_default() and callable(field.default):
        return field.get_default
    value = field.get_default()
    return lambda: value


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _adapter(field, wrapper) -> Callable:
    kind = field.get_internal_type()
    if kind in PLAIN:
        return _same

    def prepare(value):
        return field.get_db_prep_save(value, wrapper)

    # An import's dates and times repeat (one timestamp for all its rows, a
    # few thousand employment dates), so each is prepared once.
    return functools.lru_cache(maxsize=4096)(prepare) if kind in REPEATING else prepare


def _same(value):
    return value


def _suffix(model, skip_conflicts: bool, returning: tuple) -> str:
    quote = connection.ops.quote_name
    suffix = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    if returning:
        columns = (model._meta.get_field(name).column for name in returning)
        suffix += " RETURNING " + ", ".join(quote(column) for column in columns)
    return suffix


def _insert(model, fields, values: list[list], suffix: str) -> list[tuple]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES {', '.join([row] * len(values))}{suffix}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row_values in values for value in row_values])
        return cursor.fetchall() if "RETURNING" in suffix else []
