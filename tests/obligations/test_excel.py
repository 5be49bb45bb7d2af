"""The compliance workbook says what the JSON says; typed text stays text."""

from obligations import services
from tests.api.conftest import session_client
from tests.obligations.conftest import EARLY
from tests.reports.conftest import workbook_of


def sheet_rows(workbook, name):
    sheet = workbook[name]
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_workbook_equals_json(tree, hr):
    client = session_client(hr)
    params = {"at": EARLY.isoformat()}
    body = client.get("/api/v1/progress/requirements/", params).json()
    response = client.get(
        "/api/v1/reports/compliance/", params, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    workbook, _content = workbook_of(response)
    lines = sheet_rows(workbook, "Requirements")
    assert len(lines) == len(body["results"])
    names = {
        tree.security.pk: "Informationssikkerhed",
        tree.system.pk: "Omsorgssystemet",
    }
    for row, line in zip(body["results"], lines, strict=True):
        assert line["Requirement"] == names[row["requirement"]]
        assert line["Department"] == row["name"]
        assert line["People"] == row["headcount"]
        for key, label in (
            ("met", "Met"),
            ("not_due", "Not due"),
            ("due", "Due"),
            ("overdue", "Overdue"),
            ("exempt", "Exempt"),
        ):
            assert line[label] == row["statuses"][key]["count"]
            assert line[f"{label} (share)"] == row["statuses"][key]["share"]
    people = sheet_rows(workbook, "People")
    assert len(people) == 7 + 3


def test_typed_text_cannot_become_a_formula(tree, hr):
    services.requirement_update(
        requirement=tree.security, actor=hr, name='=HYPERLINK("x")'
    )
    response = session_client(hr).get("/api/v1/reports/compliance/")
    workbook, _content = workbook_of(response)
    first = workbook.worksheets[0]["A2"]
    assert first.value.startswith("'=")
    assert first.data_type == "s"


def test_viewers_get_no_person_sheet(tree, viewer):
    response = session_client(viewer).get("/api/v1/reports/compliance/")
    workbook, _content = workbook_of(response)
    assert "People" not in workbook.sheetnames


def test_demo_json_equals_workbook_for_every_department(db):
    from django.contrib.auth import get_user_model

    from demo.seed import demo_build

    demo_build()
    hr = get_user_model().objects.get(username="hr")
    client = session_client(hr)
    body = client.get("/api/v1/progress/requirements/").json()
    statuses_seen = set()
    for row in body["results"]:
        counts = {k: v["count"] for k, v in row["statuses"].items()}
        assert sum(counts.values()) == row["headcount"]
        statuses_seen |= {k for k, v in counts.items() if v}
    # The demo shows every status.
    assert statuses_seen == {"met", "not_due", "due", "overdue", "exempt"}
    response = client.get("/api/v1/reports/compliance/", HTTP_ACCEPT_LANGUAGE="en")
    workbook, _content = workbook_of(response)
    lines = sheet_rows(workbook, "Requirements")
    assert len(lines) == len(body["results"])
    for row, line in zip(body["results"], lines, strict=True):
        assert (line["Department"], line["People"]) == (row["name"], row["headcount"])
        for key, label in (
            ("met", "Met"),
            ("not_due", "Not due"),
            ("due", "Due"),
            ("overdue", "Overdue"),
            ("exempt", "Exempt"),
        ):
            assert line[label] == row["statuses"][key]["count"]
    campaign = sheet_rows(workbook, "Campaigns")
    (campaign_id,) = {
        r["campaign"]
        for r in client.get("/api/v1/campaigns/").json()["results"]
        for r in [{"campaign": r["id"]}]
    }
    rows = client.get(f"/api/v1/progress/campaigns/{campaign_id}/").json()["results"]
    assert len(campaign) == len(rows)
    tried = [r for r in rows if r["tried"]["all"]["count"]]
    assert tried
    for row, line in zip(rows, campaign, strict=True):
        assert line["Managers tried"] == row["tried"]["managers"]["count"]
        assert line["Staff tried"] == row["tried"]["staff"]["count"]
        assert line["All (share)"] == row["tried"]["all"]["share"]
