"""Production settings, checked the way an operator starts the app: a subprocess."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_VARS = (
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOWED_HOSTS",
    "KYNDIG_BASE_URL",
    "CREDENTIALS_KEY_ENCRYPTION_KEY",
)


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARS}
    base.pop("DJANGO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_passes_with_no_warnings_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": "postgres://kyndig@127.0.0.1:5432/kyndig",
            "DJANGO_ALLOWED_HOSTS": "kyndig.example.dk",
            "KYNDIG_BASE_URL": "https://kyndig.example.dk",
            "CREDENTIALS_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_its_variables_refuses_with_one_line():
    result = manage("check", env={"DJANGO_ENV": "production"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for name in PRODUCTION_VARS:
        assert name in lines[0]
