"""axe-core's WCAG 2.1 A/AA rules on the main pages, desktop and phone, and
no page wider than the window (tables scroll in their own box).

axe is a test-only file (tests/browser/vendor); the test context bypasses the
CSP only to inject it, the pages themselves are served with their policy.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from employees.models import Department, EmployeeImport
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import competence

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


def _overflow(page, width: int) -> int:
    """How many pixels the page is wider than the window (0: none)."""
    return page.evaluate("document.documentElement.scrollWidth") - width


@pytest.fixture
def visits(scene, employee, hr, manager, department):
    """Every page the work surfaces touch, with who looks at it."""
    running = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=scene.course),
        status=Enrollment.Status.ENROLLED,
    )
    held = factories.CourseSessionFactory(
        course=scene.submission.enrollment.course,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    factories.EnrollmentFactory(employee=employee, session=held)
    for code, target in (("1.3", 4), ("2.1", 3)):
        factories.AssessmentFactory(
            employee=scene.colleague, competence=competence(code), level=target - 1
        )
    application = factories.FundApplicationLineFactory(
        enrollment=running, application__course=scene.course
    ).application
    requirement, campaign = _obligations(hr, scene, employee, department)
    return [
        (None, reverse("login")),
        # The page a refused single sign-on shows (here: no sign-in under way).
        (None, reverse("oidc_callback")),
        (None, reverse("levels_help")),
        ("manager", reverse("dashboard")),
        ("manager", reverse("work_queue")),
        ("manager", reverse("team")),
        ("manager", reverse("employee_detail", args=[employee.pk])),
        ("manager", reverse("assessment_conversation", args=[employee.pk])),
        ("manager", reverse("assessment_create", args=[employee.pk])),
        ("manager", reverse("roster_list")),
        ("manager", reverse("session_roster", args=[held.pk])),
        ("manager", reverse("employee_detail", args=[scene.colleague.pk])),
        ("manager", reverse("notification_list")),
        ("manager", reverse("notification_preferences")),
        ("manager", reverse("funding_to_sign")),
        ("employee", reverse("catalogue")),
        ("employee", reverse("catalogue") + "?my_gaps=on&q=dokumentation"),
        ("employee", reverse("course_detail", args=[scene.course.pk])),
        ("employee", reverse("evidence_submit", args=[running.pk])),
        ("employee", reverse("self_assessment_create", args=[employee.pk])),
        ("employee", reverse("employee_detail", args=[employee.pk])),
        ("employee", reverse("funding_detail", args=[application.pk])),
        ("employee", reverse("funding_mine")),
        ("hr", reverse("session_bulk_enroll", args=[scene.session.pk])),
        (
            "hr",
            reverse("session_bulk_enroll", args=[scene.session.pk])
            + f"?department={department.pk}",
        ),
        ("hr", reverse("employee_create")),
        ("hr", reverse("employee_import")),
        ("hr", reverse("employee_import_preview", args=[_pending_import(hr)])),
        ("hr", reverse("funding_create")),
        ("hr", reverse("funding_list")),
        ("hr", reverse("funding_figures")),
        ("hr", reverse("dashboard")),
        ("hr", reverse("role_list")),
        ("hr", reverse("obligations")),
        ("hr", reverse("requirement_create")),
        ("hr", reverse("requirement_edit", args=[requirement.pk])),
        ("hr", reverse("requirement_detail", args=[requirement.pk])),
        ("hr", reverse("campaign_create")),
        ("manager", reverse("campaign_detail", args=[campaign.pk])),
    ]


def _obligations(hr, scene, employee, department):
    """A requirement someone is overdue on, and a campaign with evidence to
    review (DESIGN §9)."""
    from obligations import services

    today = timezone.localdate()
    requirement = services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[scene.course],
        departments=[department],
        due_on=today - timedelta(days=2),
        effective_from=today - timedelta(days=200),
    )
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Færre fejl",
        practice_task="Dokumentér et besøg i det nye system.",
        departments=[department],
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    services.campaign_try_submit(
        campaign=campaign,
        employee=employee,
        evidence="Prøvede det.",
        actor=employee.user,
    )
    return requirement, campaign


def _pending_import(user) -> int:
    """An uploaded file waiting for its preview: one change of each kind."""
    rows = "Medarbejdernummer,Navn,E-mail,Afdelingskode\n9001,Ny Person,,HJN\n"
    return EmployeeImport.objects.create(
        municipality=Department.objects.get(code="K001"),
        uploaded_by=user,
        filename="hr.csv",
        content=rows.encode(),
    ).pk


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_wcag_aa_and_fits_the_window(
    chromium, live_server, visits, width
):
    context = chromium.new_context(
        bypass_csp=True, locale="da-DK", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    found, wide = {}, {}
    signed_in = None
    for username, path in visits:
        if username != signed_in:
            context.clear_cookies()
            if username:
                sign_in(page, live_server.url, username)
            signed_in = username
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        problems = _violations(page)
        if problems:
            found[path] = problems
        if _overflow(page, width) > 0:
            wide[path] = _overflow(page, width)
    context.close()
    assert found == {}
    assert wide == {}
