"""The manager's queue: oldest first with age, decided in place (htmx) or by a
plain form post."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment, PracticeTaskSubmission
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _request(scene, name, days_ago):
    colleague = factories.EmployeeFactory(department=scene.colleague.department)
    colleague.name = name
    colleague.save()
    return factories.EnrollmentFactory(
        employee=colleague,
        session=scene.session,
        status=Enrollment.Status.REQUESTED,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_queue_lists_the_oldest_request_first_with_its_age(client, scene, manager):
    old = _request(scene, "Ældste Anmoder", days_ago=12)
    client.force_login(manager)
    response = client.get(reverse("work_queue"))
    html = response.content.decode()
    items = response.context["requests"]
    assert [item["enrollment"] for item in items] == [old, scene.request]
    assert items[0]["age"] == 12
    assert "Venter 12 dage" in html
    assert html.index(f'id="request-{old.pk}"') < html.index(
        f'id="request-{scene.request.pk}"'
    )
    assert f'id="review-{scene.submission.pk}"' in html


def test_employees_and_viewers_have_no_queue(client, scene, employee, viewer):
    for user in (employee.user, viewer):
        client.force_login(user)
        assert client.get(reverse("work_queue")).status_code == 404


def test_the_dashboard_starts_with_the_open_work(client, scene, manager):
    client.force_login(manager)
    html = client.get(reverse("dashboard")).content.decode()
    assert html.index('id="work-heading"') < html.index('id="stage-chart"')
    assert f'id="request-{scene.request.pk}"' in html


def test_an_htmx_approval_answers_only_the_item(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_approve", args=[scene.request.pk])
    response = client.post(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<li class="queue-item queue-done" id="request-')
    assert "Bo Hansen: Tilmeldt." in html
    assert "<html" not in html
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.ENROLLED


def test_a_plain_approval_returns_to_the_page_it_came_from(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_approve", args=[scene.request.pk])
    response = client.post(url, {"next": "/queue/"})
    assert response.status_code == 302
    assert response["Location"] == "/queue/"


def test_a_rejection_takes_an_optional_reason(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_reject", args=[scene.request.pk])
    response = client.post(url, {"reason": " Holdet er for fagligt tungt. "}, **HTMX)
    assert "Bo Hansen: Afvist." in response.content.decode()
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REJECTED
    assert scene.request.decision_note == "Holdet er for fagligt tungt."
    assert scene.request.decided_at is not None


def test_a_rejection_without_a_reason_stores_no_note(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_reject", args=[scene.request.pk])
    client.post(url, {"next": "/queue/"})
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REJECTED
    assert scene.request.decision_note == ""


def test_a_too_long_reason_comes_back_beside_its_field(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_reject", args=[scene.request.pk])
    response = client.post(url, {"reason": "x" * 2001}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="reason-{scene.request.pk}_error"' in html
    assert "<details open>" in html
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REQUESTED


def test_a_return_without_note_shows_the_error_in_the_item(client, scene, manager):
    client.force_login(manager)
    url = reverse("practice_task_review", args=[scene.submission.pk])
    response = client.post(url, {"decision": "return", "note": " "}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<li")
    error = f'id="note-{scene.submission.pk}_error"'
    assert error in html
    assert 'aria-invalid="true"' in html
    scene.submission.refresh_from_db()
    assert scene.submission.status == PracticeTaskSubmission.Review.SUBMITTED


def test_without_javascript_the_error_is_beside_the_field_on_the_queue(
    client, scene, manager
):
    client.force_login(manager)
    url = reverse("practice_task_review", args=[scene.submission.pk])
    response = client.post(url, {"decision": "return", "note": ""})
    assert response.status_code == 422
    html = response.content.decode()
    item = html[html.index(f'id="review-{scene.submission.pk}"') :]
    assert "Skriv hvad der mangler" in item[: item.index("</li>")]


def test_a_refusal_by_the_service_shows_in_the_item(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_approve", args=[scene.request.pk])
    client.post(url, **HTMX)
    response = client.post(url, **HTMX)
    assert response.status_code == 422
    assert "Kun en anmodet tilmelding kan godkendes." in response.content.decode()


def test_an_htmx_decision_updates_the_counts_out_of_band(client, scene, manager):
    client.force_login(manager)
    page = client.get(reverse("work_queue")).content.decode()
    assert '<span class="count" id="request-count">1</span>' in page
    url = reverse("enrollment_approve", args=[scene.request.pk])
    html = client.post(url, **HTMX).content.decode()
    assert '<span class="count" id="request-count" hx-swap-oob="true">0</span>' in html
    assert '<span class="count" id="review-count" hx-swap-oob="true">1</span>' in html


def test_the_managers_own_evidence_takes_no_place_in_their_queue(scene, manager):
    # A manager goes first and submits evidence too; the oldest item of their
    # list is then their own, which they may not review: it must not use up
    # the queue's places and leave it short.
    from courses.selectors import practice_tasks_to_review

    me = factories.EmployeeFactory(user=manager, department=scene.colleague.department)
    factories.PracticeTaskSubmissionFactory(
        enrollment__employee=me,
        enrollment__session=scene.session,
        submitted_at=timezone.now() - timedelta(days=30),
    )
    assert practice_tasks_to_review(user=manager, limit=1) == [scene.submission]
