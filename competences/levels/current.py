"""Keeping ``CurrentLevel`` (each employee's three newest validated
assessments per competence) in step with the history.

``note`` runs inside the transaction that records assessments, so the table
commits or rolls back with them. The upsert merges the noted assessment into
the stored three by time, then by id (the history's own order), so
back-dated corrections and concurrent writers cannot roll it back.
"""

from competences import events
from competences.levels import snapshot
from competences.levels.sql import Sql, db_datetime, execute, fetch_plain
from competences.models import Assessment, CurrentLevel

TABLE = CurrentLevel._meta.db_table
ASSESSMENT = Assessment._meta.db_table

# The stored slots, newest first: (level, assessed_at, assessment id) columns.
SLOTS = (
    ("level", "assessed_at", "assessment_id"),
    ("previous_level", "previous_assessed_at", "previous_id"),
    ("earlier_level", "earlier_assessed_at", "earlier_id"),
)
COLUMNS = [column for slot in SLOTS for column in slot]


def _newer(slot) -> str:
    """The noted row comes after the stored slot in history order (or the
    slot is empty)."""
    _level, at, ident = (f"{TABLE}.{column}" for column in slot)
    return (
        f"({at} IS NULL OR excluded.assessed_at > {at} "
        f"OR (excluded.assessed_at = {at} AND excluded.assessment_id > {ident}))"
    )


def _merge() -> str:
    """SET clauses that put the noted row in its place among the three and
    shift the older ones down (the oldest falls off). Every expression reads
    the row as it was before the update."""
    above_newest, above_previous, above_earlier = (_newer(slot) for slot in SLOTS)
    noted = ("excluded.level", "excluded.assessed_at", "excluded.assessment_id")
    sets = []
    for index in range(3):
        new, newest, previous = (
            noted[index],
            f"{TABLE}.{SLOTS[0][index]}",
            f"{TABLE}.{SLOTS[1][index]}",
        )
        earlier = f"{TABLE}.{SLOTS[2][index]}"
        sets.append(
            f"{SLOTS[0][index]} = CASE WHEN {above_newest} THEN {new} ELSE {newest} END"
        )
        sets.append(
            f"{SLOTS[1][index]} = CASE WHEN {above_newest} THEN {newest} "
            f"WHEN {above_previous} THEN {new} ELSE {previous} END"
        )
        sets.append(
            f"{SLOTS[2][index]} = CASE WHEN {above_newest} OR {above_previous} "
            f"THEN {previous} WHEN {above_earlier} THEN {new} ELSE {earlier} END"
        )
    where = f"{above_newest} OR {above_previous} OR {above_earlier}"
    return ", ".join(sets) + f" WHERE {where}"


UPSERT = (
    f"INSERT INTO {TABLE} (employee_id, competence_id, level, assessed_at, "  # noqa: S608
    f"assessment_id) VALUES {{rows}} ON CONFLICT (employee_id, competence_id) "
    f"DO UPDATE SET {_merge()}"
)


def note(assessments) -> None:
    """Take newly recorded assessments into the table (self-assessments never
    count, so they are left out)."""
    rows = [a for a in assessments if a.source != Assessment.Source.SELF]
    if not rows:
        return
    marks, params = [], {}
    for index, a in enumerate(rows):
        names = [f"{field}_{index}" for field in ("e", "c", "l", "t", "a")]
        marks.append("(" + ", ".join(f"%({name})s" for name in names) + ")")
        values = (
            a.employee_id,
            a.competence_id,
            a.level,
            db_datetime(a.assessed_at),
            a.pk,
        )
        params.update(zip(names, values, strict=True))
    execute(Sql(UPSERT.format(rows=", ".join(marks)), params))
    snapshot.forget(a.employee_id for a in rows)


def _slot(rank: int, column: str) -> str:
    return f"MAX(CASE WHEN newest = {rank} THEN {column} END)"


# The three newest validated assessments of each pair, from the whole history.
SLOT_COLUMNS = ", ".join(
    _slot(rank, column)
    for rank in (1, 2, 3)
    for column in ("level", "assessed_at", "id")
)
NEWEST = (
    f"SELECT employee_id, competence_id, {SLOT_COLUMNS} FROM ("  # noqa: S608
    f"SELECT employee_id, competence_id, level, assessed_at, id, "
    f"ROW_NUMBER() OVER (PARTITION BY employee_id, competence_id "
    f"ORDER BY assessed_at DESC, id DESC) AS newest FROM {ASSESSMENT} "
    f"WHERE source <> %(self_source)s) ranked WHERE newest <= 3 "
    f"GROUP BY employee_id, competence_id"
)
SELF = {"self_source": Assessment.Source.SELF}


STORED = f"SELECT employee_id, competence_id, {', '.join(COLUMNS)} FROM {TABLE}"  # noqa: S608


def drift() -> int:
    """Rows where the table and the history disagree (missing, extra or
    different), counted both ways."""
    query = Sql(
        f"SELECT (SELECT COUNT(*) FROM ({NEWEST} EXCEPT {STORED}) missing) + "  # noqa: S608
        f"(SELECT COUNT(*) FROM ({STORED} EXCEPT {NEWEST}) extra)",
        SELF,
    )
    return int(fetch_plain(query)[0][0])


def rebuild() -> int:
    """Replace the table's rows with the history's answer; answers the rows."""
    execute(Sql(f"DELETE FROM {TABLE}"))  # noqa: S608
    snapshot.forget_all()
    rows = execute(
        Sql(
            f"INSERT INTO {TABLE} (employee_id, competence_id, "  # noqa: S608
            f"{', '.join(COLUMNS)}) {NEWEST}",
            SELF,
        )
    )
    events.levels_rebuilt.emit(rows=rows)
    return rows
