"""The level rule's answers for the day's default period, kept for the day.

Why: the figures of the default period (the last 12 months up to today) group
every person's levels by person before they count anything; nationally that
is 2.5 million rows into half a million people, seconds of SQL for each page,
workbook and API call. ``refresh`` stores, once a day, each person's overall
level at both ends and target met (``OverallSnapshotRow``) and per department
and job role the totals the figures count (``OverallSnapshotGroup``,
``OverallSnapshotCell``), the same summed over the roles for figures without
a role filter (``OverallSnapshotTotal``, ``OverallSnapshotTotalCell``), and
reports adds enrollment activity through ``on_refresh``. The figures read a
kept department's totals and run the rule for the people of the other
departments, in the same statement (``with_level_groups``, ``with_cells``;
``with_overall`` per person).

Why the figures stay exact:

- The stored answers are the rule's own for one period and validity window,
  and a figure uses them only for exactly that period and window (a level
  lapses at a fixed moment, so the end of today is the same instant all day).
- A department's totals hold while nothing its people count as has changed.
  Every writer of that (``levels.current.note`` for every assessment; the
  employee events for a role, a department, being active, a new or deleted
  person; the profile's writers; reports for enrollments and practice tasks)
  calls ``forget`` *in its own transaction*, which appends the departments
  the people were counted in and are in now, and the people, to
  ``OverallSnapshotForgotten``: a figure's statement sees the change and the
  forgetting, or neither. Appending takes no lock another writer waits for.
- ``refresh`` takes an exclusive lock that every ``forget`` takes shared
  (PostgreSQL advisory locks, held to the end of each transaction), so it
  starts reading only after the writers before it committed and no writer
  forgets until it has committed: it never stores an answer from before a
  change that commits after it began. SQLite has one writer at a time.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from competences.levels import rule
from competences.levels.sql import Sql, execute, fetch_plain
from competences.models import (
    OverallSnapshot,
    OverallSnapshotCell,
    OverallSnapshotDepartment,
    OverallSnapshotForgotten,
    OverallSnapshotGroup,
    OverallSnapshotRow,
    OverallSnapshotTotal,
    OverallSnapshotTotalCell,
    RoleCompetence,
)
from employees.models import Department, Employee

SNAPSHOT = OverallSnapshot._meta.db_table
ROW = OverallSnapshotRow._meta.db_table
KEPT = OverallSnapshotDepartment._meta.db_table
FORGOTTEN = OverallSnapshotForgotten._meta.db_table
GROUP = OverallSnapshotGroup._meta.db_table
CELL = OverallSnapshotCell._meta.db_table
TOTAL = OverallSnapshotTotal._meta.db_table
TOTAL_CELL = OverallSnapshotTotalCell._meta.db_table
PROFILE = RoleCompetence._meta.db_table
EMPLOYEE = Employee._meta.db_table
DEPARTMENT = Department._meta.db_table
# One key for the advisory lock between ``refresh`` and ``forget``.
LOCK_KEY = 0x4B594E44  # "KYND"
# Rows forgotten per statement (SQLite's parameter limit is 999).
CHUNK = 500
# What a snapshot stores; bump it when a table is added or changes meaning,
# and snapshots built before are not read (the rule answers until the next
# refresh) unless a migration brings them up to it. 1: the totals over roles.
LAYOUT = 1


def matching(end, start) -> int | None:
    """The snapshot of exactly this period (any start when ``start`` is None:
    levels at ``end`` only), validity window and layout, if built."""
    found = OverallSnapshot.objects.filter(
        period_end=end,
        validity_days=settings.COMPETENCE_VALIDITY_DAYS,
        layout=LAYOUT,
    )
    if start is not None:
        found = found.filter(period_start=start)
    return found.order_by("-pk").values_list("pk", flat=True).first()


def with_overall(employees, end, start) -> Sql:
    """``WITH emp, lv, per_emp, stage_of`` as ``rule.with_levels`` answers
    them, for figures per person that read only ``per_emp`` and
    ``stage_of`` (who moved up): the stored rows where the day's snapshot
    matches, the rule for people without one or forgotten since.

    ``emp`` and ``lv`` cover only those people; a figure that needs every
    person's levels (``rule.cells_cte``) uses ``rule.with_levels``.
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
            f"AND kept.snapshot_id = %(snapshot)s AND NOT EXISTS (SELECT 1 "
            f"FROM {FORGOTTEN} f WHERE f.employee_id = kept.employee_id))"
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


def with_level_groups(snapshot, employees, departments, role_id, end, start) -> Sql:
    """``WITH …, stage_of, level_groups(department_id, overall,
    overall_before, n, met)``: per department, the people with the same
    overall level at both ends, how many and how many meet their target.

    From the stored totals of the departments the day's snapshot holds, and
    from the rule for the people of the other departments, in one statement
    (so a department a writer forgets meanwhile is counted once, one way or
    the other). ``snapshot`` is ``matching(end, start)``, asked once by the
    caller for all its statements; ``departments`` is the scope's Department
    queryset, ``employees`` the people it measures (of ``role_id``, if given).
    """
    if snapshot is None:
        return rule.with_levels(employees, end, start) + Sql(
            ", level_groups AS (SELECT department_id, overall, overall_before, "
            "CAST(COUNT(*) AS INTEGER) AS n, CAST(SUM(met) AS INTEGER) AS met "
            "FROM per_emp GROUP BY department_id, overall, overall_before)"
        )
    kept = stored(snapshot, departments, role_id, "g")
    table = GROUP if role_id is not None else TOTAL
    return (
        Sql("WITH ")
        + rule.employees_cte(elsewhere(employees, departments, snapshot))
        + rule.levels_cte(end, start)
        + rule.per_employee_cte()
        + rule.stages_cte()
        + Sql(
            f", level_groups AS (SELECT department_id, overall, overall_before, "  # noqa: S608
            f"CAST(SUM(n) AS INTEGER) AS n, CAST(SUM(met) AS INTEGER) AS met FROM ("
            f"SELECT department_id, overall, overall_before, 1 AS n, met FROM per_emp "
            f"UNION ALL SELECT g.department_id, g.overall, g.overall_before, "
            f"g.employees, g.met FROM {table} g WHERE "
        )
        + kept
        + Sql(") level_rows GROUP BY department_id, overall, overall_before)")
    )


def with_cells(snapshot, employees, departments, role_id, end) -> Sql:
    """``WITH …, cells`` as ``rule.cells_cte`` answers it, from the stored
    totals where the day's snapshot (``matching(end, None)``, or that of the
    caller's period) holds them (see ``with_level_groups``)."""
    if snapshot is None:
        return rule.with_competence_levels(employees, end) + rule.cells_cte()
    return (
        rule.with_competence_levels(elsewhere(employees, departments, snapshot), end)
        + rule.cells_cte(name="cells_rest")
        + Sql(
            # Integer sums: PostgreSQL sums BIGINT to NUMERIC (Decimal).
            ", cells AS (SELECT department_id, competence_id, "
            "CAST(SUM(employees) AS INTEGER) AS employees, "
            "CAST(SUM(level_sum) AS INTEGER) AS level_sum, "
            "CAST(SUM(at_target) AS INTEGER) AS at_target FROM ("
            "SELECT department_id, competence_id, "
            "employees, level_sum, at_target FROM cells_rest UNION ALL "
        )
        + _stored_cells(snapshot, departments, role_id)
        + Sql(") cell_rows GROUP BY department_id, competence_id)")
    )


def _stored_cells(snapshot, departments, role_id) -> Sql:
    """(department_id, competence_id, employees, level_sum, at_target) rows
    of the kept departments: the totals over all roles, or for one role its
    headcounts joined to the profile and its level sums."""
    if role_id is None:
        return Sql(
            f"SELECT t.department_id, t.competence_id, t.employees, t.level_sum, "  # noqa: S608
            f"t.at_target FROM {TOTAL_CELL} t WHERE "
        ) + stored(snapshot, departments, None, "t")
    staff, cells = (stored(snapshot, departments, role_id, a) for a in "gc")
    return (
        Sql(
            # Headcounts per department and role before the profiles join.
            f"SELECT staff.department_id, rc.competence_id, staff.n, 0, 0 "  # noqa: S608
            f"FROM (SELECT g.department_id AS department_id, "
            f"g.job_role_id AS job_role_id, SUM(g.employees) AS n FROM {GROUP} g WHERE "
        )
        + staff
        + Sql(
            f" GROUP BY g.department_id, g.job_role_id) staff "  # noqa: S608
            f"JOIN {PROFILE} rc ON rc.role_id = staff.job_role_id"
        )
        + Sql(
            f" UNION ALL SELECT c.department_id, c.competence_id, 0, c.level_sum, "  # noqa: S608
            f"c.at_target FROM {CELL} c WHERE "
        )
        + cells
    )


def stored(snapshot: int, departments, role_id, alias: str) -> Sql:
    """The condition on stored totals (``alias``): this snapshot, a department
    of the scope whose totals are kept, the role if one is asked."""
    text = (
        f"{alias}.snapshot_id = %(snapshot)s AND {alias}.department_id IN ("  # noqa: S608
        f"SELECT k.department_id FROM {KEPT} k WHERE k.snapshot_id = %(snapshot)s "
        f"AND NOT EXISTS (SELECT 1 FROM {FORGOTTEN} f "
        f"WHERE f.department_id = k.department_id) AND k.department_id IN ("
    )
    role = f" AND {alias}.job_role_id = %(role)s" if role_id is not None else ""
    return (
        Sql(text, {"snapshot": snapshot})
        + Sql.of_queryset(departments.order_by().values("id"), "scope")
        + Sql(f")){role}", {"role": role_id} if role_id is not None else {})
    )


def elsewhere(employees, departments, snapshot: int):
    """The people of the scope's departments whose totals are not kept."""
    kept = OverallSnapshotDepartment.objects.filter(
        snapshot_id=snapshot, department_id=OuterRef("pk")
    )
    forgotten = OverallSnapshotForgotten.objects.filter(department_id=OuterRef("pk"))
    return employees.filter(
        department__in=departments.filter(~Exists(kept) | Exists(forgotten))
    )


def refresh(end, start) -> OverallSnapshot:
    """Build the snapshot of (``start``, ``end``) for every employee and
    department and drop the older ones. One transaction: a figure sees the
    old snapshot or the whole new one."""
    with transaction.atomic():
        _lock("pg_advisory_xact_lock")
        _drop_all()
        snapshot = OverallSnapshot.objects.create(
            period_start=start,
            period_end=end,
            validity_days=settings.COMPETENCE_VALIDITY_DAYS,
            layout=LAYOUT,
        )
        for statement in _building(snapshot.pk, end, start):
            execute(statement)
        for builder in BUILDERS:
            builder(snapshot.pk, end, start)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a few thousand rows
            # and hashes a whole table for one municipality's figures.
            for table in (ROW, KEPT, GROUP, CELL, TOTAL, TOTAL_CELL):
                execute(Sql(f"ANALYZE {table}"))
    return snapshot


# Apps above this one that keep their own totals per kept department (the
# figures' enrollment counts): ``builder(snapshot_id, end, start)`` runs in
# the refresh's transaction, and their writes call ``forget``.
BUILDERS: list = []


def on_refresh(builder) -> None:
    if builder not in BUILDERS:
        BUILDERS.append(builder)


def _building(snapshot: int, end, start) -> list[Sql]:
    """Each person's row, then the totals per department and role from those
    rows (groups) and from the levels (cells), then the kept departments."""
    ids = {"snapshot": snapshot}
    return [
        Sql(
            f"INSERT INTO {ROW} (snapshot_id, employee_id, department_id, "  # noqa: S608
            f"job_role_id, is_active, overall, overall_before, met) "
        )
        + rule.with_levels(Employee.objects.all(), end, start)
        + Sql(
            f" SELECT %(snapshot)s, pe.employee_id, e.department_id, e.job_role_id, "  # noqa: S608
            f"e.is_active, pe.overall, pe.overall_before, pe.met FROM per_emp pe "
            f"JOIN {EMPLOYEE} e ON e.id = pe.employee_id",
            ids,
        ),
        Sql(
            f"INSERT INTO {GROUP} (snapshot_id, department_id, job_role_id, "  # noqa: S608
            f"overall, overall_before, employees, met) SELECT snapshot_id, "
            f"department_id, job_role_id, overall, overall_before, COUNT(*), "
            f"SUM(met) FROM {ROW} WHERE snapshot_id = %(snapshot)s AND is_active "
            f"GROUP BY snapshot_id, department_id, job_role_id, overall, "
            f"overall_before",
            ids,
        ),
        Sql(
            f"INSERT INTO {CELL} (snapshot_id, department_id, job_role_id, "  # noqa: S608
            f"competence_id, level_sum, at_target) "
        )
        + rule.with_competence_levels(Employee.objects.filter(is_active=True), end)
        + Sql(
            " SELECT %(snapshot)s, department_id, job_role_id, competence_id, "
            "SUM(level_at_end), SUM(CASE WHEN level_at_end >= target THEN 1 ELSE 0 "
            "END) FROM lv WHERE target IS NOT NULL AND level_at_end IS NOT NULL "
            "GROUP BY department_id, job_role_id, competence_id",
            ids,
        ),
        Sql(
            f"INSERT INTO {TOTAL} (snapshot_id, department_id, overall, "  # noqa: S608
            f"overall_before, employees, met) SELECT snapshot_id, department_id, "
            f"overall, overall_before, SUM(employees), SUM(met) FROM {GROUP} "
            f"WHERE snapshot_id = %(snapshot)s "
            f"GROUP BY snapshot_id, department_id, overall, overall_before",
            ids,
        ),
        Sql(
            # As rule.cells_cte counts: the headcounts of a role for each
            # competence of its profile, the levels where there are some.
            f"INSERT INTO {TOTAL_CELL} (snapshot_id, department_id, "  # noqa: S608
            f"competence_id, employees, level_sum, at_target) SELECT "
            f"%(snapshot)s, department_id, competence_id, SUM(employees), "
            f"SUM(level_sum), SUM(at_target) FROM (SELECT g.department_id AS "
            f"department_id, rc.competence_id AS competence_id, g.employees AS "
            f"employees, 0 AS level_sum, 0 AS at_target FROM {GROUP} g "
            f"JOIN {PROFILE} rc ON rc.role_id = g.job_role_id "
            f"WHERE g.snapshot_id = %(snapshot)s UNION ALL SELECT department_id, "
            f"competence_id, 0, level_sum, at_target FROM {CELL} "
            f"WHERE snapshot_id = %(snapshot)s) cell_rows "
            f"GROUP BY department_id, competence_id",
            ids,
        ),
        Sql(
            f"INSERT INTO {KEPT} (snapshot_id, department_id) "  # noqa: S608
            f"SELECT %(snapshot)s, id FROM {DEPARTMENT}",
            ids,
        ),
    ]


def drift(end, start) -> dict | None:
    """What the (``start``, ``end``) snapshot holds that differs from the
    rule's answer now (None: no such snapshot): people's rows, and the totals
    per department and role (groups, cells) of the kept departments, counted
    both ways. Forgotten people and departments are not drift; an answer kept
    past a change that should have forgotten it is."""
    found = matching(end, start)
    if found is None:
        return None
    ids = {"snapshot": found}
    people = rule.with_levels(Employee.objects.all(), end, start) + Sql(
        f" SELECT COUNT(*) FROM (SELECT employee_id, overall, overall_before, "  # noqa: S608
        f"met FROM {ROW} WHERE snapshot_id = %(snapshot)s AND employee_id NOT IN "
        f"(SELECT employee_id FROM {FORGOTTEN} WHERE employee_id IS NOT NULL) EXCEPT "
        f"SELECT employee_id, overall, overall_before, met FROM per_emp) d",
        ids,
    )
    kept = (
        f"department_id IN (SELECT department_id FROM {KEPT} "  # noqa: S608
        f"WHERE snapshot_id = %(snapshot)s) AND department_id NOT IN "
        f"(SELECT department_id FROM {FORGOTTEN} WHERE department_id IS NOT NULL)"
    )
    active = Employee.objects.filter(is_active=True)
    groups = rule.with_levels(active, end, start) + Sql(
        f", fresh AS (SELECT pe.department_id AS department_id, "  # noqa: S608
        f"e.job_role_id AS job_role_id, pe.overall AS overall, "
        f"pe.overall_before AS overall_before, COUNT(*) AS employees, "
        f"SUM(pe.met) AS met FROM per_emp pe JOIN {EMPLOYEE} e "
        f"ON e.id = pe.employee_id GROUP BY pe.department_id, e.job_role_id, "
        f"pe.overall, pe.overall_before), kept AS (SELECT * FROM fresh WHERE {kept}), "
        f"stored AS (SELECT department_id, job_role_id, overall, overall_before, "
        f"employees, met FROM {GROUP} WHERE snapshot_id = %(snapshot)s AND {kept}), "
        f"kept_total AS (SELECT department_id, overall, overall_before, "
        f"SUM(employees) AS employees, SUM(met) AS met FROM kept "
        f"GROUP BY department_id, overall, overall_before), "
        f"stored_total AS (SELECT department_id, overall, overall_before, "
        f"employees, met FROM {TOTAL} WHERE snapshot_id = %(snapshot)s AND {kept})"
        f"{_both_ways()}",
        ids,
    )
    cells = rule.with_competence_levels(active, end) + Sql(
        f", fresh AS (SELECT department_id, job_role_id, competence_id, "  # noqa: S608
        f"SUM(level_at_end) AS level_sum, SUM(CASE WHEN level_at_end >= target "
        f"THEN 1 ELSE 0 END) AS at_target FROM lv WHERE target IS NOT NULL "
        f"AND level_at_end IS NOT NULL GROUP BY department_id, job_role_id, "
        f"competence_id), kept AS (SELECT * FROM fresh WHERE {kept}), "
        f"stored AS (SELECT department_id, job_role_id, competence_id, level_sum, "
        f"at_target FROM {CELL} WHERE snapshot_id = %(snapshot)s AND {kept})",
        ids,
    )
    cells += rule.cells_cte(name="fresh_total") + Sql(
        f", kept_total AS (SELECT * FROM fresh_total WHERE {kept}), "  # noqa: S608
        f"stored_total AS (SELECT department_id, competence_id, employees, "
        f"level_sum, at_target FROM {TOTAL_CELL} WHERE snapshot_id = %(snapshot)s "
        f"AND {kept}){_both_ways()}",
        ids,
    )
    return {
        name: int(fetch_plain(query)[0][0])
        for name, query in (("people", people), ("groups", groups), ("cells", cells))
    }


def _both_ways() -> str:
    """The rows of ``kept`` (the rule's) missing from ``stored`` and the
    other way round, and the same for the totals over roles."""
    return " SELECT " + " + ".join(  # noqa: S608 (names written here)
        f"(SELECT COUNT(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b}) d)"  # noqa: S608
        for a, b in (
            ("kept", "stored"),
            ("stored", "kept"),
            ("kept_total", "stored_total"),
            ("stored_total", "kept_total"),
        )
    )


def forget(employee_ids, *, people: bool = True) -> None:
    """What the people count as changes in this transaction: the totals of
    the departments they were counted in or are in now no longer hold, nor,
    with ``people``, their own rows (their levels, role or place changed;
    not for enrollments, which only the totals count)."""
    ids = sorted(set(employee_ids))
    if not ids:
        return
    _lock("pg_advisory_xact_lock_shared")
    for first in range(0, len(ids), CHUNK):
        params = {
            f"e_{index}": pk for index, pk in enumerate(ids[first : first + CHUNK])
        }
        marks = ", ".join(f"%({name})s" for name in params)
        whom = f"id IN ({marks})"
        execute(Sql(_forgetting(whom, f"employee_id IN ({marks})", people), params))


def forget_role(role_id) -> None:
    """The role's profile changes in this transaction: every holder's rows
    and their departments' totals."""
    if role_id is None:
        return
    _lock("pg_advisory_xact_lock_shared")
    condition = "job_role_id = %(role)s"
    execute(Sql(_forgetting(condition, condition, True), {"role": role_id}))


def _forgetting(employees: str, rows: str, people: bool) -> str:
    """One INSERT of the forgotten: the departments of the people the
    conditions name (on employees, on stored rows), now and when stored,
    and, with ``people``, the people."""
    nobody = "CAST(NULL AS BIGINT)"
    parts = [
        f"SELECT {nobody}, department_id FROM {EMPLOYEE} WHERE {employees}",  # noqa: S608
        f"SELECT {nobody}, department_id FROM {ROW} WHERE {rows}",  # noqa: S608
    ]
    if people:
        parts += [
            f"SELECT id, {nobody} FROM {EMPLOYEE} WHERE {employees}",  # noqa: S608
            f"SELECT employee_id, {nobody} FROM {ROW} WHERE {rows}",  # noqa: S608
        ]
    return f"INSERT INTO {FORGOTTEN} (employee_id, department_id) " + " UNION ".join(
        parts
    )


def forget_all() -> None:
    """Levels were rewritten past the services (a rebuild): no row holds."""
    _lock("pg_advisory_xact_lock_shared")
    _drop_all()


def _drop_all() -> None:
    for table in (ROW, KEPT, GROUP, CELL, TOTAL, TOTAL_CELL, FORGOTTEN, SNAPSHOT):
        execute(Sql(f"DELETE FROM {table}"))  # noqa: S608


def _lock(function: str) -> None:
    """Writers take the lock shared before they look at the stored rows (in
    a statement of its own, so what they delete is read after any refresh
    they waited for has committed); ``refresh`` takes it exclusively."""
    if connection.vendor == "postgresql":
        fetch_plain(Sql(f"SELECT {function}(%(key)s)", {"key": LOCK_KEY}))
