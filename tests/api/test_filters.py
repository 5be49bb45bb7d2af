"""Timestamps in query strings: odd offsets and far years answer 400, not 500."""

from datetime import UTC, datetime

import pytest

from tests.factories import CourseFactory, CourseSessionFactory


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


def sessions_starting_at(partner, *instants):
    course = CourseFactory(provider=partner)
    return [CourseSessionFactory(course=course, starts_at=at) for at in instants]


def listed_ids(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_a_large_offset_is_converted_to_utc(hr_client, partner):
    # 2027-01-01T09:00+23:52 is 2026-12-31T09:08Z.
    _before, at, after = sessions_starting_at(
        partner,
        datetime(2026, 12, 31, 9, 7, tzinfo=UTC),
        datetime(2026, 12, 31, 9, 8, tzinfo=UTC),
        datetime(2026, 12, 31, 9, 9, tzinfo=UTC),
    )
    response = hr_client.get(
        "/api/v1/sessions/?starts_from=2027-01-01T09:00:00%2B23:52"
    )
    assert listed_ids(response) == {at.pk, after.pk}


def test_an_ordinary_offset_filters_by_the_instant(hr_client, partner):
    # 2027-03-01T12:00+02:00 is 2027-03-01T10:00Z.
    _before, at, after = sessions_starting_at(
        partner,
        datetime(2027, 3, 1, 9, 59, tzinfo=UTC),
        datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
        datetime(2027, 3, 1, 11, 0, tzinfo=UTC),
    )
    response = hr_client.get(
        "/api/v1/sessions/?starts_from=2027-03-01T12:00:00%2B02:00"
    )
    assert listed_ids(response) == {at.pk, after.pk}


def test_a_filter_beside_paging_ordering_and_search_still_filters(hr_client, partner):
    online = CourseFactory(provider=partner, title="Teams", mode="online")
    CourseFactory(provider=partner, title="Teams i praksis", mode="classroom")
    response = hr_client.get(
        "/api/v1/courses/",
        {"page": 1, "page_size": 10, "ordering": "-title", "search": "Teams"},
    )
    assert len(listed_ids(response)) == 2
    response = hr_client.get(
        "/api/v1/courses/",
        {"page_size": 10, "ordering": "-title", "search": "Teams", "mode": "online"},
    )
    assert listed_ids(response) == {online.pk}


def test_a_bad_filter_value_beside_paging_is_refused(hr_client):
    response = hr_client.get("/api/v1/courses/", {"page_size": 10, "mode": "x"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_a_parameter_no_list_declares_is_ignored(hr_client, partner):
    course = CourseFactory(provider=partner)
    response = hr_client.get("/api/v1/courses/", {"colour": "blue"})
    assert listed_ids(response) == {course.pk}
