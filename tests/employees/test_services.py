"""The organisation's write rules hold on every channel: page, API, admin, import.

Each rule has one owner (employees.services); these tests write through each
channel a user has and expect the same answer from all of them.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from employees import services
from employees.models import Department, Employee, JobRole
from tests import factories
from tests.api.conftest import session_client
from tests.employees.imports_files import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(municipality):
    return factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class TestRoleNamesIgnoreCase:
    """With "Sygeplejerske" saved, "sygeplejerske" is the same role everywhere."""

    def test_the_page_refuses_it(self, client, hr, nurse, municipality):
        client.force_login(hr)
        response = client.post(
            reverse("role_create"),
            {
                "municipality": municipality.pk,
                "name": "sygeplejerske",
                "description": "",
                "profile-TOTAL_FORMS": "0",
                "profile-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "name" in response.context["form"].errors
        assert JobRole.objects.count() == 1

    def test_the_api_refuses_it_with_a_stable_code(self, hr, nurse, municipality):
        response = session_client(hr).post(
            "/api/v1/roles/",
            {"municipality": municipality.pk, "name": "SYGEPLEJERSKE"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "name"
        assert response.json()["errors"][0]["code"] == "role_name_taken"
        assert JobRole.objects.count() == 1

    def test_the_api_refuses_a_rename_onto_it(self, hr, nurse, municipality):
        other = factories.JobRoleFactory(municipality=municipality, name="Pædagog")
        response = session_client(hr).patch(
            f"/api/v1/roles/{other.pk}/", {"name": "sygeplejerske"}, format="json"
        )
        assert response.status_code == 400
        other.refresh_from_db()
        assert other.name == "Pædagog"

    def test_the_import_takes_it_as_the_saved_role(self, hr, nurse, department):
        workbook = xlsx_bytes(
            {
                "Stillinger": [["Stilling", "Beskrivelse"], ["SYGEPLEJERSKE", ""]],
                "Medarbejdere": [
                    ["Medarbejdernummer", "Navn", "Afdelingskode", "Stilling"],
                    ["5001", "Ida Holm", department.code, "sygeplejerske"],
                ],
            }
        )
        upload = {"file": _upload(workbook), "dry_run": "false"}
        response = session_client(hr).post(
            "/api/v1/imports/employees/", upload, format="multipart"
        )
        assert response.status_code == 201, response.json()
        assert list(JobRole.objects.values_list("name", flat=True)) == ["Sygeplejerske"]
        assert Employee.objects.get(employee_number="5001").job_role == nurse

    def test_the_admin_refuses_it(self, client, nurse, municipality):
        root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
        client.force_login(root)
        response = client.post(
            reverse("admin:employees_jobrole_add"),
            {
                "municipality": municipality.pk,
                "name": "sygeplejerske",
                "description": "",
                "profile-TOTAL_FORMS": "0",
                "profile-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "name" in response.context["adminform"].form.errors
        assert JobRole.objects.count() == 1

    def test_danish_letters_fold_on_every_database(self, municipality):
        services.role_create(municipality=municipality, name="Økonomimedarbejder")
        with pytest.raises(services.ValidationError) as refused:
            services.role_create(municipality=municipality, name="øKONOMIMEDARBEJDER")
        assert refused.value.error_dict["name"][0].code == "role_name_taken"


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "hr.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class TestDepartmentCodes:
    def test_put_with_a_code_in_use_is_a_400_not_a_500(
        self, hr, municipality, forvaltning
    ):
        factories.DepartmentFactory(parent=municipality, code="TAKEN")
        response = session_client(hr).put(
            f"/api/v1/departments/{municipality.pk}/",
            {"name": municipality.name, "code": "TAKEN"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["code"] == "department_code_taken"
        municipality.refresh_from_db()
        assert municipality.code == "K001"

    def test_patch_of_a_department_below_is_refused_the_same_way(
        self, hr, department, forvaltning
    ):
        response = session_client(hr).patch(
            f"/api/v1/departments/{department.pk}/",
            {"code": forvaltning.code},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "code"
        assert Department.objects.filter(code=forvaltning.code).count() == 1


class TestEmploymentEnd:
    """An end date in the past means the person has left, on every channel."""

    def test_the_page_deactivates(self, client, hr, employee):
        client.force_login(hr)
        response = client.post(
            reverse("employee_edit", args=[employee.pk]),
            {
                "employee_number": employee.employee_number,
                "name": employee.name,
                "department": employee.department_id,
                "employment_end": "2020-01-31",
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        employee.refresh_from_db()
        assert employee.is_active is False

    def test_the_api_deactivates(self, hr, employee):
        response = session_client(hr).patch(
            f"/api/v1/employees/{employee.pk}/",
            {
                "employment_start": "2019-01-01",
                "employment_end": "2020-01-31",
                "is_active": True,
            },
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["is_active"] is False


class TestAdminScope:
    """HR let into the admin act within their grants, as everywhere else."""

    @pytest.fixture
    def forvaltning_hr(self, client, forvaltning):
        user = factories.UserFactory(username="fhr", is_staff=True)
        factories.AccessGrantFactory(user=user, department=forvaltning, kind="hr")
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="employees")
        )
        client.force_login(user)
        return client

    def test_forvaltning_hr_reads_roles_but_cannot_change_them(
        self, forvaltning_hr, nurse
    ):
        change = reverse("admin:employees_jobrole_change", args=[nurse.pk])
        page = forvaltning_hr.get(change)
        assert page.status_code == 200
        assert 'name="name"' not in page.content.decode()
        posted = forvaltning_hr.post(
            change,
            {
                "name": "Omdøbt",
                "profile-TOTAL_FORMS": "0",
                "profile-INITIAL_FORMS": "0",
            },
        )
        assert posted.status_code == 403
        nurse.refresh_from_db()
        assert nurse.name == "Sygeplejerske"

    def test_a_user_of_another_municipality_cannot_be_linked(
        self, forvaltning_hr, employee, other_hr
    ):
        change = reverse("admin:employees_employee_change", args=[employee.pk])
        data = {
            "name": employee.name,
            "employee_number": employee.employee_number,
            "department": employee.department_id,
            "user": other_hr.pk,
            "is_active": "on",
        }
        response = forvaltning_hr.post(change, data)
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        employee.refresh_from_db()
        assert employee.user_id != other_hr.pk

    def test_a_user_of_another_municipality_gets_no_grant(
        self, forvaltning_hr, forvaltning, other_hr
    ):
        response = forvaltning_hr.post(
            reverse("admin:employees_accessgrant_add"),
            {"user": other_hr.pk, "department": forvaltning.pk, "kind": "viewer"},
        )
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        assert not other_hr.access_grants.filter(department=forvaltning).exists()
