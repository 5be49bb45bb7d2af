"""The project's own middleware, seen through HTTP."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/courses/", "/login/", "/health/", "/admin/login/", "/static/x.css"]
)
def test_trace_is_refused_on_pages(client, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


@pytest.mark.parametrize("url", ["/api/v1/courses/", "/api/schema/", "/api/docs/"])
def test_trace_is_a_problem_in_the_api(client, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"
