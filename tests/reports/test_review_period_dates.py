"""Review: dates at the edge of the calendar are a 400, never a 500."""

import pytest

URLS = [
    "/api/v1/progress/departments/",
    "/api/v1/reports/department-progress/",
    "/api/v1/reports/course-activity/",
]
PERIODS = [
    {"to": "0001-01-01"},
    {"from": "0001-01-01", "to": "0001-01-02"},
    {"to": "9999-12-31"},
    {"from": "9999-12-31", "to": "9999-12-31"},
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("period", PERIODS)
def test_out_of_range_dates_are_a_validation_error(client, hr, url, period):
    client.force_login(hr)
    response = client.get(url, period)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_ordinary_dates_still_work(client, hr, municipality):
    client.force_login(hr)
    response = client.get(URLS[0], {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.status_code == 200
    assert response.json()["from"] == "2025-01-01"
