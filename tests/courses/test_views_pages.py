"""Course pages: bulk enrollment by HR."""

from django.urls import reverse

from courses.models import Enrollment
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
