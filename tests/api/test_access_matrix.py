"""Who may call what: every actor against every endpoint and method.

Each case names an endpoint and method and the status each actor gets. Objects
outside an actor's scope answer 404 like missing ones; writes that reference
an out-of-scope employee answer 400; anonymous callers get 401 except on the
published catalogue.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from courses.models import Course, Enrollment
from tests import factories
from tests.api.conftest import key_client, session_client

ACTORS = [
    "hr",
    "manager",
    "other_manager",
    "employee",
    "viewer",
    "partner",
    "other_partner",
    "anonymous",
]


@dataclass
class World:
    employee: object
    colleague: object
    stranger: object
    foreign: object
    course: object
    draft: object
    session: object
    later_session: object
    started_session: object
    enrollment: object
    requested: object
    attending: object
    task: object


@pytest.fixture
def world(
    employee, department, other_department, other_municipality, partner, hr
) -> World:
    colleague = factories.EmployeeFactory(department=department, name="Bo Hansen")
    stranger = factories.EmployeeFactory(department=other_department)
    foreign_department = factories.DepartmentFactory(parent=other_municipality)
    foreign = factories.EmployeeFactory(department=foreign_department)
    course = factories.CourseFactory(provider=partner, practice_task="Gør det.")
    factories.CourseOutcomeFactory(course=course)
    draft = factories.CourseFactory(provider=partner, status=Course.Status.DRAFT)
    session = factories.CourseSessionFactory(course=course)
    later = factories.CourseSessionFactory(
        course=factories.CourseFactory(provider=partner)
    )
    started = factories.CourseSessionFactory(
        course=factories.CourseFactory(provider=partner),
        starts_at=timezone.now() - timedelta(hours=2),
    )
    enrollment = factories.EnrollmentFactory(employee=employee, session=session)
    requested = factories.EnrollmentFactory(
        employee=colleague, session=session, status=Enrollment.Status.REQUESTED
    )
    attending = factories.EnrollmentFactory(employee=employee, session=started)
    attended = factories.EnrollmentFactory(
        employee=colleague,
        session=factories.CourseSessionFactory(
            course=factories.CourseFactory(provider=partner, practice_task="X")
        ),
        status=Enrollment.Status.ATTENDED,
    )
    task = factories.PracticeTaskSubmissionFactory(enrollment=attended)
    return World(
        employee=employee,
        colleague=colleague,
        stranger=stranger,
        foreign=foreign,
        course=course,
        draft=draft,
        session=session,
        later_session=later,
        started_session=started,
        enrollment=enrollment,
        requested=requested,
        attending=attending,
        task=task,
    )


@pytest.fixture
def client_for(request, world):
    def make(actor):
        if actor == "anonymous":
            return APIClient()
        if actor in ("partner", "other_partner"):
            return key_client(request.getfixturevalue(actor))
        if actor == "employee":
            return session_client(world.employee.user)
        return session_client(request.getfixturevalue(actor))

    return make


def course_payload():
    return {
        "external_id": "NEW-1",
        "title": "Ny kursus",
        "mode": "online",
        "hours": "3.0",
        "status": "published",
        "outcomes": [{"competence": "1.3", "from_level": 2, "to_level": 4}],
    }


# (name, method, url(world), body(world), {actor: status}); "staff" expands to
# hr, manager, other_manager, employee and viewer, "partners" to both partners.
CASES = [
    (
        "departments list",
        "get",
        lambda w: "/api/v1/departments/",
        None,
        {"staff": 200, "partners": 403, "anonymous": 401},
    ),
    (
        "department detail",
        "get",
        lambda w: f"/api/v1/departments/{w.employee.department_id}/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "viewer": 200,
            "other_manager": 404,
            "employee": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "create department",
        "post",
        lambda w: "/api/v1/departments/",
        lambda w: {"name": "Ny", "code": "NY1", "parent": w.employee.department_id},
        {
            "hr": 201,
            "manager": 403,
            "other_manager": 403,
            "employee": 403,
            "viewer": 403,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "roles list",
        "get",
        lambda w: "/api/v1/roles/",
        None,
        {"staff": 200, "partners": 403, "anonymous": 401},
    ),
    (
        "employees list",
        "get",
        lambda w: "/api/v1/employees/",
        None,
        {"staff": 200, "partners": 403, "anonymous": 401},
    ),
    (
        "employee detail",
        "get",
        lambda w: f"/api/v1/employees/{w.employee.pk}/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "viewer": 200,
            "employee": 200,
            "other_manager": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "other municipality's employee",
        "get",
        lambda w: f"/api/v1/employees/{w.foreign.pk}/",
        None,
        {"staff": 404, "partners": 403, "anonymous": 401},
    ),
    (
        "edit employee",
        "patch",
        lambda w: f"/api/v1/employees/{w.employee.pk}/",
        lambda w: {"name": "Anna J. Jensen"},
        {
            "hr": 200,
            "manager": 403,
            "viewer": 403,
            "employee": 403,
            "other_manager": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "assessments list",
        "get",
        lambda w: "/api/v1/assessments/",
        None,
        {"staff": 200, "partners": 403, "anonymous": 401},
    ),
    (
        "assess",
        "post",
        lambda w: "/api/v1/assessments/",
        lambda w: {"employee": w.employee.pk, "competence": "1.3", "level": 3},
        {
            "hr": 201,
            "manager": 201,
            "employee": 201,
            "other_manager": 400,
            "viewer": 400,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "competences",
        "get",
        lambda w: "/api/v1/competences/",
        None,
        {"staff": 200, "partners": 200, "anonymous": 200},
    ),
    (
        "ladder",
        "get",
        lambda w: "/api/v1/ladder/",
        None,
        {"staff": 200, "partners": 200, "anonymous": 200},
    ),
    (
        "providers",
        "get",
        lambda w: "/api/v1/providers/",
        None,
        {"staff": 200, "partners": 200, "anonymous": 200},
    ),
    (
        "published course",
        "get",
        lambda w: f"/api/v1/courses/{w.course.pk}/",
        None,
        {"staff": 200, "partner": 200, "other_partner": 404, "anonymous": 200},
    ),
    (
        "draft course",
        "get",
        lambda w: f"/api/v1/courses/{w.draft.pk}/",
        None,
        {"staff": 404, "partner": 200, "other_partner": 404, "anonymous": 404},
    ),
    (
        "create course",
        "post",
        lambda w: "/api/v1/courses/",
        lambda w: course_payload(),
        {"staff": 403, "partners": 201, "anonymous": 401},
    ),
    (
        "edit course",
        "patch",
        lambda w: f"/api/v1/courses/{w.course.pk}/",
        lambda w: {"title": "Nyt navn"},
        {"staff": 403, "partner": 200, "other_partner": 404, "anonymous": 401},
    ),
    (
        "sessions list",
        "get",
        lambda w: "/api/v1/sessions/",
        None,
        {"staff": 200, "partners": 200, "anonymous": 200},
    ),
    (
        "roster",
        "get",
        lambda w: f"/api/v1/sessions/{w.session.pk}/roster/",
        None,
        {"staff": 403, "partner": 200, "other_partner": 404, "anonymous": 401},
    ),
    (
        "cancel session",
        "post",
        lambda w: f"/api/v1/sessions/{w.session.pk}/cancel/",
        None,
        {
            "hr": 200,
            "manager": 403,
            "other_manager": 403,
            "employee": 403,
            "viewer": 403,
            "partner": 200,
            "other_partner": 404,
            "anonymous": 401,
        },
    ),
    (
        "bulk enroll",
        "post",
        lambda w: f"/api/v1/sessions/{w.later_session.pk}/enroll/",
        lambda w: {"employees": [w.employee.pk]},
        {
            "hr": 200,
            "manager": 403,
            "other_manager": 403,
            "employee": 403,
            "viewer": 403,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "enrollments list",
        "get",
        lambda w: "/api/v1/enrollments/",
        None,
        {"staff": 200, "partners": 200, "anonymous": 401},
    ),
    (
        "enrollment detail",
        "get",
        lambda w: f"/api/v1/enrollments/{w.enrollment.pk}/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "employee": 200,
            "other_manager": 404,
            "viewer": 404,
            "partner": 200,
            "other_partner": 404,
            "anonymous": 401,
        },
    ),
    (
        "enroll",
        "post",
        lambda w: "/api/v1/enrollments/",
        lambda w: {"employee": w.employee.pk, "session": w.later_session.pk},
        {
            "hr": 201,
            "employee": 201,
            "manager": 403,
            "viewer": 403,
            "other_manager": 400,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "approve",
        "post",
        lambda w: f"/api/v1/enrollments/{w.requested.pk}/approve/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "employee": 404,
            "other_manager": 404,
            "viewer": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "reject",
        "post",
        lambda w: f"/api/v1/enrollments/{w.requested.pk}/reject/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "employee": 404,
            "other_manager": 404,
            "viewer": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "withdraw",
        "post",
        lambda w: f"/api/v1/enrollments/{w.enrollment.pk}/withdraw/",
        None,
        {
            "hr": 200,
            "manager": 200,
            "employee": 200,
            "other_manager": 404,
            "viewer": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "attendance",
        "post",
        lambda w: f"/api/v1/enrollments/{w.attending.pk}/attendance/",
        lambda w: {"attended": True},
        {
            "hr": 200,
            "manager": 200,
            "employee": 403,
            "other_manager": 404,
            "viewer": 404,
            "partner": 200,
            "other_partner": 404,
            "anonymous": 401,
        },
    ),
    (
        "submit evidence",
        "post",
        lambda w: f"/api/v1/enrollments/{w.enrollment.pk}/practice-task/",
        lambda w: {"evidence": "Tre besøg dokumenteret."},
        {
            "employee": 201,
            "hr": 403,
            "manager": 403,
            "other_manager": 404,
            "viewer": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
    (
        "practice tasks list",
        "get",
        lambda w: "/api/v1/practice-tasks/",
        None,
        {"staff": 200, "partners": 403, "anonymous": 401},
    ),
    (
        "approve evidence",
        "post",
        lambda w: f"/api/v1/practice-tasks/{w.task.pk}/approve/",
        lambda w: {},
        {
            "hr": 200,
            "manager": 200,
            "other_manager": 404,
            "employee": 404,
            "viewer": 404,
            "partners": 403,
            "anonymous": 401,
        },
    ),
]


def expected_status(expected: dict, actor: str) -> int:
    if actor in expected:
        return expected[actor]
    group = "partners" if actor.endswith("partner") else "staff"
    return expected[group]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_access_matrix(case, actor, world, client_for):
    _name, method, url, body, expected = case
    client = client_for(actor)
    data = body(world) if body else None
    response = getattr(client, method)(url(world), data, format="json")
    assert response.status_code == expected_status(expected, actor), response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
    if response.status_code == 401:
        assert response.has_header("WWW-Authenticate")


def _ids(client, url):
    response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS[:-1])
def test_lists_never_leak_rows_outside_scope(actor, world, client_for):
    w = world
    for person in (w.employee, w.stranger, w.foreign):
        factories.AssessmentFactory(employee=person)
    everyone_here = {w.employee.pk, w.colleague.pk, w.stranger.pk}
    mine = {w.employee.pk, w.colleague.pk}
    all_enrollments = {w.enrollment.pk, w.requested.pk, w.attending.pk}
    all_enrollments.add(w.task.enrollment_id)
    expected_employees = {
        "hr": everyone_here,
        "manager": mine,
        "other_manager": {w.stranger.pk},
        "employee": {w.employee.pk},
        "viewer": everyone_here,
    }
    expected_enrollments = {
        "hr": all_enrollments,
        "manager": all_enrollments,
        "other_manager": set(),
        "employee": {w.enrollment.pk, w.attending.pk},
        "viewer": set(),
        "partner": all_enrollments,
        "other_partner": set(),
    }
    client = client_for(actor)
    assert _ids(client, "/api/v1/enrollments/") == expected_enrollments[actor]
    if actor.endswith("partner"):
        courses = _ids(client, "/api/v1/courses/")
        assert (w.draft.pk in courses) is (actor == "partner")
        return
    assert _ids(client, "/api/v1/employees/") == expected_employees[actor]
    assessed = {
        row["employee"] for row in client.get("/api/v1/assessments/").json()["results"]
    }
    detail_scope = {"viewer": set(), "hr": {w.employee.pk, w.stranger.pk}}
    assert assessed == detail_scope.get(
        actor, expected_employees[actor] & {w.employee.pk, w.stranger.pk}
    )


@pytest.mark.django_db
def test_viewer_sees_names_only(world, viewer):
    rows = session_client(viewer).get("/api/v1/employees/").json()["results"]
    assert rows
    assert all(set(row) == {"id", "name"} for row in rows)


@pytest.mark.django_db
def test_partner_lists_only_its_own_courses(world, partner, other_partner):
    factories.CourseFactory(provider=other_partner)
    own = set(Course.objects.filter(provider=partner).values_list("pk", flat=True))
    assert _ids(key_client(partner), "/api/v1/courses/") == own
    assert world.draft.pk in own
