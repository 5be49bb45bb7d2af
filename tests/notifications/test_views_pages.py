"""The notification list, preferences page, rejection reasons on pages and the
counts in the navigation (notifications.views.pages)."""

import pytest
from django.urls import reverse

from courses.models import Enrollment
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_navigation_counts_the_managers_open_work(client, scene, manager):
    client.force_login(manager)
    menu = client.get(reverse("catalogue")).context["menu_items"]
    items = {item["name"]: item for item in menu}
    # One request and one practice task, both in the manager's queue.
    assert items["queue"]["count"] == 2
    assert items["queue"]["url"] == reverse("work_queue")
    html = client.get(reverse("catalogue")).content.decode()
    assert 'Opgaver <span class="count">2</span>' in html


def test_the_list_shows_own_notifications_and_marks_them_read(
    client, scene, manager, employee
):
    from courses import services

    services.enrollment_request(
        employee=employee, session=scene.session, requested_by=employee.user
    )
    client.force_login(manager)
    page = client.get(reverse("notification_list"))
    notification = Notification.objects.get(recipient=manager)
    html = page.content.decode()
    assert f'id="notification-{notification.pk}" class="unread"' in html
    assert "Anna Jensen beder om en plads" in html
    assert 'Notifikationer <span class="count">1</span>' in html

    client.post(reverse("notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.force_login(employee.user)
    assert (
        client.post(reverse("notification_read", args=[notification.pk])).status_code
        == 404
    )


def test_mark_all_as_read(client, scene, manager, employee):
    from courses import services

    services.enrollment_request(
        employee=employee, session=scene.session, requested_by=employee.user
    )
    client.force_login(manager)
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(read_at=None).exists()


def test_preferences_page_saves_and_switches_the_language(client, manager, employee):
    client.force_login(employee.user)
    page = client.get(reverse("notification_preferences"))
    assert "requests_mail" not in page.content.decode()  # not a lead
    client.force_login(manager)
    assert (
        "requests_mail"
        in client.get(reverse("notification_preferences")).content.decode()
    )
    response = client.post(
        reverse("notification_preferences"),
        {"language": "en", "requests_mail": "daily"},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    preferences = manager.notification_preferences
    assert preferences.reminders is False  # an unticked box
    assert preferences.requests_mail == "daily"


def test_a_manager_rejects_with_a_reason_on_the_employees_page(
    client, scene, manager, events
):
    page = reverse("employee_detail", args=[scene.colleague.pk])
    client.force_login(manager)
    html = client.get(page).content.decode()
    assert f'action="/enrollments/{scene.request.pk}/reject/"' in html
    client.post(
        reverse("enrollment_reject", args=[scene.request.pk]),
        {"reason": "Ikke i år.", "next": page},
    )
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REJECTED
    assert scene.request.decision_note == "Ikke i år."
    assert events.of("enrollment_rejected")[0]["reason"] == "Ikke i år."


def test_the_reject_api_takes_an_optional_reason(scene, manager):
    from tests.api.conftest import session_client

    client = session_client(manager)
    response = client.post(
        f"/api/v1/enrollments/{scene.request.pk}/reject/",
        {"reason": "Holdet er for avanceret."},
    )
    assert response.status_code == 200
    assert response.json()["decision_note"] == "Holdet er for avanceret."
    other = factories.EnrollmentFactory(
        employee=scene.colleague,
        status=Enrollment.Status.REQUESTED,
        session=factories.CourseSessionFactory(),
    )
    without_body = client.post(f"/api/v1/enrollments/{other.pk}/reject/")
    assert without_body.status_code == 200
    assert without_body.json()["decision_note"] == ""
    too_long = factories.EnrollmentFactory(
        employee=scene.colleague,
        status=Enrollment.Status.REQUESTED,
        session=factories.CourseSessionFactory(),
    )
    refused = client.post(
        f"/api/v1/enrollments/{too_long.pk}/reject/", {"reason": "x" * 2001}
    )
    assert refused.status_code == 400
