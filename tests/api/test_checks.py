"""The toolkit's system checks, and the throttle cache table ``migrate`` makes.

Each test starts the app the way an operator does, in a subprocess on a fresh
SQLite file: the test database is made by the test runner, which creates the
cache table itself and so would hide a missing one.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE_TABLE = "kyndig_cache"

PARTNER_WRITE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.core.management import call_command
from django.test import Client
from courses.models import Provider, ProviderAPIKey
from tests.api.test_partner_flow import COURSE

call_command("load_frameworks", verbosity=0)
provider = Provider.objects.create(name="Partner", code="p")
_key, key = ProviderAPIKey.objects.create_key(name="k", provider=provider)
response = Client(raise_request_exception=False).post(
    "/api/v1/courses/", COURSE, content_type="application/json",
    HTTP_AUTHORIZATION=f"Api-Key {key}",
)
print(response.status_code)
"""


def run(args, sqlite_path, **extra_env):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ENV", "DJANGO_DEBUG"}
    }
    env.update(SQLITE_PATH=str(sqlite_path), **extra_env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A database that has seen ``migrate`` and nothing else."""
    path = tmp_path_factory.mktemp("migrated") / "kyndig.sqlite3"
    result = run(["manage.py", "migrate", "--noinput"], path)
    assert result.returncode == 0, result.stderr
    return path


def drop_cache_table(path):
    with sqlite3.connect(path) as db:
        db.execute(f"DROP TABLE {CACHE_TABLE}")


def test_migrate_alone_lets_a_partner_write(migrated):
    result = run(["-c", PARTNER_WRITE], migrated)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "201", result.stderr[-2000:]


def test_check_is_quiet_after_migrate(migrated):
    result = run(["manage.py", "check", "--fail-level", "WARNING"], migrated)
    assert result.returncode == 0, result.stderr
    assert CACHE_TABLE not in result.stderr


def test_check_warns_when_the_cache_table_is_missing(migrated, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(migrated.read_bytes())
    drop_cache_table(copy)
    result = run(["manage.py", "check"], copy)
    assert "api.W001" in result.stderr
    assert CACHE_TABLE in result.stderr


def test_check_is_quiet_on_a_database_never_migrated(tmp_path):
    result = run(
        ["manage.py", "check", "--fail-level", "WARNING"], tmp_path / "new.sqlite3"
    )
    assert result.returncode == 0, result.stderr


def test_createcachetable_after_migrate_is_harmless(migrated):
    result = run(["manage.py", "createcachetable"], migrated)
    assert result.returncode == 0, result.stderr


def test_check_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path):
    result = run(
        ["manage.py", "check"],
        tmp_path / "new.sqlite3",
        DJANGO_TRUSTED_PROXIES="10.0.0.0/8,proxy.example",
    )
    assert result.returncode != 0
    assert "api.E001" in result.stderr
    assert "proxy.example" in result.stderr


def test_check_accepts_addresses_and_ranges_as_trusted_proxies(tmp_path):
    result = run(
        ["manage.py", "check", "--fail-level", "WARNING"],
        tmp_path / "new.sqlite3",
        DJANGO_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7, 2001:db8::/32",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["ANON_THROTTLE_RATE", "PARTNER_THROTTLE_RATE"])
def test_check_refuses_a_rate_drf_cannot_read(tmp_path, name):
    result = run(["manage.py", "check"], tmp_path / "new.sqlite3", **{name: "lots"})
    assert result.returncode != 0
    assert "api.E002" in result.stderr
    assert "lots" in result.stderr
