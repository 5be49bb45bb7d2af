"""Defects found in review: each test failed before its fix."""

from django.urls import reverse

from courses.models import Enrollment
from courses.services import enrollment_create
from employees.models import AccessGrant, Department
from tests import factories


def test_bulk_enroll_refuses_ids_that_are_not_plain_numbers(
    client, hr, scene, department
):
    newcomer = factories.EmployeeFactory(department=department, name="Eva Ny")
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    response = client.post(url, {"employees": ["²", "9" * 20, str(newcomer.pk)]})
    assert response.status_code == 200
    # The whole form comes back with an error: nobody is placed, not even the
    # valid id, and only the plain-number ids are offered again.
    form = response.context["form"]
    assert "employees" in form.errors
    assert response.context["results"] is None
    assert list(form.fields["employees"].queryset) == [newcomer]
    assert not Enrollment.objects.filter(employee=newcomer).exists()
    assert list(
        Enrollment.objects.filter(session=scene.session).values_list(
            "employee", "status"
        )
    ) == [(scene.colleague.pk, Enrollment.Status.REQUESTED)]


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


def test_hr_placing_themself_on_a_course_only_requests_it(hr, department):
    own_record = factories.EmployeeFactory(department=department, user=hr)
    session = factories.CourseSessionFactory()
    enrollment = enrollment_create(employee=own_record, session=session, actor=hr)
    assert enrollment.status == Enrollment.Status.REQUESTED


def test_bulk_enroll_refuses_an_id_past_a_database_integer(
    client, hr, scene, department
):
    newcomer = factories.EmployeeFactory(department=department, name="Eva Ny")
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    response = client.post(url, {"employees": ["9" * 20, str(newcomer.pk)]})
    assert response.status_code == 200
    assert "employees" in response.context["form"].errors
    assert not Enrollment.objects.filter(employee=newcomer).exists()
