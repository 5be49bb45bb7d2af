"""Dates at the edge of the calendar are a 400, never a 500."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

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


@pytest.mark.parametrize("period", PERIODS)
def test_the_dashboard_shows_the_error_and_the_default_period(client, hr, period):
    client.force_login(hr)
    params = {f"date_{name}": value for name, value in period.items()}
    response = client.get("/dashboard/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and 2999-12-31." in response.content.decode()
    assert response.context["date_to"] == timezone.localdate()


def test_the_dashboard_accepts_the_first_day_it_knows(client, hr, municipality):
    client.force_login(hr)
    response = client.get("/dashboard/", {"date_to": "1900-01-01"})
    assert response.status_code == 200
    assert response.context["date_from"] == date(1900, 1, 1)


@pytest.mark.parametrize("period", PERIODS)
def test_export_report_refuses_the_dates_and_writes_nothing(db, tmp_path, period):
    args = [f"--{name}={value}" for name, value in period.items()]
    with (
        pytest.raises(CommandError, match="Give a date between"),
        translation.override("en"),
    ):
        call_command(
            "export_report",
            "department-progress",
            *args,
            "--output",
            str(tmp_path / "r.xlsx"),
            "--language",
            "en",
        )
    assert not list(tmp_path.iterdir())
