"""Page-number pagination: the envelope, the count and refused pages."""

import pytest

from tests import factories
from tests.api.conftest import session_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/courses/"


@pytest.fixture
def client(hr, partner):
    for title in ("A", "B", "C"):
        factories.CourseFactory(provider=partner, title=title)
    return session_client(hr)


def _titles(body):
    return [row["title"] for row in body["results"]]


@pytest.mark.parametrize("page_size, pages", [(3, 1), (5, 1), (100, 1), (2, 2)])
def test_the_first_page_counts_every_row(client, page_size, pages):
    body = client.get(URL, {"page_size": page_size}).json()
    assert body["count"] == 3
    assert _titles(body) == ["A", "B", "C"][:page_size]
    assert (body["next"] is None) == (pages == 1)


def test_a_short_first_page_costs_no_count(client, django_assert_num_queries):
    # Session and user, the page, the outcomes of its courses: no COUNT.
    with django_assert_num_queries(4):
        body = client.get(URL, {"page_size": 4}).json()
    assert body["count"] == 3


def test_a_full_first_page_is_counted(client, django_assert_num_queries):
    with django_assert_num_queries(5):
        body = client.get(URL, {"page_size": 3}).json()
    assert body["count"] == 3


def test_an_empty_list_has_one_empty_page(hr):
    body = session_client(hr).get(URL).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("page", ["2", "last"])
def test_a_later_page_counts_every_row(client, page):
    body = client.get(URL, {"page_size": 2, "page": page}).json()
    assert body["count"] == 3
    assert _titles(body) == ["C"]
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/v1/courses/?page_size=2"


@pytest.mark.parametrize("page", ["0", "-1", "3", "01x", "1.5", str(2**70)])
def test_a_page_that_does_not_exist_is_not_found(client, page):
    response = client.get(URL, {"page_size": 2, "page": page})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
