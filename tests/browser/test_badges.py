"""The public verification page of a badge in Chromium: no sign-in, no script
errors, no CSP violations, and axe-core's WCAG 2.1 A/AA rules pass for a
valid, a revoked and an expired badge, and for the badges on a person's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials import services
from credentials.models import Badge
from tests import factories
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def badges(employee, partner, hr):
    course = factories.CourseFactory(
        provider=partner,
        title="Velfærdsteknologi i praksis",
        practice_task="Afprøv en skærmløsning hos tre borgere.",
    )
    factories.CourseOutcomeFactory(course=course)
    valid = services.badge_award(
        employee=employee, course=course, awarded_at=timezone.now()
    )
    revoked = services.badge_award(
        employee=employee, stage="technology_proficient", awarded_at=timezone.now()
    )
    services.badge_revoke(badge=revoked, revoked_by=hr, reason="Fejl")
    other = factories.EmployeeFactory(department=employee.department)
    expired = services.badge_award(
        employee=other, course=course, awarded_at=timezone.now() - timedelta(days=9)
    )
    Badge.objects.filter(pk=expired.pk).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    return {"valid": valid, "revoked": revoked, "expired": expired}


def _watch(page) -> list[str]:
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    return errors


@pytest.mark.parametrize("width", [1280, 390])
def test_the_verification_page_works_without_errors_and_passes_axe(
    chromium, live_server, badges, width
):
    context = chromium.new_context(
        bypass_csp=True, locale="da-DK", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    errors = _watch(page)
    found = {}
    for state, badge in badges.items():
        page.goto(live_server.url + reverse("badge_page", args=[badge.uuid]))
        assert page.locator(f".status-{state}").first.is_visible(), state
        problems = _violations(page)
        if problems:
            found[state] = problems
    context.close()
    assert errors == []
    assert found == {}


def test_the_page_keeps_its_content_security_policy(page, live_server, badges):
    errors = _watch(page)
    page.goto(live_server.url + reverse("badge_page", args=[badges["valid"].uuid]))
    page.get_by_role("heading", name="Velfærdsteknologi i praksis").wait_for()
    assert page.csp_errors == [] and errors == []


def test_the_badges_on_a_persons_page_pass_axe(chromium, live_server, badges, employee):
    context = chromium.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    errors = _watch(page)
    found = {}
    for username in ("employee", "hr"):
        context.clear_cookies()
        sign_in(page, live_server.url, username)
        page.goto(live_server.url + reverse("employee_detail", args=[employee.pk]))
        page.locator(f"#badge-{badges['valid'].uuid}").wait_for()
        problems = _violations(page)
        if problems:
            found[username] = problems
    context.close()
    assert errors == []
    assert found == {}
