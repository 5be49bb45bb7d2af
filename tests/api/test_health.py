"""``/health/`` and what the app answers while a dependency is down.

An unreachable database cannot be staged inside the test process (its
database is the test database), so the outage tests start the app in a child
process whose DATABASE_URL points at a closed port.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = "application/problem+json"
CLOSED_PORT_URL = "postgres://postgres@127.0.0.1:1/nothing"

# Runs in the child: one JSON line per request.
CALLS = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.test import Client

def show(response):
    print(json.dumps({
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }))

client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="da")
show(client.get("/health/"))
show(client.get("/api/v1/employees/", HTTP_AUTHORIZATION="Bearer abc.def"))
show(client.get("/api/v1/courses/"))
show(client.get("/api/v1/employees/"))
show(client.post("/login/", {"username": "hr", "password": "demo"}))
client.cookies["sessionid"] = "x" * 32
show(client.get("/login/"))
"""


@pytest.fixture(scope="module")
def outage():
    """The answers of an app whose database cannot be reached."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ENV", "DATABASE_TEST_NAME"}
    }
    env.update(DATABASE_URL=CLOSED_PORT_URL, DJANGO_DEBUG="0", KYNDIG_TASKS_DB="1")
    result = subprocess.run(
        [sys.executable, "-c", CALLS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    health, token_api, catalogue_api, anonymous_api, sign_in, page = answers
    return {
        "health": health,
        "token_api": token_api,
        "catalogue_api": catalogue_api,
        "anonymous_api": anonymous_api,
        "sign_in": sign_in,
        "page": page,
    }


def test_health_names_each_dependency_when_all_answer(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_checks_the_database_task_queue(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/health/")
    assert response.json()["checks"]["tasks"] == "ok"


def test_health_is_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "down", "tasks": "ok"},
    }


def test_health_is_503_with_each_dependency_named_when_the_database_is_down(outage):
    answer = outage["health"]
    assert answer["status"] == 503
    assert answer["type"] == "application/json"
    assert json.loads(answer["body"]) == {
        "status": "unavailable",
        "checks": {"database": "down", "cache": "down", "tasks": "down"},
    }


@pytest.mark.parametrize("call", ["token_api", "catalogue_api", "anonymous_api"])
def test_the_api_is_a_503_problem_when_the_database_is_down(outage, call):
    answer = outage[call]
    assert answer["status"] == 503
    assert answer["type"] == PROBLEM
    assert json.loads(answer["body"])["code"] == "service_unavailable"
    assert int(answer["retry_after"]) > 0


@pytest.mark.parametrize("call", ["sign_in", "page"])
def test_pages_are_a_friendly_503_when_the_database_is_down(outage, call):
    answer = outage[call]
    assert answer["status"] == 503
    assert answer["type"].startswith("text/html")
    assert int(answer["retry_after"]) > 0
    assert "Kyndig er midlertidigt utilgængelig" in answer["body"]
    assert "OperationalError" not in answer["body"]
