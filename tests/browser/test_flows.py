"""The main flows in a real browser: each checks the page and the database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Enrollment, PracticeTaskSubmission
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_approves_a_request_and_reviews_a_practice_task(
    page, live_server, scene, manager
):
    sign_in(page, live_server.url, "manager")
    assert page.url.endswith("/dashboard/")
    assert page.locator("#stage-chart").is_visible()
    # Chart.js drew on the canvas: the vendored script ran under the CSP.
    page.wait_for_function("() => window.Chart && Chart.getChart('stage-chart')")
    # htmx decides in place: the item turns into the outcome, no reload.
    page.locator(f"#request-{scene.request.pk}").get_by_role(
        "button", name="Godkend"
    ).click()
    done = page.locator(f"#request-{scene.request.pk}.queue-done")
    assert "Bo Hansen: Tilmeldt." in done.inner_text()
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.ENROLLED

    review = page.locator(f"#review-{scene.submission.pk}")
    review.get_by_role("button", name="Send retur med note").click()
    # A return without a note: the error stands beside the note, in the item.
    error = page.locator(f"#note-{scene.submission.pk}_error")
    assert "Skriv hvad der mangler" in error.inner_text()
    review.get_by_label("Note til medarbejderen").fill("Godt set i praksis.")
    review.get_by_role("button", name="Godkend praksisopgaven").click()
    done = page.locator(f"#review-{scene.submission.pk}.queue-done")
    assert "er godkendt" in done.inner_text()
    scene.submission.refresh_from_db()
    assert scene.submission.status == PracticeTaskSubmission.Review.APPROVED
    assert scene.submission.review_note == "Godt set i praksis."
    assert page.csp_errors == []


def test_bulk_enroll_into_a_one_seat_session_shows_the_waitlist_first(
    page, live_server, scene, hr, department
):
    scene.session.capacity = 1
    scene.session.save()
    factories.EmployeeFactory(department=department, name="Dan Berg")
    sign_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}/courses/{scene.course.pk}/")
    page.locator(f"#session-{scene.session.pk}").get_by_role(
        "link", name="Tilmeld medarbejdere"
    ).click()
    page.get_by_label("Afdeling (med underafdelinger)").select_option(
        str(department.pk)
    )
    page.get_by_role("button", name="Find medarbejdere").click()
    page.wait_for_load_state()
    # Bo has asked already: shown, not offered. One seat: one ticked.
    assert "Bo Hansen" in page.locator("#already-enrolled").inner_text()
    assert page.get_by_label("Bo Hansen – Hjemmeplejen Nord").count() == 0
    assert page.locator("input[name=employees]:checked").count() == 1
    summary = page.locator("#seat-summary")
    assert "0 kommer på venteliste" in summary.inner_text()
    page.get_by_label("Dan Berg – Hjemmeplejen Nord").check()
    assert "1 af de 2 valgte får en plads, 1 kommer på venteliste" in (
        summary.inner_text()
    )
    page.get_by_role("button", name="Tilmeld de valgte medarbejdere").click()
    page.wait_for_load_state()
    assert "1 tilmeldt, 1 på venteliste, 0 afvist." in (
        page.locator("#bulk-tally").inner_text()
    )
    assert "1 af 1 pladser optaget" in page.locator("#seats").inner_text()
    waitlisted = Enrollment.objects.get(
        session=scene.session, status=Enrollment.Status.WAITLISTED
    )
    assert waitlisted.employee.name == "Dan Berg"


def test_an_employee_requests_a_course_and_submits_evidence_on_a_phone(
    page, phone, live_server, scene, employee, partner
):
    sign_in(page, live_server.url, "employee")
    page.goto(f"{live_server.url}/courses/")
    page.get_by_role("link", name="Dokumentation i omsorgssystemet").click()
    page.get_by_role("button", name="Anmod om en plads").click()
    page.wait_for_load_state()
    assert "Anmodet" in page.locator(".messages").inner_text()
    requested = Enrollment.objects.get(employee=employee, session=scene.session)
    assert requested.status == Enrollment.Status.REQUESTED

    # A course already under way whose practice task is due.
    running = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(
            course=factories.CourseFactory(
                provider=partner, title="Skærmbesøg", practice_task="Hold tre besøg."
            ),
            starts_at=timezone.now() + timedelta(days=2),
        ),
        status=Enrollment.Status.ENROLLED,
    )
    sign_in(phone, live_server.url, "employee")
    phone.goto(f"{live_server.url}/me/")
    item = phone.locator(f"#enrollment-{running.pk}")
    item.get_by_role("link", name="Indsend dokumentation for praksisopgaven").click()
    phone.get_by_role("button", name="Indsend dokumentation").click()
    phone.wait_for_load_state()
    assert phone.locator("#id_evidence_error").is_visible()
    phone.get_by_label("Hvad gjorde du i dit eget job?").fill("Tre skærmbesøg holdt.")
    phone.get_by_role("button", name="Indsend dokumentation").click()
    phone.wait_for_load_state()
    assert "Din leder vurderer" in phone.locator(".messages").inner_text()
    assert "Indsendt" in phone.locator(f"#enrollment-{running.pk}").inner_text()
    submission = PracticeTaskSubmission.objects.get(enrollment=running)
    assert submission.evidence == "Tre skærmbesøg holdt."
