"""The published OpenAPI schema and the Swagger UI that renders it."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ERRORS_EVERYWHERE = {"400", "401", "403", "404", "429", "503"}


@pytest.fixture
def schema(anonymous_client):
    response = anonymous_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_operation_documents_its_problems(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert set(responses) >= ERRORS_EVERYWHERE, (method, path)
        for code in ERRORS_EVERYWHERE:
            assert "application/problem+json" in responses[code]["content"]
        assert "Retry-After" in responses["429"]["headers"]
        assert "Retry-After" in responses["503"]["headers"]
        if method in {"post", "put", "patch"}:
            assert "413" in responses, (method, path)
        if method == "post":
            assert "422" in responses, path
            headers = {p["name"]: p for p in operation.get("parameters", [])}
            key = headers["Idempotency-Key"]
            assert key["schema"] == {"type": "string", "maxLength": 255}, path


def test_schema_names_both_credentials(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["staffToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["staffToken"]["description"],
    }
    assert schemes["partnerKey"]["in"] == "header"
    assert "basicAuth" not in schemes
    assert schemes["cookieAuth"]["in"] == "cookie"


def test_partner_payload_shapes_are_in_the_schema(schema):
    course = schema["components"]["schemas"]["CourseRequest"]["properties"]
    assert {"external_id", "title", "purpose", "mode", "outcomes"} <= set(course)
    session = schema["components"]["schemas"]["SessionWriteRequest"]["properties"]
    assert session["course"]["type"] == "string"


def test_swagger_ui_runs_under_the_strict_csp(anonymous_client):
    page = anonymous_client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src  # the app's own assets, no CDN
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src
    script = anonymous_client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_unknown_api_paths_are_problem_404s(hr_client):
    response = hr_client.post("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/employees/"),
        ("patch", "/api/v1/employees/{id}/"),
        ("post", "/api/v1/departments/"),
        ("put", "/api/v1/roles/{id}/"),
        ("post", "/api/v1/assessments/"),
        ("post", "/api/v1/courses/"),
        ("post", "/api/v1/sessions/"),
        ("post", "/api/v1/sessions/{id}/enroll/"),
        ("post", "/api/v1/sessions/{id}/cancel/"),
        ("get", "/api/v1/sessions/{id}/roster/"),
        ("post", "/api/v1/enrollments/"),
        ("post", "/api/v1/enrollments/{id}/attendance/"),
        ("post", "/api/v1/enrollments/{id}/practice-task/"),
        ("post", "/api/v1/practice-tasks/{id}/return/"),
        ("post", "/api/v1/enrollments/{id}/reject/"),
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/{id}/read/"),
        ("get", "/api/v1/todo/"),
        ("get", "/api/v1/me/preferences/"),
        ("patch", "/api/v1/me/preferences/"),
        ("get", "/api/v1/fund-applications/"),
        ("post", "/api/v1/fund-applications/"),
        ("post", "/api/v1/fund-applications/{id}/sign/"),
        ("post", "/api/v1/fund-applications/{id}/submit/"),
        ("post", "/api/v1/fund-applications/{id}/decide/"),
        ("get", "/api/v1/funding/departments/"),
    ],
)
def test_every_endpoint_of_design_5_and_12_is_in_the_schema(schema, method, path):
    assert method in schema["paths"][path]
