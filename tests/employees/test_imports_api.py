from django.core.files.uploadedfile import SimpleUploadedFile

from employees.models import Employee
from tests.employees.imports_files import (
    csv_bytes,
    damaged_xlsx,
    english,  # noqa: F401 (autouse)
)

URL = "/api/v1/imports/employees/"
ROWS = [["1001", "Anna Hansen", "anna@kommune.dk", "HJN", "", "", "", ""]]


def upload(client, data, **fields):
    return client.post(
        URL,
        {"file": SimpleUploadedFile("hr.csv", data), **fields},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_hr_dry_runs_then_applies(client, hr, department):
    client.force_login(hr)
    response = upload(client, csv_bytes(ROWS))
    assert response.status_code == 200
    assert response.json()["counts"]["employees"]["create"] == 1
    assert not Employee.objects.exists()
    response = upload(client, csv_bytes(ROWS), dry_run="false")
    assert response.status_code == 201
    assert response.json()["applied"] is True
    assert Employee.objects.get().name == "Anna Hansen"


def test_an_invalid_file_answers_a_problem_with_each_row_error(client, hr, department):
    client.force_login(hr)
    rows = [*ROWS, ["1002", "Bo", "bo@", "HJN", "", "", "", ""]]
    response = upload(client, csv_bytes(rows), dry_run="false")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["type"] == "urn:kyndig:problem:import_invalid"
    assert body["title"] == "The import file cannot be imported."
    assert body["detail"] == "1 row error(s); nothing was imported."
    assert body["report"]["applied"] is False
    assert body["errors"] == [
        {
            "field": "E-mail",
            "code": "invalid",
            "message": "'bo@' is not a valid email address.",
            "sheet": "csv",
            "row": 3,
        }
    ]
    assert not Employee.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_a_400_not_a_500(client, hr):
    client.force_login(hr)
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\x00")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The file is not a spreadsheet. Upload an .xlsx or .csv file."
    )


def test_a_damaged_workbook_is_a_400_not_a_500(client, hr, department):
    client.force_login(hr)
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("hr.xlsx", damaged_xlsx()), "dry_run": "false"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["detail"] == (
        "The file is damaged and cannot be unpacked. Save it again as .xlsx and "
        "upload the new file."
    )
    assert not Employee.objects.exists()


def test_a_manager_may_not_import(client, manager, department):
    client.force_login(manager)
    assert upload(client, csv_bytes(ROWS)).status_code == 403


def test_hr_of_another_municipality_cannot_import_here(client, other_hr, department):
    client.force_login(other_hr)
    response = upload(client, csv_bytes(ROWS), dry_run="false")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Unknown department code HJN."
    assert not Employee.objects.exists()


def test_anonymous_callers_are_refused(client, db):
    assert upload(client, csv_bytes(ROWS)).status_code == 401


def test_a_misspelt_dry_run_is_refused_and_writes_nothing(client, hr, department):
    client.force_login(hr)
    response = upload(client, csv_bytes(ROWS), dry_run="flase")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "dry_run"
    assert not Employee.objects.exists()


def test_danish_yes_and_no_are_understood(client, hr, department):
    client.force_login(hr)
    assert upload(client, csv_bytes(ROWS), dry_run="Ja").status_code == 200
    assert not Employee.objects.exists()
    assert upload(client, csv_bytes(ROWS), dry_run="nej").status_code == 201
    assert Employee.objects.get().name == "Anna Hansen"


def test_a_missing_file_is_named(client, hr, department):
    client.force_login(hr)
    response = client.post(URL, {"dry_run": "true"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "file", "code": "required", "message": "Attach the file to import."}
    ]
