"""The work surfaces in a real browser: the manager's queue, the appraisal
talk and the roster. Each checks the page and the database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from competences.models import Assessment
from courses.models import Enrollment
from employees.models import AccessGrant
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import competence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PROFILE = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "5.1"]


def test_the_manager_approves_three_requests_in_a_row_without_scrolling_back(
    page, live_server, scene, manager, department
):
    requests = [scene.request]
    for number, name in enumerate(("Ea Lund", "Finn Mø")):
        person = factories.EmployeeFactory(department=department, name=name)
        requests.append(
            factories.EnrollmentFactory(
                employee=person,
                session=factories.CourseSessionFactory(course=scene.course),
                status=Enrollment.Status.REQUESTED,
                created_at=timezone.now() - timedelta(days=3 - number),
            )
        )
    sign_in(page, live_server.url, "manager")
    first = page.locator(".work-first .queue-item").first
    first.scroll_into_view_if_needed()
    # Marks the page: a reload would forget it.
    page.evaluate("window.notReloaded = true")
    scrolled = page.evaluate("window.scrollY")
    for enrollment in requests:
        item = page.locator(f"#request-{enrollment.pk}")
        top = item.bounding_box()["y"]
        item.get_by_role("button", name="Godkend").click()
        done = page.locator(f"#request-{enrollment.pk}.queue-done")
        assert "Tilmeldt" in done.inner_text()
        # The outcome stands where the request stood; the page did not move.
        assert page.evaluate("window.scrollY") == scrolled
        assert abs(done.bounding_box()["y"] - top) < 2
    assert page.evaluate("window.notReloaded") is True
    statuses = Enrollment.objects.filter(pk__in=[e.pk for e in requests])
    assert set(statuses.values_list("status", flat=True)) == {"enrolled"}
    assert page.csp_errors == []


@pytest.fixture
def talk(municipality, employee):
    role = factories.JobRoleFactory(municipality=municipality, name="Sagsbehandler")
    for code in PROFILE:
        factories.RoleCompetenceFactory(
            role=role, competence=competence(code), target_level=4
        )
    employee.job_role = role
    employee.save()
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.3"), level=4
    )
    return f"/employees/{employee.pk}/conversation/"


def _level(page, code: str):
    row_id = "row-" + code.replace(".", "\\.")
    return page.locator(f"#{row_id}").get_by_label("Nyt niveau")


def test_the_talk_saves_two_changed_rows_and_leaves_five_untouched(
    page, live_server, manager, employee, talk
):
    before = Assessment.objects.filter(employee=employee).count()
    sign_in(page, live_server.url, "manager")
    page.goto(live_server.url + talk)
    _level(page, "1.1").select_option("3")
    # What the chosen level means shows beside the choice.
    meaning = page.locator(f"#id_c{competence('1.1').pk}-level_meaning")
    assert "Veldefinerede rutineopgaver" in meaning.inner_text()
    _level(page, "2.1").select_option("5")
    page.get_by_role("button", name="Gem de ændrede niveauer").click()
    page.wait_for_load_state()
    assert "2 vurderinger er registreret." in page.locator(".messages").inner_text()
    recorded = Assessment.objects.filter(employee=employee, assessed_by=manager)
    assert sorted((a.competence.code, a.level) for a in recorded) == [
        ("1.1", 3),
        ("2.1", 5),
    ]
    assert Assessment.objects.filter(employee=employee).count() == before + 2


def test_lowering_a_validated_level_asks_first(
    page, live_server, manager, employee, talk
):
    sign_in(page, live_server.url, "manager")
    page.goto(live_server.url + talk)
    _level(page, "1.3").select_option("2")
    page.get_by_role("button", name="Gem de ændrede niveauer").click()
    page.wait_for_load_state()
    row = page.locator("#row-1\\.3")
    assert "Bekræft" in row.inner_text()
    assert Assessment.objects.filter(employee=employee).count() == 1
    row.get_by_label("Ja, sænk det validerede niveau").check()
    row.get_by_label("Note").fill("Nyt omsorgssystem, ny oplæring")
    page.get_by_role("button", name="Gem de ændrede niveauer").click()
    page.wait_for_load_state()
    lowered = Assessment.objects.filter(employee=employee).first()
    assert (lowered.level, lowered.note) == (2, "Nyt omsorgssystem, ny oplæring")


def test_hr_marks_attendance_on_a_roster(
    page, live_server, scene, hr, employee, department
):
    session = factories.CourseSessionFactory(
        course=scene.course, starts_at=timezone.now() - timedelta(hours=2)
    )
    came = factories.EnrollmentFactory(employee=employee, session=session)
    away = factories.EnrollmentFactory(
        employee=factories.EmployeeFactory(department=department, name="Eva Holm"),
        session=session,
    )
    sign_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}/rosters/")
    page.locator(f'#roster-list a[href="/sessions/{session.pk}/roster/"]').click()
    page.wait_for_load_state()
    page.locator(f"#roster-{came.pk}").get_by_label("Deltog").check()
    page.locator(f"#roster-{away.pk}").get_by_label("Fraværende").check()
    page.get_by_role("button", name="Gem fremmøde").click()
    page.wait_for_load_state()
    assert "Fremmødet er registreret for 2 personer." in (
        page.locator(".messages").inner_text()
    )
    came.refresh_from_db()
    away.refresh_from_db()
    assert (came.status, away.status) == ("attended", "no_show")


def test_a_decision_updates_the_counts_and_a_refusal_says_so(
    page, live_server, scene, manager, department
):
    person = factories.EmployeeFactory(department=department, name="Ea Lund")
    second = factories.EnrollmentFactory(
        employee=person, session=scene.session, status=Enrollment.Status.REQUESTED
    )
    sign_in(page, live_server.url, "manager")
    page.goto(live_server.url + "/queue/")
    count = page.locator("#request-count")
    assert count.inner_text() == "2"
    page.locator(f"#request-{scene.request.pk}").get_by_role(
        "button", name="Godkend"
    ).click()
    page.locator(f"#request-{scene.request.pk}.queue-done").wait_for()
    assert count.inner_text() == "1"
    # The manager loses the right while the page is open: the next decision is
    # refused, and the page says so instead of doing nothing.
    AccessGrant.objects.filter(user=manager).delete()
    page.locator(f"#request-{second.pk}").get_by_role("button", name="Godkend").click()
    feedback = page.locator("#htmx-feedback")
    feedback.wait_for(state="visible")
    assert "Genindlæs siden" in feedback.inner_text()
    second.refresh_from_db()
    assert second.status == Enrollment.Status.REQUESTED
    assert page.csp_errors == []
