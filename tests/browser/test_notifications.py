"""The manager sees open work counted in the navigation and reaches a request
from the link in its mail (a real SMTP server, a real browser)."""

import re

import pytest

from courses import services
from courses.models import Enrollment
from tests.browser.conftest import sign_in
from tests.mailserver import text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_follows_the_mail_to_the_request(
    page,
    live_server,
    scene,
    manager,
    employee,
    smtp,
    settings,
):
    settings.KYNDIG_BASE_URL = live_server.url
    request = services.enrollment_request(
        employee=employee, session=scene.session, requested_by=employee.user
    )
    (mail,) = smtp.to("manager@example.dk")
    link = re.search(r"Godkend eller afvis: (\S+)", text_of(mail)).group(1)
    assert link.startswith(live_server.url)

    sign_in(page, live_server.url, "manager")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    # Two requests (the scene's colleague asked too) and one practice task.
    assert menu.get_by_role("link", name="Opgaver 3").is_visible()
    assert menu.get_by_role("link", name="Notifikationer 1").is_visible()

    page.goto(link)
    row = page.locator(f"#enrollment-{request.pk}")
    assert row.is_visible()
    assert "Dokumentation i omsorgssystemet" in row.inner_text()
    row.locator("summary").click()
    row.get_by_label("Begrundelse til medarbejderen").fill("Vent til foråret.")
    row.get_by_role("button", name="Afvis anmodningen").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == Enrollment.Status.REJECTED
    assert request.decision_note == "Vent til foråret."
    assert (
        page.get_by_role("navigation", name="Hovedmenu")
        .get_by_role("link", name="Opgaver 2")
        .is_visible()
    )
    (rejected,) = smtp.to(employee.work_email)
    assert "Vent til foråret." in text_of(rejected)
    assert page.csp_errors == []
