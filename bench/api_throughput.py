"""Throughput of the API's main lists against bare ``.values()`` views (wrk).

Run by hand (needs ``wrk`` from Debian: ``apt-get install wrk``), e.g. on the
demo data in your own PostgreSQL database::

    export DATABASE_URL=postgres://postgres@127.0.0.1/kyndig_api_bench
    .venv/bin/python bench/api_throughput.py --setup --workers 2 --seconds 10

``--setup`` migrates and runs ``seed_demo`` when the demo is missing. The
script makes a personal API token for ``--user`` (default ``hr``), serves the
app with gunicorn on ``--port`` using bench/api_settings.py (the app plus the
bare views of bench/api_bare.py), and for each list runs wrk against
``/api/v1/<list>/?page_size=100`` and then against the bare view returning the
same scoped rows from ``.values()``, in the same run. It prints requests per
second and latency for both and the ratio; the goal is a ratio of at least 0.6
(issue #18).
"""

import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._serve import start_gunicorn, token_for  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.api_settings"
LISTS = ["employees", "enrollments", "courses", "sessions"]


def setup_demo() -> None:
    manage = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT)
    subprocess.run([*manage, "seed_demo"], check=True, cwd=ROOT)


def check(port: int, path: str, key: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "GET", path, headers={"Host": "localhost", "Authorization": f"Bearer {key}"}
    )
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {body[:200]!r}")
    return len(body)


def run_wrk(url: str, key: str, seconds: float, connections: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-H",
            "Host: localhost",
            "-H",
            f"Authorization: Bearer {key}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": non2xx.group(1) if non2xx else "0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", default="hr")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--setup", action="store_true")
    args = parser.parse_args()
    if args.setup:
        setup_demo()
    key = token_for(args.user)
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite (local)')}")
    server = start_gunicorn(args.port, args.workers, {"BENCH_USERNAME": args.user})
    base = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        for name in LISTS:
            api = f"/api/v1/{name}/?page_size=100"
            bare = f"/bare/{name}/"
            sizes = (check(args.port, api, key), check(args.port, bare, key))
            measured = [
                run_wrk(base + path, key, args.seconds, args.connections)
                for path in (api, bare)
            ]
            results.append((name, sizes, *measured))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"gunicorn workers={args.workers}, wrk -t2 -c{args.connections} "
        f"-d{args.seconds:g}s, page size 100, user {args.user}"
    )
    print(
        f"{'list':<12} {'API req/s':>10} {'p50':>8} {'p99':>8}   "
        f"{'bare req/s':>10} {'p50':>8} {'p99':>8}   ratio  bytes api/bare"
    )
    for name, sizes, api, bare in results:
        print(
            f"{name:<12} {api['rps']:>10.1f} {api['p50']:>8} {api['p99']:>8}   "
            f"{bare['rps']:>10.1f} {bare['p50']:>8} {bare['p99']:>8}   "
            f"{api['rps'] / bare['rps']:.2f}   {sizes[0]}/{sizes[1]}"
            + (
                f"  non-2xx {api['errors']}/{bare['errors']}"
                if api["errors"] != "0" or bare["errors"] != "0"
                else ""
            )
        )


if __name__ == "__main__":
    main()
