"""List pages cost a constant number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _courses(n, provider):
    for _ in range(n):
        course = factories.CourseFactory(provider=provider)
        factories.CourseOutcomeFactory(course=course, competence=competence("1.3"))
        factories.CourseSessionFactory(course=course)


def _employees(n, department, role, user):
    for _ in range(n):
        employee = factories.EmployeeFactory(department=department, job_role=role)
        enrollment = factories.EnrollmentFactory(employee=employee)
        factories.AssessmentFactory(employee=employee)
        factories.NotificationFactory(recipient=user, employee=employee)
        line = factories.FundApplicationLineFactory(
            enrollment=enrollment, application__course=enrollment.course
        )
        factories.FundSignatureFactory(application=line.application)


@pytest.mark.parametrize(
    "name",
    [
        "catalogue",
        "employee_list",
        "dashboard",
        "department_list",
        "role_list",
        "team",
        "roster_list",
        "notification_list",
        "funding_list",
        "funding_figures",
        "funding_create",
    ],
)
def test_list_pages_do_not_grow_with_their_rows(
    client, hr, department, partner, municipality, name
):
    role = factories.JobRoleFactory(municipality=municipality)
    factories.RoleCompetenceFactory(role=role, competence=competence("1.3"))
    client.force_login(hr)
    url = reverse(name)
    _courses(2, partner)
    _employees(2, department, role, hr)
    client.get(url)  # the first request of a session loads per-process caches
    few = _queries(client, url)
    _courses(8, partner)
    _employees(8, department, role, hr)
    for _ in range(5):
        factories.DepartmentFactory(parent=department)
        factories.JobRoleFactory(municipality=municipality)
    assert _queries(client, url) == few


def test_the_employee_page_does_not_grow_with_history(client, scene, employee):
    client.force_login(employee.user)
    url = reverse("employee_detail", args=[employee.pk])
    # One enrollment (with a fund application) first, so the prefetches of
    # its practice tasks, participants and signatures are in the baseline.
    first = factories.EnrollmentFactory(employee=employee, session=scene.session)
    factories.FundApplicationLineFactory(
        enrollment=first, application__course=scene.course
    )
    client.get(url)
    few = _queries(client, url)
    for code in ("1.1", "2.2", "3.1", "4.1"):
        factories.AssessmentFactory(employee=employee, competence=competence(code))
        enrollment = factories.EnrollmentFactory(
            employee=employee, session=factories.CourseSessionFactory()
        )
        factories.FundApplicationLineFactory(
            enrollment=enrollment, application__course=enrollment.course
        )
    assert _queries(client, url) == few


def test_the_employee_page_does_not_grow_with_badges(client, scene, employee):
    client.force_login(employee.user)
    url = reverse("employee_detail", args=[employee.pk])
    factories.BadgeFactory(employee=employee)
    client.get(url)
    few = _queries(client, url)
    for _ in range(5):
        factories.BadgeFactory(employee=employee)
    factories.BadgeFactory(
        employee=employee,
        achievement__kind="stage",
        achievement__course=None,
        achievement__stage="technology_proficient",
    )
    assert _queries(client, url) == few


def test_the_queue_does_not_grow_with_open_work(client, scene, manager, department):
    client.force_login(manager)
    url = reverse("work_queue")
    client.get(url)
    few = _queries(client, url)
    for _ in range(4):
        colleague = factories.EmployeeFactory(department=department)
        factories.EnrollmentFactory(
            employee=colleague, session=scene.session, status="requested"
        )
        factories.PracticeTaskSubmissionFactory(
            enrollment=factories.EnrollmentFactory(
                employee=colleague, status="attended"
            )
        )
    assert _queries(client, url) == few


def test_a_roster_does_not_grow_with_its_people(client, scene, hr, department):
    client.force_login(hr)
    url = reverse("session_roster", args=[scene.session.pk])
    # One person first: an empty page of the roster reads no rows at all.
    factories.EnrollmentFactory(
        employee=factories.EmployeeFactory(department=department),
        session=scene.session,
    )
    client.get(url)
    few = _queries(client, url)
    for _ in range(4):
        factories.EnrollmentFactory(
            employee=factories.EmployeeFactory(department=department),
            session=scene.session,
        )
    assert _queries(client, url) == few
