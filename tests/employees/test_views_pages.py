"""Organisation pages: the employee list and departments."""

from django.urls import reverse

from employees.models import AccessGrant, Department
from tests import factories


def test_a_viewer_cannot_find_someone_by_employee_number(client, viewer, employee):
    client.force_login(viewer)
    response = client.get(reverse("employee_list"), {"q": employee.employee_number})
    assert response.status_code == 200
    assert employee.name not in response.content.decode()
    by_name = client.get(reverse("employee_list"), {"q": "Anna"})
    assert employee.name in by_name.content.decode()


def test_hr_can_find_someone_by_employee_number(client, hr, employee):
    client.force_login(hr)
    response = client.get(reverse("employee_list"), {"q": employee.employee_number})
    assert employee.name in response.content.decode()


def test_hr_below_the_root_can_rename_their_own_department(client, forvaltning):
    local_hr = factories.UserFactory(username="local-hr")
    factories.AccessGrantFactory(
        user=local_hr, department=forvaltning, kind=AccessGrant.Kind.HR
    )
    client.force_login(local_hr)
    url = reverse("department_edit", args=[forvaltning.pk])
    response = client.post(
        url,
        {"name": "Sundhed", "code": forvaltning.code, "parent": forvaltning.parent_id},
    )
    assert response.status_code == 302
    assert Department.objects.get(pk=forvaltning.pk).name == "Sundhed"


def test_a_viewer_sees_names_only_and_cannot_filter_by_department(
    client, viewer, employee
):
    client.force_login(viewer)
    page = client.get(reverse("employee_list")).content.decode()
    assert employee.name in page
    assert employee.department.name not in page.split("<tbody>")[1]
    filtered = client.get(
        reverse("employee_list"), {"department": employee.department_id}
    )
    assert employee.name not in filtered.content.decode()


def test_a_manager_filters_by_department(client, manager, employee):
    client.force_login(manager)
    filtered = client.get(
        reverse("employee_list"), {"department": employee.department_id}
    )
    assert employee.name in filtered.content.decode()
