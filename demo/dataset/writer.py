"""Set-based inserts: COPY on PostgreSQL, chunked executemany on SQLite."""

import io
from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.core.management.color import no_style
from django.db import connection

CHUNK = 20_000


class BulkWriter:
    """Writes rows of explicit columns straight into a model's table."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}

    def insert(self, model, columns: list[str], rows: Iterable[tuple]) -> int:
        table = model._meta.db_table
        written, chunk = 0, []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                written += self._flush(table, columns, chunk)
                chunk = []
        if chunk:
            written += self._flush(table, columns, chunk)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    def _flush(self, table: str, columns: list[str], rows: list[tuple]) -> int:
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                buffer.writelines(_csv_line(row) for row in rows)
                buffer.seek(0)
                cursor.cursor.copy_expert(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
                    buffer,
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                    [tuple(_sqlite(value) for value in row) for row in rows],
                )
        return len(rows)

    def next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608
            return (cursor.fetchone()[0] or 0) + 1

    def reset_sequences(self, models: list) -> None:
        """Rows were inserted with explicit ids: move the id sequences past them."""
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return '"' + str(value).replace('"', '""') + '"'


def _csv_line(row: tuple) -> str:
    return ",".join(_csv_value(value) for value in row) + "\n"


def _sqlite(value):
    # Django stores datetimes in SQLite as naive UTC text.
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
