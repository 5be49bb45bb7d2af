"""Every page as every role: no 500, out of scope is 404, anonymous signs in first."""

import re

import pytest
from django.urls import reverse

from courses.models import Enrollment
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("hr", "manager", "other_manager", "viewer", "employee", "anonymous")
LEADS = {"hr", "manager", "other_manager", "viewer"}
OK, LOGIN, GONE, MOVED = 200, "login", 404, 302


def _expect(allowed, *, anonymous=LOGIN, other=GONE):
    return {
        role: (OK if role in allowed else anonymous if role == "anonymous" else other)
        for role in ROLES
    }


def _pages(scene, employee, department):
    evidence = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(
            course=scene.submission.enrollment.course
        ),
        status=Enrollment.Status.ENROLLED,
    )
    application = factories.FundApplicationLineFactory(
        enrollment=evidence, application__course=evidence.course
    ).application
    everyone = set(ROLES) - {"anonymous"}
    requirement, campaign = _obligations(scene, department)
    return [
        ("dashboard", [], _expect(LEADS)),
        ("employee_detail", [employee.pk], _expect({"hr", "manager", "employee"})),
        ("employee_detail", [scene.outsider.pk], _expect({"hr", "other_manager"})),
        ("employee_list", [], _expect(LEADS)),
        ("employee_create", [], _expect({"hr"})),
        ("employee_edit", [employee.pk], _expect({"hr"})),
        ("assessment_create", [employee.pk], _expect({"hr", "manager"})),
        ("self_assessment_create", [employee.pk], _expect({"employee"})),
        ("assessment_conversation", [employee.pk], _expect({"hr", "manager"})),
        ("levels_help", [], _expect(set(ROLES))),
        ("work_queue", [], _expect({"hr", "manager", "other_manager"})),
        ("roster_list", [], _expect({"hr", "manager", "other_manager"})),
        ("team", [], _expect({"hr", "manager", "other_manager"})),
        (
            "session_roster",
            [scene.session.pk],
            _expect({"hr", "manager", "other_manager"}),
        ),
        ("department_list", [], _expect({"hr"})),
        ("department_create", [], _expect({"hr"})),
        ("department_edit", [department.pk], _expect({"hr"})),
        ("role_list", [], _expect({"hr"})),
        ("role_create", [], _expect({"hr"})),
        ("role_edit", [scene.role.pk], _expect({"hr"})),
        ("catalogue", [], _expect(set(ROLES))),
        ("course_detail", [scene.course.pk], _expect(set(ROLES))),
        ("session_bulk_enroll", [scene.session.pk], _expect({"hr"})),
        ("evidence_submit", [evidence.pk], _expect({"employee"})),
        ("funding_mine", [], _expect(everyone)),
        ("funding_to_sign", [], _expect(everyone)),
        ("funding_create", [], _expect(everyone)),
        ("funding_list", [], _expect({"hr", "manager", "other_manager"})),
        ("funding_figures", [], _expect({"hr", "manager", "other_manager"})),
        ("funding_detail", [application.pk], _expect({"hr", "manager", "employee"})),
        ("funding_costs", [application.pk], _expect({"hr", "manager", "employee"})),
        ("obligations", [], _expect(LEADS)),
        ("requirement_create", [], _expect({"hr"})),
        ("requirement_detail", [requirement.pk], _expect(LEADS)),
        ("requirement_edit", [requirement.pk], _expect({"hr"})),
        ("campaign_create", [], _expect({"hr"})),
        ("campaign_detail", [campaign.pk], _expect(LEADS)),
        ("campaign_edit", [campaign.pk], _expect({"hr"})),
    ]


def _obligations(scene, department):
    """A requirement and a campaign of the municipality (DESIGN §9)."""
    from datetime import date

    from employees.models import AccessGrant
    from obligations import services

    hr = AccessGrant.objects.filter(kind=AccessGrant.Kind.HR).first().user
    requirement = services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[scene.course],
        departments=[department],
        due_on=date(2027, 3, 1),
    )
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Færre fejl",
        practice_task="Prøv det.",
        departments=[department],
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 1, 1),
    )
    return requirement, campaign


@pytest.fixture
def actors(hr, manager, other_manager, viewer, employee):
    return {
        "hr": hr,
        "manager": manager,
        "other_manager": other_manager,
        "viewer": viewer,
        "employee": employee.user,
        "anonymous": None,
    }


def test_every_page_answers_each_role_as_its_scope_says(
    client, scene, actors, employee, department
):
    failures = []
    for name, args, expected in _pages(scene, employee, department):
        url = reverse(name, args=args)
        for role, user in actors.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            want = expected[role]
            if want == LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith(
                    reverse("login")
                )
            else:
                ok = response.status_code == want
            if not ok:
                failures.append((name, role, want, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "role, start",
    [
        ("hr", "dashboard"),
        ("manager", "dashboard"),
        ("viewer", "dashboard"),
        ("employee", "my_page"),
    ],
)
def test_home_sends_each_user_to_their_start_page(client, actors, role, start):
    client.force_login(actors[role])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(start)


def test_anonymous_home_asks_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_carry_no_inline_style_or_script(client, scene, manager):
    client.force_login(manager)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert "style=" not in html
    inline_scripts = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html
    )
    assert inline_scripts == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "/static/vendor/chart-" in html


def test_sign_in_page_is_danish_with_a_language_switch(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "Log ind" in html
    assert 'href="#main"' in html
    switched = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}
    )
    assert switched.status_code == 302
    english = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in english
    assert "Sign in" in english


def test_the_dashboard_and_employee_page_switch_to_english(
    client, scene, manager, employee
):
    client.force_login(manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Progress dashboard" in dashboard
    assert "Technology user" in dashboard
    page = client.get(reverse("employee_detail", args=[employee.pk])).content.decode()
    assert "Competences against the role" in page
    assert "Kompetencer" not in page
