"""Report generation against its two floors, at one municipality and national scope.

Run by hand on a generated data set (PostgreSQL), e.g.::

    export DATABASE_URL=postgres://postgres@127.0.0.1/kyndig_reports_national
    .venv/bin/python manage.py generate_dataset --municipalities 98 --employees 500000
    .venv/bin/python bench/report_generation.py \
        --user dataset-hr --user dataset-national

For each scope it measures, each in a fresh process (peak memory is the
process's max RSS minus its RSS after set-up):

- ``sql``: the bare SQL the figures and the employee sheet need, rows fetched
  and thrown away (the SQL floor);
- ``write``: openpyxl ``write_only`` writing the same cells from an in-memory
  list built before the clock starts (the write floor);
- ``report``: the real report, ``reports.services.report_write``. Its wide
  sheets go through ``api.xlsx.Table``, which writes faster than openpyxl's
  own cells, so the report can come in under ``sql + write``.

Each kind runs ``--repeat`` times (default 3), interleaved, and the median
counts. Each comes twice: the summary workbook (summary, chart, department ×
competence) and the full one with the employee sheet. The goal: report time
≤ 1.3 × (sql + write), memory growth < 64 MiB.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: DEBUG would keep every SQL query in memory.
os.environ.setdefault("DJANGO_DEBUG", "0")


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, username: str, employees: bool) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from competences.ladder import ladder
    from competences.levels.rule import pairs_cte, with_levels
    from competences.levels.sql import Sql, stream
    from employees.access import Subtrees, access_for
    from reports.figures import sql
    from reports.figures.scope import measured
    from reports.selectors import EMPLOYEE_ROWS
    from reports.services import Kind, ReportRequest, report_write

    user = get_user_model().objects.get(username=username)
    request = ReportRequest(kind=Kind.DEPARTMENT_PROGRESS)
    period = request.period
    access = access_for(user)
    scope = access.figure_scope()
    ladder()
    cells = None
    if kind == "write":
        cells = _cells_like_the_report(user, request, employees)
    if not employees:
        # The summary workbook: the same report without per-employee detail.
        import reports.services as services

        services.lead_scope = lambda **kwargs: Subtrees()
    base = rss_mib()
    started = time.perf_counter()
    if kind == "sql":
        queries = [
            *sql.department_report(scope, None, period.end, period.start),
            sql.activity_counts(scope, None, ["requested"], period.start, period.end),
        ]
        if employees:
            lead = measured(access.lead_part(scope))
            queries.append(
                with_levels(lead, period.end) + pairs_cte() + Sql(EMPLOYEE_ROWS)
            )
        rows = sum(sum(1 for _ in stream(query)) for query in queries)
    elif kind == "write":
        rows = _write(cells)
    else:
        with tempfile.TemporaryFile() as out:
            report_write(user=user, request=request, out=out)
            rows = out.tell()
    seconds = time.perf_counter() - started
    return {
        "kind": kind,
        "user": username,
        "employees": employees,
        "seconds": round(seconds, 2),
        "memory_growth_mib": round(peak_mib() - base, 1),
        "rows_or_bytes": rows,
    }


def _cells_like_the_report(user, request, employees: bool) -> dict:
    """The report's cells as plain lists (values only), gathered before timing."""
    from reports import figures
    from reports.figures.scope import lead_scope, measured
    from reports.selectors import employee_rows

    period = request.period
    summary, matrix = figures.department_report(user=user)
    sheets = {
        "summary": [
            [r["name"], r["code"], r["headcount"]]
            + [v for s in r["stages"].values() for v in (s["count"], s["share"])]
            + [
                r["proficient_share"],
                r["target_met_share"],
                r["mean_level"],
                r["moved_up"],
                r["active_enrollments"],
                r["completions"],
                r["practice_tasks_verified"],
            ]
            for r in summary
        ],
        "matrix": [
            [r["name"], r["code"]]
            + [
                v
                for c in r["cells"].values()
                for v in (c["mean_level"], c["target_share"])
            ]
            for r in matrix["rows"]
        ],
    }
    if employees:
        competences = [c.pk for c in matrix["competences"]]
        lead = measured(lead_scope(user=user))
        sheets["employees"] = [
            [
                e["name"],
                e["employee_number"],
                e["department"],
                e["role"],
                e["stage_name"],
                e["overall_level"],
                "Ja",
                e["last_assessed"],
            ]
            + [v for c in competences for v in e["levels"].get(c, (None, None))]
            for e in employee_rows(employees=lead, end=period.end)
        ]
    return sheets


def _write(sheets: dict) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    cells = 0
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(
                [
                    v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v else v
                    for v in row
                ]
            )
            cells += len(row)
    with tempfile.TemporaryFile() as out:
        wb.save(out)
    return cells


def run_child(kind: str, username: str, employees: bool) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--user", username]
    if employees:
        command.append("--employees")
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", action="append", required=True)
    parser.add_argument("--child")
    parser.add_argument("--employees", action="store_true")
    parser.add_argument("--summary-only", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each kind; sub-second figures vary by 20%% run to run",
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.user[0], args.employees)))
        return
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite (local)')}")
    print(f"each figure: median of {args.repeat} run(s), runs interleaved")
    for username in args.user:
        for employees in (False,) if args.summary_only else (False, True):
            # A first untimed pass warms the caches the way a live server is.
            run_child("sql", username, employees)
            # Interleaved, so a slow spell of the machine hits all three.
            runs = {kind: [] for kind in KINDS}
            for _ in range(args.repeat):
                for kind in KINDS:
                    runs[kind].append(run_child(kind, username, employees))
            label = "with employee sheet" if employees else "summary workbook"
            print(f"\n{username}, {label}:")
            seconds = {kind: _report_kind(kind, runs[kind]) for kind in KINDS}
            ratio = seconds["report"] / (seconds["sql"] + seconds["write"])
            print(f"  ratio report / (sql + write) = {ratio:.2f}")


KINDS = ("sql", "write", "report")


def _report_kind(kind: str, runs: list[dict]) -> float:
    """Print the median run of one kind (and the spread); answer its seconds."""
    times = sorted(run["seconds"] for run in runs)
    median = statistics.median(times)
    growth = max(run["memory_growth_mib"] for run in runs)
    size = runs[-1]["rows_or_bytes"]
    print(
        f"  {kind:<7} {median:>8.2f} s  (runs {', '.join(f'{t:.2f}' for t in times)})"
        f"  memory +{growth:.1f} MiB at most  ({size} rows/cells/bytes)"
    )
    return median


if __name__ == "__main__":
    main()
