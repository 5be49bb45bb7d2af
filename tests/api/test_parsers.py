"""Request bodies the JSON parser refuses before they reach a view."""

import pytest

from api.parsers import MAX_DEPTH
from tests.api.conftest import key_client, session_client
from tests.api.test_partner_flow import COURSE

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")


def nested(depth: int) -> str:
    """A JSON body of arrays ``depth`` levels deep, the outermost counting as one."""
    return "[" * depth + "]" * depth


def post_raw(client, url, body: str, **headers):
    return client.post(url, body, content_type="application/json", **headers)


@pytest.mark.parametrize("key", [None, "deep-1"], ids=["plain", "idempotent"])
def test_deep_nesting_is_a_parse_problem_for_partners(partner, key):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    response = post_raw(
        key_client(partner), "/api/v1/courses/", nested(1000), **headers
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("key", [None, "deep-2"], ids=["plain", "idempotent"])
def test_deep_nesting_is_a_parse_problem_for_staff(hr, key):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = '{"name": ' + nested(1000) + "}"
    response = post_raw(session_client(hr), "/api/v1/employees/", body, **headers)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_nesting_up_to_the_limit_is_parsed(partner):
    inner = nested(MAX_DEPTH - 1)
    body = '{"external_id": "X", "outcomes": ' + inner + "}"
    response = post_raw(key_client(partner), "/api/v1/courses/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_one_level_past_the_limit_is_refused(partner):
    body = '{"external_id": "X", "outcomes": ' + nested(MAX_DEPTH) + "}"
    response = post_raw(key_client(partner), "/api/v1/courses/", body)
    assert response.json()["code"] == "parse_error"


def test_brackets_inside_strings_do_not_count(partner):
    course = {**COURSE, "title": "[{" * 100, "description": '\\"[' * 100}
    response = key_client(partner).post("/api/v1/courses/", course, format="json")
    assert response.status_code == 201, response.content


def json_writes(client) -> list[tuple[str, str]]:
    """Every documented operation that takes a JSON body, as (method, url)."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return [
        (method, path.replace("{id}", "1"))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITE_METHODS
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def test_no_json_write_answers_a_deep_body_with_a_server_error(hr, partner):
    staff, partner_api = session_client(hr), key_client(partner)
    writes = json_writes(staff)
    assert len(writes) > 10
    for method, url in writes:
        for client in (staff, partner_api):
            response = getattr(client, method)(
                url,
                nested(1000),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=f"deep-{method}-{url}",
            )
            assert response.status_code < 500, (method, url)
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("charset", ["bz2_codec", "ascii"])
def test_unreadable_charsets_are_parse_problems(partner, charset):
    response = key_client(partner).post(
        "/api/v1/courses/",
        '{"title": "Æblekage"}'.encode(),
        content_type=f"application/json; charset={charset}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_invalid_json_is_explained_in_the_callers_language(partner):
    api = key_client(partner)
    body = '{"title": "x",\n "hours": }'
    da = post_raw(api, "/api/v1/courses/", body, HTTP_ACCEPT_LANGUAGE="da").json()
    en = post_raw(api, "/api/v1/courses/", body, HTTP_ACCEPT_LANGUAGE="en").json()
    assert da["code"] == en["code"] == "parse_error"
    assert en["detail"] == "The body is not valid JSON (line 2, column 11)."
    assert da["detail"] == "Indholdet er ikke gyldig JSON (linje 2, kolonne 11)."


def test_numbers_json_has_no_name_for_are_refused(partner):
    response = post_raw(key_client(partner), "/api/v1/courses/", '{"hours": NaN}')
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_broken_multipart_body_is_explained_in_danish(hr):
    response = session_client(hr).post(
        "/api/v1/imports/employees/",
        b"abc",
        content_type="multipart/form-data",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"] == "Multipart-indholdet kunne ikke læses."
