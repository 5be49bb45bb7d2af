"""Settings read from the environment, checked in a child process that has it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

PRINT_DATABASE = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.conf import settings
print(json.dumps(settings.DATABASES["default"]["OPTIONS"]))
"""


def database_options(url: str, **environ) -> dict:
    # Only the environment a test gives: a PGOPTIONS of the machine's own
    # would change the options read.
    env = {key: value for key, value in os.environ.items() if key != "PGOPTIONS"}
    env.update(DATABASE_URL=url, **environ)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_gives_up_connecting_after_a_few_seconds():
    options = database_options("postgres://kyndig@db.example:5432/kyndig")
    assert options["connect_timeout"] == 5


def test_the_database_url_may_name_its_own_connect_timeout():
    options = database_options("postgres://kyndig@db.example/kyndig?connect_timeout=2")
    assert options["connect_timeout"] == 2


def test_postgresql_compiles_no_statement_just_in_time():
    options = database_options("postgres://kyndig@db.example:5432/kyndig")
    assert options["options"] == "-c jit=off"


def test_startup_options_of_the_url_or_environment_are_kept():
    url = "postgres://kyndig@db.example/kyndig?options=-c%20statement_timeout%3D5000"
    assert database_options(url)["options"] == "-c statement_timeout=5000 -c jit=off"
    from_env = database_options(
        "postgres://kyndig@db.example/kyndig", PGOPTIONS="-c search_path=kyndig"
    )
    assert from_env["options"] == "-c search_path=kyndig -c jit=off"
    own = database_options("postgres://kyndig@db.example/kyndig?options=-c%20jit%3Don")
    assert own["options"] == "-c jit=on"


@pytest.mark.django_db
def test_the_live_postgresql_connection_has_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
