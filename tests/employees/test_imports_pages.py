from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.models import Employee, EmployeeImport
from tests.employees.imports_files import (
    csv_bytes,
    damaged_xlsx,
    english,  # noqa: F401 (autouse)
)

ROWS = [["1001", "Anna Hansen", "anna@kommune.dk", "HJN", "", "", "", ""]]


def upload(client, data, name="hr.csv"):
    return client.post(
        reverse("employee_import"),
        {"file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_hr_uploads_previews_and_confirms(client, hr, department):
    client.force_login(hr)
    response = upload(client, csv_bytes(ROWS))
    assert response.status_code == 302
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert preview.status_code == 200
    assert b"1001" in preview.content and b"Confirm import" in preview.content
    assert not Employee.objects.exists()
    pending = EmployeeImport.objects.get()
    confirmed = client.post(reverse("employee_import_confirm", args=[pending.pk]))
    assert confirmed.status_code == 302
    assert Employee.objects.get().name == "Anna Hansen"
    pending.refresh_from_db()
    assert pending.applied_at is not None and bytes(pending.content) == b""


def test_the_preview_lists_errors_and_offers_no_confirm(client, hr, department):
    client.force_login(hr)
    rows = [["1001", "Anna", "anna@", "HJN", "", "", "", ""]]
    preview = client.get(upload(client, csv_bytes(rows))["Location"])
    assert preview.status_code == 400
    pending = EmployeeImport.objects.get()
    assert "anna@" in preview.content.decode()
    confirm_url = reverse("employee_import_confirm", args=[pending.pk])
    assert confirm_url not in preview.content.decode()
    client.post(reverse("employee_import_confirm", args=[pending.pk]))
    assert not Employee.objects.exists()


def test_a_damaged_workbook_is_shown_as_the_files_error(client, hr, department):
    client.force_login(hr)
    preview = client.get(
        upload(client, damaged_xlsx(), name="hr.xlsx")["Location"],
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert preview.status_code == 400
    assert "The file is damaged and cannot be unpacked." in preview.content.decode()
    pending = EmployeeImport.objects.get()
    confirm_url = reverse("employee_import_confirm", args=[pending.pk])
    assert confirm_url not in preview.content.decode()
    assert client.post(confirm_url).status_code == 400
    assert not Employee.objects.exists()


def test_another_hr_user_cannot_see_my_upload(client, hr, other_hr, department):
    client.force_login(hr)
    upload(client, csv_bytes(ROWS))
    pending = EmployeeImport.objects.get()
    client.force_login(other_hr)
    url = reverse("employee_import_preview", args=[pending.pk])
    assert client.get(url).status_code == 404
    confirm = reverse("employee_import_confirm", args=[pending.pk])
    assert client.post(confirm).status_code == 404
    assert not Employee.objects.exists()


def test_a_manager_has_no_import_page(client, manager):
    client.force_login(manager)
    assert client.get(reverse("employee_import")).status_code == 404


def test_the_preview_names_people_and_shows_before_and_after(
    client, hr, department, forvaltning
):
    from tests import factories

    factories.EmployeeFactory(
        employee_number="1002", name="Bo Berg", department=forvaltning
    )
    client.force_login(hr)
    rows = [
        ["1001", "Anna Hansen", "anna@kommune.dk", "HJN", "", "", "", ""],
        ["1002", "Bo Berg", "", "HJN", "", "", "", ""],
    ]
    location = upload(client, csv_bytes(rows))["Location"]
    preview = client.get(location, HTTP_ACCEPT_LANGUAGE="da")
    html = preview.content.decode()
    assert "Anna Hansen" in html and "Ny medarbejder" in html
    # Bo moves: his department code before and after, with a Danish label.
    bo = html[html.index("Bo Berg") :]
    bo = bo[: bo.index("</tr>")]
    assert "Flytter til en anden afdeling" in bo
    assert "Afdelingskode:" in bo
    assert "<del>SUN</del> → <ins>HJN</ins>" in bo
    # The counts are a small table, in Danish.
    counts = dict(preview.context["summary"])
    assert counts["Ny medarbejder"] == 1
    assert counts["Flytter til en anden afdeling"] == 1


def test_hr_downloads_a_template_with_the_documented_columns(client, hr):
    import io

    from openpyxl import load_workbook

    client.force_login(hr)
    response = client.get(reverse("employee_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Medarbejdere", "Afdelinger", "Stillinger"]
    header = [cell.value for cell in workbook["Medarbejdere"][1]]
    assert header == [
        "Medarbejdernummer",
        "Navn",
        "E-mail",
        "Afdelingskode",
        "Stilling",
        "Leder",
        "Ansat fra",
        "Ansat til",
    ]
    assert workbook["Medarbejdere"]["A1"].comment.text
