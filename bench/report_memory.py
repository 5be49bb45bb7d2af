"""Memory of one gunicorn worker over many sequential xlsx report downloads.

Run by hand on the demo data in your own PostgreSQL database, e.g.::

    createdb -h 127.0.0.1 -U postgres kyndig_mem
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyndig_mem
    .venv/bin/python bench/report_memory.py --setup

``--setup`` migrates and runs ``seed_demo`` when the demo is missing. For each
workbook endpoint the script starts gunicorn with one worker (the default sync
worker: one thread, no ``--max-requests``) on ``--port`` with ``DJANGO_DEBUG=0``,
makes a personal API token for ``--user`` (default ``hr``) and sends
sequential ``GET`` requests with it: ``--requests`` (500) to
``/api/v1/reports/department-progress/`` and ``--other-requests`` (200) each to
``/api/v1/reports/course-activity/`` and ``/api/v1/reports/employee/<id>/``.
Before the first request and after every ``--every`` (100) it prints the
worker's resident memory (VmRSS from /proc/<pid>/status) and its open file
descriptors. A worker that keeps each report grows in a straight line; one that
does not levels off after the first batch.
"""

import argparse
import http.client
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._serve import start_gunicorn, token_for  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: DEBUG would keep every SQL query in memory.
os.environ["DJANGO_DEBUG"] = "0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def setup_demo() -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT)
    subprocess.run([*manage, "seed_demo"], check=True, cwd=ROOT)


def first_employee(username: str) -> int:
    """The first employee whose sheet ``username`` may download."""
    from django.contrib.auth import get_user_model

    from employees.selectors import employee_list

    user = get_user_model().objects.get(username=username)
    return employee_list(user=user, detail=True).order_by("pk").first().pk


def worker_pid(master: int) -> int:
    """The single worker: the process whose parent is the gunicorn master."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name in brackets may hold spaces; the parent id is the
        # second field after it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            return int(entry.name)
    raise SystemExit("no gunicorn worker found")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def download(conn, path: str, key: str) -> int:
    conn.request(
        "GET", path, headers={"Host": "localhost", "Authorization": f"Bearer {key}"}
    )
    response = conn.getresponse()
    body = response.read()
    if response.status != 200 or response.getheader("Content-Type") != XLSX:
        raise SystemExit(f"{path} answered {response.status}: {body[:200]!r}")
    return len(body)


def measure(path: str, key: str, requests: int, every: int, port: int) -> None:
    server = start_gunicorn(port, 1)
    try:
        pid = worker_pid(server.pid)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start = rss_mb(pid)
        print(f"\n{path}: {requests} requests, worker pid {pid}")
        print(f"  {'requests':>9} {'RSS MB':>8} {'+MB':>7} {'fds':>4}")
        print(f"  {0:>9} {start:>8.1f} {'':>7} {open_fds(pid):>4}")
        previous, size, after_first = start, 0, None
        for done in range(1, requests + 1):
            size = download(conn, path, key)
            if done % every == 0 or done == requests:
                now = rss_mb(pid)
                after_first = after_first or (done, now)
                print(
                    f"  {done:>9} {now:>8.1f} {now - previous:>+7.1f} "
                    f"{open_fds(pid):>4}"
                )
                previous = now
        first_done, first_rss = after_first
        if requests > first_done:
            growth = (previous - first_rss) * 1024 / (requests - first_done)
            print(
                f"  workbook {size / 1024:.0f} KiB; after the first {first_done} "
                f"requests the worker grew {growth:.1f} KiB per request"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", default="hr")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--other-requests", type=int, default=200)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--port", type=int, default=8773)
    parser.add_argument("--setup", action="store_true")
    args = parser.parse_args()
    if args.setup:
        setup_demo()
    key = token_for(args.user)
    employee = first_employee(args.user)
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite (local)')}")
    print("gunicorn: 1 worker (sync, 1 thread), DJANGO_DEBUG=0, user " + args.user)
    for path, requests in (
        ("/api/v1/reports/department-progress/", args.requests),
        ("/api/v1/reports/course-activity/", args.other_requests),
        (f"/api/v1/reports/employee/{employee}/", args.other_requests),
    ):
        measure(path, key, requests, args.every, args.port)


if __name__ == "__main__":
    main()
