"""Shared by the HTTP benchmarks: a personal API token and a gunicorn server."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def token_for(username: str) -> str:
    """A fresh personal API token for ``username`` (named "bench")."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from employees.models import ApiToken

    user = get_user_model().objects.get(username=username)
    _token, key = ApiToken.objects.create_key(name="bench", user=user)
    return key


def start_gunicorn(port: int, workers: int, env: dict | None = None):
    """gunicorn serving the app as the README runs it, but without
    ``--max-requests``: a benchmark sees a worker's whole life. Returns once it
    answers."""
    server = subprocess.Popen(
        [
            # The gunicorn of the virtualenv running the benchmark, which need
            # not be ROOT/.venv (a git worktree shares the main checkout's).
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/health/", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")
