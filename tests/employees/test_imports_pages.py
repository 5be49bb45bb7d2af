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
