"""Benchmark: peak memory and time of reading and importing employee files.

    .venv/bin/python bench/import_memory.py [--repeat 3] [--limit-gb 3]

Builds, in a temporary directory:

- ``xfd.xlsx``: about 100 KB, 20,000 rows that each hold one cell at column
  XFD (the last one) under an employee header, with no ``<dimension>`` element,
  so the reader cannot refuse it up front and has to read every row;
- ``xfd-dimension.xlsx``: the same rows, declaring ``A1:XFD20001`` as its
  dimension, as Excel and openpyxl would write it;
- ``employees.xlsx``: the realistic 40,000-row export of
  ``bench/import_employees.py``.

Every measurement runs in a fresh child process whose address space is capped
(``RLIMIT_AS``), so a reader that runs away is stopped instead of taking the
machine with it. The child reports its peak RSS (``ru_maxrss``) before and
after the work, and the wall time of the work alone; the time figures are the
median of ``--repeat`` children. Runs on throw-away SQLite files.
"""

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

BENCH = Path(__file__).resolve().parent
XFD_ROWS = 20000
EMPLOYEE_ROWS = 40000
SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- Files ---------------------------------------------------------------------
def xfd_workbook(*, rows: int, dimension: str | None) -> bytes:
    """An employee header, then ``rows`` rows holding one number at column XFD."""
    from import_employees import HEADER

    template = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.title = "Medarbejdere"
    workbook.save(template)
    header = "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for letter, text in zip("ABCDEFGH", HEADER, strict=True)
    )
    body = "".join(
        f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, rows + 2)
    )
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}">{declared}<sheetData><row r="1">{header}</row>'
        f"{body}</sheetData></worksheet>"
    )
    return _with_member(template.getvalue(), SHEET, sheet.encode())


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            payload = content if item.filename == name else source.read(item)
            target.writestr(item.filename, payload, compresslevel=9)
    return out.getvalue()


def build_files(folder: Path) -> dict[str, Path]:
    from import_employees import build

    files = {
        "xfd.xlsx": xfd_workbook(rows=XFD_ROWS, dimension=None),
        "xfd-dimension.xlsx": xfd_workbook(
            rows=XFD_ROWS, dimension=f"A1:XFD{XFD_ROWS + 1}"
        ),
        "employees.xlsx": build(EMPLOYEE_ROWS, "xlsx"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


# --- Child ---------------------------------------------------------------------
def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, path: Path) -> None:
    # Sets up Django on a throw-away SQLite file.
    import import_employees
    from django.utils import translation

    from employees.imports import ImportFileError

    translation.activate("en")
    from employees.imports.reader import read_file

    data = path.read_bytes()
    if mode == "import":
        work = _import_work(import_employees, data)
    else:

        def work():
            sheets = read_file(data=data, filename=path.name)
            return f"read {sum(len(sheet.rows) for sheet in sheets)} data rows"

    before = _peak_mib()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = work()
    except ImportFileError as error:
        outcome = f"refused: {error}"
    except MemoryError:
        outcome = "MemoryError"
    # CPU time too: on a shared machine it varies less than the wall time.
    times = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    result = {"outcome": outcome, "rss_before": before, "rss_peak": _peak_mib()}
    print(json.dumps({**result, **times}), flush=True)


def _import_work(import_employees, data: bytes):
    from django.core.management import call_command

    from employees.imports import employee_import_run

    call_command("migrate", verbosity=0)
    municipality = import_employees.setup_organisation()

    def work():
        report = employee_import_run(
            data=data,
            filename="employees.xlsx",
            municipality=municipality,
            user=import_employees.operator(),
            dry_run=False,
        )
        assert report.applied, report.file_error or report.errors[:3]
        return f"applied, {report.counts['employees']['create']} created"

    return work


# --- Parent --------------------------------------------------------------------
def run_child(mode: str, path: Path, limit_bytes: int) -> dict:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    completed = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        # Safe here: the parent runs no threads.
        preexec_fn=cap,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode or not lines:
        tail = completed.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"outcome": f"died ({completed.returncode}): {tail[0]}"}
    return json.loads(lines[-1])


def report(label: str, results: list[dict], limit_gb: float) -> None:
    first = results[0]
    if "wall" not in first or first["outcome"] == "MemoryError":
        print(f"{label:<34} killed at {limit_gb:g} GB ({first['outcome']})")
        return
    walls = [result["wall"] for result in results]
    cpu = statistics.median(result["cpu"] for result in results)
    peak = max(result["rss_peak"] for result in results)
    print(
        f"{label:<34} wall median {statistics.median(walls):6.2f} s "
        f"(runs {', '.join(f'{w:.2f}' for w in walls)}), cpu median {cpu:6.2f} s  "
        f"peak RSS {peak:6.0f} MiB (at start {first['rss_before']:.0f})  "
        f"{first['outcome'][:70]}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit-gb", type=float, default=3.0)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    limit = int(args.limit_gb * 2**30)
    paths = build_files(Path(tempfile.mkdtemp()))
    for name, path in paths.items():
        print(f"{name:<20} {path.stat().st_size / 1024:8.0f} KiB", flush=True)
    plan = [
        ("read xfd.xlsx", "read", "xfd.xlsx", 1),
        ("read xfd-dimension.xlsx", "read", "xfd-dimension.xlsx", 1),
        ("read employees.xlsx (40,000)", "read", "employees.xlsx", args.repeat),
        ("import employees.xlsx (40,000)", "import", "employees.xlsx", args.repeat),
    ]
    for label, mode, name, times in plan:
        results = [run_child(mode, paths[name], limit) for _ in range(times)]
        report(label, results, args.limit_gb)


if __name__ == "__main__":
    main()
