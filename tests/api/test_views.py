"""The toolkit's own views: the unknown-path answer and the error handlers."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_an_unknown_host_under_the_api_is_a_problem(client):
    response = client.get("/api/v1/courses/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "bad_request"


def test_an_unknown_host_on_a_page_is_a_page(client):
    response = client.get("/courses/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Forespørgslen kunne ikke behandles" in response.content.decode()


def test_a_page_body_over_the_size_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.api.error_urls")
@pytest.mark.parametrize("url", ["/api/v1/boom/", "/api/plain-boom/"])
def test_a_server_error_under_the_api_is_a_problem_without_internals(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "server_error"
    assert b"secret internals" not in response.content


@pytest.mark.urls("tests.api.error_urls")
def test_a_server_error_on_a_page_is_the_generic_page():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Noget gik galt" in response.content.decode()


def test_a_csrf_failure_under_the_api_is_a_problem(rf):
    from api.views import csrf_failure

    response = csrf_failure(rf.post("/api/v1/anything/"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["code"] == "csrf_failed"


def test_a_csrf_failure_on_a_page_is_a_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def lock_out(client, failures=5):
    for _ in range(failures):
        client.post("/login/", {"username": "hr", "password": "wrong"})
    return client.post("/login/", {"username": "hr", "password": "demo-password-1"})


def test_the_lockout_page_says_when_to_try_again(client, hr, settings):
    response = lock_out(client)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "For mange mislykkede forsøg" in response.content.decode()


def test_the_lockout_counts_down_from_the_last_failure(client, hr, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    lock_out(client)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=50)
    )
    settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
    response = client.post("/login/", {"username": "hr", "password": "x"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600


def test_a_script_locked_out_gets_a_problem(client, hr):
    lock_out(client)
    response = client.post(
        "/login/",
        {"username": "hr", "password": "demo-password-1"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "locked_out"
    assert int(response["Retry-After"]) > 0
