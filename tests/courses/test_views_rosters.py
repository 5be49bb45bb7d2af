"""Rosters on the web: HR and the participants' managers mark attendance."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.views.rosters import ROSTER_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def held(scene, employee, department):
    """A workplace session that started an hour ago, with two participants."""
    course = factories.CourseFactory(
        provider=scene.course.provider, title="Skærmbesøg på arbejdspladsen"
    )
    session = factories.CourseSessionFactory(
        course=course, starts_at=timezone.now() - timedelta(hours=1)
    )
    colleague = factories.EmployeeFactory(department=department, name="Eva Holm")
    for person in (employee, colleague):
        factories.EnrollmentFactory(employee=person, session=session)
    factories.EnrollmentFactory(
        employee=scene.outsider, session=session, status=Status.ENROLLED
    )
    return session


def _marks(session, **marks):
    rows = Enrollment.objects.filter(session=session).select_related("employee")
    by_name = {e.employee.name: e.pk for e in rows}
    return {f"attendance-{by_name[name]}": mark for name, mark in marks.items()}


def test_hr_marks_who_came_and_who_did_not(client, hr, held):
    client.force_login(hr)
    url = reverse("session_roster", args=[held.pk])
    data = _marks(held, **{"Anna Jensen": "attended", "Eva Holm": "no_show"})
    response = client.post(url, data)
    assert response.status_code == 302
    statuses = dict(
        Enrollment.objects.filter(session=held).values_list("employee__name", "status")
    )
    assert statuses == {
        "Anna Jensen": Status.ATTENDED,
        "Eva Holm": Status.NO_SHOW,
        "Dorte Ø": Status.ENROLLED,
    }


def test_a_manager_sees_and_marks_only_the_people_they_lead(client, manager, held):
    client.force_login(manager)
    url = reverse("session_roster", args=[held.pk])
    response = client.get(url)
    names = [e.employee.name for e in response.context["rows"]]
    assert names == ["Anna Jensen", "Eva Holm"]
    outsider = Enrollment.objects.get(session=held, employee__name="Dorte Ø")
    client.post(url, {f"attendance-{outsider.pk}": "attended"})
    outsider.refresh_from_db()
    assert outsider.status == Status.ENROLLED


def test_attendance_waits_for_the_session_to_start(client, hr, scene, employee):
    factories.EnrollmentFactory(employee=employee, session=scene.session)
    client.force_login(hr)
    url = reverse("session_roster", args=[scene.session.pk])
    response = client.get(url)
    assert 'type="radio"' not in response.content.decode()
    enrollment = Enrollment.objects.get(employee=employee, session=scene.session)
    refused = client.post(url, {f"attendance-{enrollment.pk}": "attended"})
    assert refused.status_code == 409
    assert "Fremmøde kan markeres, når holdet er gået i gang." in (
        refused.content.decode()
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_saving_without_any_mark_is_refused_with_a_message(client, hr, held):
    client.force_login(hr)
    url = reverse("session_roster", args=[held.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Markér mindst én person" in response.content.decode()


def test_a_long_roster_comes_a_page_at_a_time(client, hr, held, department):
    for number in range(ROSTER_PAGE_SIZE + 3):
        person = factories.EmployeeFactory(department=department, name=f"Z {number:03}")
        factories.EnrollmentFactory(employee=person, session=held)
    client.force_login(hr)
    url = reverse("session_roster", args=[held.pk])
    first = client.get(url)
    assert len(first.context["rows"]) == ROSTER_PAGE_SIZE
    last = client.get(url, {"page": 2})
    names = [e.employee.name for e in last.context["rows"]]
    assert names[-1] == f"Z {ROSTER_PAGE_SIZE + 2:03}"
    # Marks on page 2 are recorded, and the answer stays on page 2.
    data = _marks(held, **{names[-1]: "attended"})
    response = client.post(f"{url}?page=2", data)
    assert response.status_code == 302
    assert response["Location"].endswith("?page=2")
    assert Enrollment.objects.get(pk=last.context["rows"][-1].pk).status == (
        Status.ATTENDED
    )


def test_employees_and_viewers_see_no_rosters(client, employee, viewer, held):
    for user in (employee.user, viewer):
        client.force_login(user)
        assert client.get(reverse("roster_list")).status_code == 404
        roster = reverse("session_roster", args=[held.pk])
        assert client.get(roster).status_code == 404


def test_the_roster_list_shows_sessions_with_people_to_mark(
    client, manager, scene, held
):
    client.force_login(manager)
    response = client.get(reverse("roster_list"))
    sessions = {s.pk: (s.people, s.to_mark) for s in response.context["page_obj"]}
    assert sessions[held.pk] == (2, 2)
    # Carl's course five days ago is there too; its attendance is recorded.
    assert sessions[scene.submission.enrollment.session_id] == (1, 0)
