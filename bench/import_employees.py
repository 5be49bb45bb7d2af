"""Benchmark: import 40,000 employees from one file.

    .venv/bin/python bench/import_employees.py [--rows 40000] [--format xlsx|csv]

Runs on a throw-away SQLite file (or on DATABASE_URL when set: use a database
of your own). Prints wall time, peak Python memory (tracemalloc) and the
process's peak RSS for: reading + dry run, the real run, and a second run of
a changed file (updates, moves and deactivations).
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: with DEBUG on, every statement is also formatted and kept.
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

DEPARTMENTS = 300
ROLES = ["Sygeplejerske", "Pædagog", "Socialrådgiver", "Sagsbehandler", "SOSU"]
HEADER = [
    "Medarbejdernummer",
    "Navn",
    "E-mail",
    "Afdelingskode",
    "Stilling",
    "Leder",
    "Ansat fra",
    "Ansat til",
]


def rows(count: int, *, variant: int = 0):
    for n in range(count):
        department = (n + variant * (n % 7 == 0)) % DEPARTMENTS
        yield [
            str(100000 + n),
            f"Medarbejder {n}{' Jr' if variant and n % 11 == 0 else ''}",
            f"m{n}@kommune.dk",
            f"D{department:04d}",
            ROLES[n % len(ROLES)],
            "ja" if n % 25 == 0 else "nej",
            "2015-08-01",
            "",
        ]


def build(count: int, fmt: str, *, variant: int = 0) -> bytes:
    data = rows(count, variant=variant)
    if fmt == "csv":
        lines = [";".join(HEADER)] + [";".join(r) for r in data]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Medarbejdere")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def setup_organisation():
    from employees.models import Department

    municipality = Department.objects.create(name="Bench Kommune", code="B001")
    forvaltninger = [
        Department.objects.create(
            name=f"Forvaltning {i}", code=f"F{i}", parent=municipality
        )
        for i in range(6)
    ]
    for i in range(DEPARTMENTS):
        Department.objects.create(
            name=f"Afdeling {i}", code=f"D{i:04d}", parent=forvaltninger[i % 6]
        )
    return municipality


def operator():
    """The console operator of ``manage.py import_employees``: full rights."""
    from django.contrib.auth.models import AnonymousUser

    class Operator(AnonymousUser):
        is_superuser = True
        is_authenticated = True

    return Operator()


TRACE = "--trace-memory" in sys.argv


def measure(label, func):
    # tracemalloc slows allocation-heavy code several times over, so it is
    # opt-in; the process's peak RSS is always reported.
    if TRACE:
        tracemalloc.start()
    started = time.perf_counter()
    cpu = time.process_time()
    result = func()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = (
        f"peak Python {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MiB  "
        if TRACE
        else ""
    )
    if TRACE:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<36} wall {elapsed:6.1f} s  cpu {cpu:6.1f} s  {peak}"
        f"max RSS {rss:5.0f} MiB",
        flush=True,
    )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=40000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from employees.imports import employee_import_run
    from employees.models import Employee

    municipality = setup_organisation()
    data = build(args.rows, args.format)
    print(
        f"{args.rows} rows, {args.format}, {len(data) / 2**20:.1f} MiB file", flush=True
    )

    def run(payload, *, dry_run, full=False):
        report = employee_import_run(
            data=payload,
            filename=f"bench.{args.format}",
            municipality=municipality,
            user=operator(),
            dry_run=dry_run,
            full=full,
        )
        assert report.ok, report.as_dict()["errors"][:3] or report.file_error
        return report

    dry = measure("dry run (read + validate + plan)", lambda: run(data, dry_run=True))
    real = measure("real run (create)", lambda: run(data, dry_run=False))
    assert dry.counts == real.counts
    print("   ", real.counts["employees"], Employee.objects.count(), "employees stored")
    changed = build(args.rows - 500, args.format, variant=1)
    report = measure(
        "full re-import (update/move/deact.)",
        lambda: run(changed, dry_run=False, full=True),
    )
    print("   ", report.counts["employees"])


if __name__ == "__main__":
    main()
