"""Keeping ``CurrentLevel`` (each employee's newest validated assessment per
competence) in step with the history.

``note`` runs inside the transaction that records assessments, so the table
commits or rolls back with them. The upsert keeps the newer of the stored row
and the noted one (by time, then by id, the history's own order), so
back-dated corrections and concurrent writers cannot roll it back.
"""

from competences import events
from competences.levels.sql import Sql, db_datetime, execute, fetch_plain
from competences.models import Assessment, CurrentLevel

TABLE = CurrentLevel._meta.db_table
ASSESSMENT = Assessment._meta.db_table

UPSERT = (
    f"INSERT INTO {TABLE} (employee_id, competence_id, level, assessed_at, "  # noqa: S608
    f"assessment_id) VALUES {{rows}} ON CONFLICT (employee_id, competence_id) "
    f"DO UPDATE SET level = excluded.level, assessed_at = excluded.assessed_at, "
    f"assessment_id = excluded.assessment_id "
    f"WHERE excluded.assessed_at > {TABLE}.assessed_at "
    f"OR (excluded.assessed_at = {TABLE}.assessed_at "
    f"AND excluded.assessment_id > {TABLE}.assessment_id)"
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


# The newest validated assessment of each pair, from the whole history.
NEWEST = (
    f"SELECT employee_id, competence_id, level, assessed_at, id FROM ("  # noqa: S608
    f"SELECT employee_id, competence_id, level, assessed_at, id, ROW_NUMBER() OVER ("
    f"PARTITION BY employee_id, competence_id ORDER BY assessed_at DESC, id DESC"
    f") AS newest FROM {ASSESSMENT} WHERE source <> %(self_source)s"
    f") ranked WHERE newest = 1"
)
SELF = {"self_source": Assessment.Source.SELF}


STORED = (
    "SELECT employee_id, competence_id, level, assessed_at, assessment_id "  # noqa: S608
    f"FROM {TABLE}"
)


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
    rows = execute(
        Sql(
            f"INSERT INTO {TABLE} (employee_id, competence_id, level, assessed_at, "  # noqa: S608
            f"assessment_id) {NEWEST}",
            SELF,
        )
    )
    events.levels_rebuilt.emit(rows=rows)
    return rows
