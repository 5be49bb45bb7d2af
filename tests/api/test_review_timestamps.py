"""Timestamps in query strings: odd offsets and far years answer 400, not 500."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def hr_client(hr):
    client = APIClient()
    client.force_authenticate(hr)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sessions/?starts_to=0279-08-23T16:58:16%2B23:52",
        "/api/v1/sessions/?starts_from=9999-12-31T23:59:59-10:00",
        "/api/v1/assessments/?assessed_from=0001-01-01T00:00:00%2B05:00",
    ],
)
def test_an_unusable_timestamp_is_a_validation_error(hr_client, url):
    response = hr_client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_a_large_offset_is_converted_to_utc(hr_client):
    response = hr_client.get(
        "/api/v1/sessions/?starts_from=2027-01-01T09:00:00%2B23:52"
    )
    assert response.status_code == 200


def test_an_ordinary_offset_filters_by_the_instant(hr_client, partner):
    from tests.factories import CourseFactory, CourseSessionFactory

    session = CourseSessionFactory(course=CourseFactory(provider=partner))
    moment = session.starts_at.isoformat().replace("+00:00", "%2B00:00")
    response = hr_client.get(f"/api/v1/sessions/?starts_from={moment}")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [session.pk]
