"""The JSON figures endpoint under load with several gunicorn workers.

Run by hand on a generated data set (PostgreSQL), e.g.::

    export DATABASE_URL=postgres://postgres@127.0.0.1/kyndig_reports_one
    .venv/bin/python bench/figures_endpoint.py --user dataset-hr \\
        --workers 3 --clients 6 --seconds 30 --port 8765

It starts gunicorn on the given port (stopped again at the end), makes a
personal API token for the user, and keeps ``--clients`` threads requesting
``GET /api/v1/progress/departments/`` (the user's whole scope, last 12 months)
for ``--seconds``. It prints requests per second and latency percentiles,
and the number of SQL queries one request costs.
"""

import argparse
import http.client
import os
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._serve import start_gunicorn, token_for  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: DEBUG would keep every SQL query in memory.
os.environ.setdefault("DJANGO_DEBUG", "0")
PATH = "/api/v1/progress/departments/"


def query_count(username: str) -> tuple[int, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures import department_figures

    user = get_user_model().objects.get(username=username)
    with CaptureQueriesContext(connection) as queries:
        rows = department_figures(user=user)
    return len(queries), len(rows)


def client(port, key, until, latencies, errors):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {key}", "Host": "localhost"}
    while time.perf_counter() < until:
        started = time.perf_counter()
        connection.request("GET", PATH, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            latencies.append(time.perf_counter() - started)
        else:
            errors.append(response.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", required=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    key = token_for(args.user)
    queries, departments = query_count(args.user)
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite (local)')}")
    print(f"one request: {queries} SQL queries for {departments} departments")
    server = start_gunicorn(args.port, args.workers)
    try:
        latencies, errors = [], []
        # Warm-up requests outside the measurement, as many as workers (the
        # same connection may reach the same worker; a rough warm-up only).
        for _ in range(args.workers):
            client(args.port, key, time.perf_counter() + 0.001, [], [])
        until = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(
                target=client, args=(args.port, key, until, latencies, errors)
            )
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(
        f"gunicorn workers={args.workers} clients={args.clients} "
        f"for {elapsed:.1f}s: {len(latencies)} OK, {len(errors)} errors"
    )
    if latencies:
        print(
            f"throughput {len(latencies) / elapsed:.1f} req/s; latency ms "
            f"p50 {pct(0.5):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, "
            f"mean {statistics.mean(latencies) * 1000:.0f}"
        )


if __name__ == "__main__":
    main()
