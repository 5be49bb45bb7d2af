"""Each employee's overall level at both ends of one period, kept for the day.

Why: the figures of the default period (the last 12 months up to today) group
every person's levels by person before they count anything; nationally that
is 2.5 million rows into half a million people, seconds of SQL for each page,
workbook and API call. ``refresh`` stores the rule's per-person answer
(``rule.per_employee_cte``: overall level at both ends, target met) once a
day; ``with_overall`` reads it and runs the rule only for the people without a
row, in the same statement.

Why the figures stay exact:

- A row is the rule's own answer for one period and validity window, and a
  figure uses it only for exactly that period and window (a level lapses at a
  fixed moment, so the end of today is the same instant all day).
- A row holds while the person's levels, job role and the role's profile hold.
  The writers of those forget the person's rows *in their own transaction*
  (``forget``: ``levels.current.note`` for every assessment, the employee
  events for a role, the profile's writers): a figure's statement sees the
  change and the missing row, or neither. A person without a row is counted
  by the rule as before. Moves need nothing: the department comes from the
  employee row when the figures are asked.
- ``refresh`` takes an exclusive lock that every ``forget`` takes shared
  (PostgreSQL advisory locks, held to the end of each transaction), so it
  starts reading only after the writers before it committed and no writer
  forgets a row until it has committed: it never stores a row from before a
  change that commits after it began. SQLite has one writer at a time.
"""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from competences.levels import rule
from competences.levels.sql import Sql, execute, fetch_plain
from competences.models import OverallSnapshot, OverallSnapshotRow, RoleCompetence
from employees.models import Employee

SNAPSHOT = OverallSnapshot._meta.db_table
ROW = OverallSnapshotRow._meta.db_table
EMPLOYEE = Employee._meta.db_table
# One key for the advisory lock between ``refresh`` and ``forget``.
LOCK_KEY = 0x4B594E44  # "KYND"
# Rows forgotten per statement (SQLite's parameter limit is 999).
CHUNK = 500


def matching(end, start) -> int | None:
    """The snapshot of exactly this period and validity window, if built."""
    found = (
        OverallSnapshot.objects.filter(
            period_start=start,
            period_end=end,
            validity_days=settings.COMPETENCE_VALIDITY_DAYS,
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found


def with_overall(employees, end, start) -> Sql:
    """``WITH emp, lv, per_emp, stage_of`` as ``rule.with_levels`` answers
    them, for figures that read only ``per_emp`` and ``stage_of``: the
    stored rows where the day's snapshot matches, the rule for the rest.

    ``emp`` and ``lv`` cover only the people without a row here; a figure
    that needs every person's levels (``rule.cells_cte``) uses
    ``rule.with_levels``.
    """
    snapshot = matching(end, start)
    if snapshot is None:
        return rule.with_levels(employees, end, start)
    return (
        Sql("WITH ")
        + rule.employees_cte(employees, name="everyone")
        + Sql(
            # Each person with their stored row, if any: one join for both
            # the people the rule must count and the stored ones.
            f", marked AS (SELECT everyone.id AS id, "  # noqa: S608
            f"everyone.department_id AS department_id, "
            f"everyone.job_role_id AS job_role_id, kept.overall AS overall, "
            f"kept.overall_before AS overall_before, kept.met AS met "
            f"FROM everyone LEFT JOIN {ROW} kept ON kept.employee_id = everyone.id "
            f"AND kept.snapshot_id = %(snapshot)s)"
            f", emp AS (SELECT id, department_id, job_role_id FROM marked "
            f"WHERE overall IS NULL)",
            {"snapshot": snapshot},
        )
        + rule.levels_cte(end, start)
        + rule.per_employee_cte(name="per_emp_rest")
        + Sql(
            ", per_emp AS (SELECT employee_id, department_id, overall, "
            "overall_before, met, last_assessed_at FROM per_emp_rest "
            "UNION ALL SELECT id, department_id, overall, overall_before, met, "
            "CAST(NULL AS TIMESTAMP) FROM marked WHERE overall IS NOT NULL)"
        )
        + rule.stages_cte()
    )


def refresh(end, start) -> OverallSnapshot:
    """Build the snapshot of (``start``, ``end``) for every employee and drop
    the older ones. One transaction: a figure sees the old snapshot or the
    whole new one."""
    with transaction.atomic():
        _lock("pg_advisory_xact_lock")
        _drop_all()
        snapshot = OverallSnapshot.objects.create(
            period_start=start,
            period_end=end,
            validity_days=settings.COMPETENCE_VALIDITY_DAYS,
            built_at=timezone.now(),
        )
        query = (
            Sql(
                f"INSERT INTO {ROW} (snapshot_id, employee_id, overall, "  # noqa: S608
                f"overall_before, met) "
            )
            + rule.with_levels(Employee.objects.all(), end, start)
            + Sql(
                " SELECT %(snapshot)s, employee_id, overall, overall_before, met "
                "FROM per_emp",
                {"snapshot": snapshot.pk},
            )
        )
        execute(query)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a few thousand rows
            # and hashes the whole snapshot for one municipality's figures.
            execute(Sql(f"ANALYZE {ROW}"))
    return snapshot


def drift(end, start) -> int | None:
    """Stored rows of the (``start``, ``end``) snapshot that differ from the
    rule's answer now (None: no such snapshot). Forgotten rows are not
    drift; a row kept past a change that should have forgotten it is."""
    found = matching(end, start)
    if found is None:
        return None
    query = rule.with_levels(Employee.objects.all(), end, start) + Sql(
        f" SELECT COUNT(*) FROM (SELECT employee_id, overall, overall_before, "  # noqa: S608
        f"met FROM {ROW} WHERE snapshot_id = %(snapshot)s EXCEPT "
        f"SELECT employee_id, overall, overall_before, met FROM per_emp) d",
        {"snapshot": found},
    )
    return int(fetch_plain(query)[0][0])


def forget(employee_ids) -> None:
    """The people's levels, role or profile change in this transaction: their
    rows no longer hold."""
    ids = sorted(set(employee_ids))
    if not ids or not _snapshot_held():
        return
    for first in range(0, len(ids), CHUNK):
        part = ids[first : first + CHUNK]
        params = {f"e_{index}": pk for index, pk in enumerate(part)}
        marks = ", ".join(f"%({name})s" for name in params)
        execute(Sql(f"DELETE FROM {ROW} WHERE employee_id IN ({marks})", params))  # noqa: S608


def forget_role(role_id) -> None:
    """The role's profile changes in this transaction: every holder's rows."""
    if role_id is None or not _snapshot_held():
        return
    execute(
        Sql(
            f"DELETE FROM {ROW} WHERE employee_id IN "  # noqa: S608
            f"(SELECT id FROM {EMPLOYEE} WHERE job_role_id = %(role)s)",
            {"role": role_id},
        )
    )


def forget_all() -> None:
    """Levels were rewritten past the services (a rebuild): no row holds."""
    if _snapshot_held():
        _drop_all()


def _snapshot_held() -> bool:
    """Take the writers' side of the lock, then look for a snapshot: in that
    order, a refresh running now has committed before the look (it holds the
    lock exclusively), so its rows are seen and forgotten. Before the first
    refresh (tests, a new installation) a writer pays only the two reads."""
    _lock("pg_advisory_xact_lock_shared")
    return OverallSnapshot.objects.exists()


def _drop_all() -> None:
    execute(Sql(f"DELETE FROM {ROW}"))  # noqa: S608
    execute(Sql(f"DELETE FROM {SNAPSHOT}"))  # noqa: S608


def _lock(function: str) -> None:
    if connection.vendor == "postgresql":
        fetch_plain(Sql(f"SELECT {function}(%(key)s)", {"key": LOCK_KEY}))


def profile_changed(*, instance: RoleCompetence, **_signal) -> None:
    """A role's profile row saved or deleted (the admin's inline, a delete)."""
    forget_role(instance.role_id)
