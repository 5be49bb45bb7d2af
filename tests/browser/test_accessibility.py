"""axe-core's WCAG 2.1 A/AA rules on the main pages, desktop and phone.

axe is a test-only file (tests/browser/vendor); the test context bypasses the
CSP only to inject it, the pages themselves are served with their policy.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from courses.models import Enrollment
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-4.10.2.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_main_pages_pass_wcag_aa_rules(
    chromium, live_server, scene, manager, hr, employee, width
):
    context = chromium.new_context(
        bypass_csp=True, locale="da-DK", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    running = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=scene.course),
        status=Enrollment.Status.ENROLLED,
    )
    application = factories.FundApplicationLineFactory(
        enrollment=running, application__course=scene.course
    ).application
    found = {}
    visits = [
        (None, reverse("login")),
        ("manager", reverse("dashboard")),
        ("manager", reverse("employee_detail", args=[employee.pk])),
        ("employee", reverse("catalogue")),
        ("employee", reverse("course_detail", args=[scene.course.pk])),
        ("employee", reverse("evidence_submit", args=[running.pk])),
        ("employee", reverse("self_assessment_create", args=[employee.pk])),
        ("employee", reverse("funding_detail", args=[application.pk])),
        ("hr", reverse("session_bulk_enroll", args=[scene.session.pk])),
        ("hr", reverse("employee_create")),
        ("hr", reverse("funding_create")),
        ("hr", reverse("funding_list")),
        ("hr", reverse("funding_figures")),
    ]
    signed_in = None
    for username, path in visits:
        if username and username != signed_in:
            context.clear_cookies()
            sign_in(page, live_server.url, username)
            signed_in = username
        page.goto(live_server.url + path)
        problems = _violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}
