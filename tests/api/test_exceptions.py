"""Errors a view never sees, answered as problem+json like every other API error."""

import pytest

from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code


@pytest.mark.parametrize("key", [None, "big-1"], ids=["plain", "idempotent"])
def test_a_body_over_the_size_limit_is_413(partner, settings, key):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = '{"title": "' + "x" * 2000 + '"}'
    response = key_client(partner).post(
        "/api/v1/courses/", body, content_type="application/json", **headers
    )
    assert_problem(response, 413, "request_too_large")


def test_too_many_form_fields_is_413(hr, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = "&".join(f"f{i}=1" for i in range(20))
    response = session_client(hr).post(
        "/api/v1/imports/employees/",
        fields,
        content_type="application/x-www-form-urlencoded",
    )
    assert_problem(response, 413, "request_too_large")


def test_too_many_uploaded_files_is_413(hr, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    parts = "".join(
        "--xx\r\n"
        f'Content-Disposition: form-data; name="f{i}"; filename="f{i}.csv"\r\n'
        "Content-Type: text/csv\r\n\r\na\r\n"
        for i in range(5)
    )
    response = session_client(hr).post(
        "/api/v1/imports/employees/",
        (parts + "--xx--\r\n").encode(),
        content_type="multipart/form-data; boundary=xx",
    )
    assert_problem(response, 413, "request_too_large")


def test_a_broken_multipart_body_is_a_parse_problem(hr):
    response = session_client(hr).post(
        "/api/v1/imports/employees/", b"abc", content_type="multipart/form-data"
    )
    assert_problem(response, 400, "parse_error")


def test_a_session_write_without_csrf_names_the_cause(hr, department):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(hr)
    response = client.post("/api/v1/departments/", {"name": "Ny"}, format="json")
    assert_problem(response, 403, "csrf_failed")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_errors_are_json_whatever_the_schema_format(client, fmt):
    response = client.post(f"/api/schema/?format={fmt}")
    assert_problem(response, 405, "method_not_allowed")
