"""The JSON figures and the xlsx summary agree for every department of the demo."""

import pytest
from django.contrib.auth import get_user_model

from demo.seed import demo_build
from employees.models import Department
from tests.reports.conftest import workbook_of

PERIOD = {"from": "2026-01-01", "to": "2026-11-01"}


@pytest.fixture
def demo(db):
    demo_build()


def summary_of(client, **params):
    response = client.get(
        "/api/v1/reports/department-progress/", params, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    workbook, _content = workbook_of(response)
    sheet = workbook["Summary"]
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def json_of(client, **params):
    response = client.get("/api/v1/progress/departments/", params)
    assert response.status_code == 200
    return response.json()["results"]


def assert_agree(row, line):
    assert line["Department"] == row["name"]
    assert line["Code"] == row["code"]
    if row["suppressed"]:
        # Too few people for a viewer: no figure in either, "< 5" in the sheet.
        assert row["headcount"] is None and row["stages"] is None
        assert line["Headcount"] == "< 5"
        assert line["Not assessed (count)"] is None
        return
    assert line["Headcount"] == row["headcount"]
    for code, item in row["stages"].items():
        name = {
            "not_assessed": "Not assessed",
            "technology_user": "Technology user",
            "self_reliant_user": "Self-reliant user",
            "technology_proficient": "Technology-proficient",
            "digital_champion": "Digital champion",
        }[code]
        assert line[f"{name} (count)"] == item["count"]
        assert line[f"{name} (share)"] == pytest.approx(item["share"])
    assert line["Technology-proficient or higher"] == pytest.approx(
        row["proficient_share"]
    )
    assert line["Meeting target"] == pytest.approx(row["target_met_share"])
    assert line["Mean level"] == pytest.approx(row["mean_level"])
    assert line["Moved up a stage"] == row["moved_up"]
    assert line["Active enrollments"] == row["active_enrollments"]
    assert line["Completions"] == row["completions"]
    assert line["Verified practice tasks"] == row["practice_tasks_verified"]


@pytest.mark.parametrize("username", ["hr", "manager", "viewer", "hr2"])
def test_json_and_xlsx_agree_for_every_department(client, demo, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    rows = json_of(client, **PERIOD)
    lines = summary_of(client, **PERIOD)
    assert rows, "the demo user sees departments"
    assert len(lines) == len(rows)
    for row, line in zip(rows, lines, strict=True):
        assert_agree(row, line)


def test_every_demo_department_adds_up(client, demo):
    client.force_login(get_user_model().objects.get(username="hr"))
    rows = json_of(client, **PERIOD)
    assert sum(r["headcount"] for r in rows if r["parent"] is None) > 250
    own = {
        d.pk: d.employees.filter(is_active=True).count()
        for d in Department.objects.filter(pk__in=[r["department"] for r in rows])
    }
    for row in rows:
        children = [r["headcount"] for r in rows if r["parent"] == row["department"]]
        assert row["headcount"] == own[row["department"]] + sum(children)
        assert sum(s["count"] for s in row["stages"].values()) == row["headcount"]
    assert any(r["moved_up"] for r in rows)
    assert any(r["completions"] for r in rows)


def test_one_department_at_a_time_matches_the_whole(client, demo):
    client.force_login(get_user_model().objects.get(username="hr"))
    whole = {r["department"]: r for r in json_of(client, **PERIOD)}
    for department_id, row in list(whole.items())[:8]:
        (first, *_rest) = json_of(client, department=department_id, **PERIOD)
        assert first == row
