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


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "PROPFIND", "FOO"])
def test_pages_refuse_methods_no_page_serves(client, method):
    response = client.generic(method, "/courses/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST"


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize("url", ["/api/v1/courses/", "/api/schema/", "/api/docs/"])
def test_the_api_refuses_methods_it_never_serves_with_a_problem(client, url, method):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"


def test_the_api_leaves_its_own_methods_to_its_views(client):
    response = client.generic("DELETE", "/api/v1/courses/")
    assert response.status_code == 401
