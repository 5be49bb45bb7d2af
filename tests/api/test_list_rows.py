"""The fast ``.values()`` list rows equal the serializers' output, field for field."""

import json
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from courses.models import Course, Enrollment
from tests import factories
from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(employee, department, partner):
    course = factories.CourseFactory(
        provider=partner, practice_task="Gør det", hours="7.5", price_dkk="99.50"
    )
    factories.CourseOutcomeFactory(course=course)
    factories.CourseOutcomeFactory(
        course=course, competence=factories.competence("2.1")
    )
    session = factories.CourseSessionFactory(
        course=course, enrollment_deadline="2030-01-01"
    )
    factories.EnrollmentFactory(employee=employee, session=session)
    factories.EnrollmentFactory(
        employee__department=department,
        employee__employment_end="2030-01-01",
        session=session,
        status="waitlisted",
    )
    factories.CourseFactory(provider=partner)


@pytest.mark.parametrize(
    "actor, resource",
    [
        ("hr", "employees"),
        ("viewer", "employees"),
        ("employee", "employees"),
        ("hr", "enrollments"),
        ("partner", "enrollments"),
        ("hr", "courses"),
        ("partner", "courses"),
        ("anonymous", "sessions"),
        ("partner", "sessions"),
    ],
)
def test_list_rows_equal_detail_representations(
    actor, resource, data, request, anonymous_client, employee
):
    if actor == "anonymous":
        client = anonymous_client
    elif actor == "partner":
        client = key_client(request.getfixturevalue("partner"))
    elif actor == "employee":
        client = session_client(employee.user)
    else:
        client = session_client(request.getfixturevalue(actor))
    rows = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()["results"]
    assert rows
    for row in rows:
        detail = client.get(f"/api/v1/{resource}/{row['id']}/")
        assert detail.status_code == 200
        assert row == detail.json()


# --- The exact JSON of the main lists (DESIGN §5.1: partners parse it) -------
AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
AT_JSON = "2026-03-02T09:30:00+01:00"
STARTS = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def listed(municipality, department, other_department, employee_user, partner):
    """Two people in two forvaltninger, a course with two outcomes (and a
    draft beside it), a session and both people's enrollments on it."""
    role = factories.JobRoleFactory(municipality=municipality, name="SOSU-hjælper")
    anna = factories.EmployeeFactory(
        name="Anna Jensen",
        employee_number="4711",
        work_email="anna@testrup.dk",
        department=department,
        job_role=role,
        is_manager=True,
        employment_start=date(2020, 1, 1),
        user=employee_user,
    )
    bo = factories.EmployeeFactory(
        name="Bo Holm",
        employee_number="4712",
        work_email="",
        department=other_department,
        employment_start=None,
        employment_end=date(2030, 6, 30),
    )
    course = factories.CourseFactory(
        provider=partner,
        external_id="KOM-1",
        title="Dokumentation",
        description="Journalen.",
        hours="14",
        price_dkk="3200",
        practice_task="Dokumentér tre besøg.",
    )
    factories.CourseOutcomeFactory(
        course=course, competence=factories.competence("2.1"), to_level=3
    )
    factories.CourseOutcomeFactory(course=course)
    factories.CourseFactory(provider=partner, status="draft")
    Course.objects.update(created_at=AT, updated_at=AT)
    session = factories.CourseSessionFactory(
        course=course,
        external_id="KOM-1-H1",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=6),
        capacity=16,
        enrollment_deadline=date(2027, 1, 20),
    )
    enrolled = factories.EnrollmentFactory(employee=anna, session=session)
    waiting = factories.EnrollmentFactory(
        employee=bo, session=session, status="waitlisted"
    )
    Enrollment.objects.update(created_at=AT)
    Enrollment.objects.filter(pk=waiting.pk).update(waitlisted_at=AT)
    return SimpleNamespace(
        role=role,
        anna=anna,
        bo=bo,
        course=course,
        session=session,
        enrolled=enrolled,
        waiting=waiting,
    )


def _page(*results, count=None):
    count = len(results) if count is None else count
    return {"count": count, "next": None, "previous": None, "results": list(results)}


def _assert_exact(response, expected):
    """Equal, and with the keys in the same order at every level."""
    assert response.status_code == 200
    assert json.dumps(response.json()) == json.dumps(expected)


def _employee_rows(listed, municipality):
    anna = {
        "id": listed.anna.pk,
        "name": "Anna Jensen",
        "employee_number": "4711",
        "work_email": "anna@testrup.dk",
        "department": listed.anna.department_id,
        "job_role": listed.role.pk,
        "is_manager": True,
        "employment_start": "2020-01-01",
        "employment_end": None,
        "is_active": True,
        "municipality": municipality.pk,
        "user": listed.anna.user_id,
    }
    bo = {
        **anna,
        "id": listed.bo.pk,
        "name": "Bo Holm",
        "employee_number": "4712",
        "work_email": "",
        "department": listed.bo.department_id,
        "job_role": None,
        "is_manager": False,
        "employment_start": None,
        "employment_end": "2030-06-30",
        "user": None,
    }
    return anna, bo


def test_the_employee_list_of_hr_is_exact(listed, hr, municipality):
    anna, bo = _employee_rows(listed, municipality)
    response = session_client(hr).get("/api/v1/employees/")
    _assert_exact(response, _page(anna, bo))


def test_a_viewer_lists_names_only(listed, viewer):
    response = session_client(viewer).get("/api/v1/employees/")
    _assert_exact(
        response,
        _page(
            {"id": listed.anna.pk, "name": "Anna Jensen"},
            {"id": listed.bo.pk, "name": "Bo Holm"},
        ),
    )


def test_a_manager_who_also_views_lists_their_own_people_in_detail(
    listed, municipality, forvaltning
):
    lead = factories.AccessGrantFactory(department=forvaltning).user
    factories.AccessGrantFactory(user=lead, department=municipality, kind="viewer")
    anna, _bo = _employee_rows(listed, municipality)
    response = session_client(lead).get("/api/v1/employees/")
    _assert_exact(response, _page(anna, {"id": listed.bo.pk, "name": "Bo Holm"}))


def test_an_employee_lists_their_own_record_in_detail(
    listed, employee_user, municipality
):
    anna, _bo = _employee_rows(listed, municipality)
    response = session_client(employee_user).get("/api/v1/employees/")
    _assert_exact(response, _page(anna))


def test_a_superuser_lists_everyone_in_detail(listed, municipality):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    anna, bo = _employee_rows(listed, municipality)
    response = session_client(admin).get("/api/v1/employees/")
    _assert_exact(response, _page(anna, bo))


def test_a_full_first_page_is_counted_and_links_the_next(listed, hr, municipality):
    anna, _bo = _employee_rows(listed, municipality)
    response = session_client(hr).get("/api/v1/employees/", {"page_size": 1})
    _assert_exact(
        response,
        {
            "count": 2,
            "next": "http://testserver/api/v1/employees/?page=2&page_size=1",
            "previous": None,
            "results": [anna],
        },
    )


def test_the_course_list_is_exact(listed, hr):
    response = session_client(hr).get("/api/v1/courses/")
    course = {
        "id": listed.course.pk,
        "provider": "kkc",
        "external_id": "KOM-1",
        "title": "Dokumentation",
        "description": "Journalen.",
        "purpose": "Mere tid hos borgeren.",
        "language": "da",
        "mode": "blended",
        "hours": "14.0",
        "price_dkk": "3200.00",
        "status": "published",
        "practice_task": "Dokumentér tre besøg.",
        "has_practice_task": True,
        "outcomes": [
            {"competence": "1.3", "from_level": 2, "to_level": 4},
            {"competence": "2.1", "from_level": 2, "to_level": 3},
        ],
        "created_at": AT_JSON,
        "updated_at": AT_JSON,
    }
    _assert_exact(response, _page(course))


def test_the_session_list_is_exact(listed, hr):
    response = session_client(hr).get("/api/v1/sessions/")
    session = {
        "id": listed.session.pk,
        "external_id": "KOM-1-H1",
        "course": listed.course.pk,
        "course_external_id": "KOM-1",
        "course_title": "Dokumentation",
        "provider": "kkc",
        "starts_at": "2027-02-01T09:00:00+01:00",
        "ends_at": "2027-02-01T15:00:00+01:00",
        "location": "Rådhuset, lokale 3",
        "is_online": False,
        "capacity": 16,
        "enrollment_deadline": "2027-01-20",
        "waitlist_order": "fifo",
        "is_cancelled": False,
        "enrolled_count": 1,
        "waitlisted_count": 1,
    }
    _assert_exact(response, _page(session))


def test_the_enrollment_list_is_exact(listed, hr):
    response = session_client(hr).get("/api/v1/enrollments/")
    enrolled = {
        "id": listed.enrolled.pk,
        "employee": listed.anna.pk,
        "employee_name": "Anna Jensen",
        "session": listed.session.pk,
        "course": listed.course.pk,
        "course_title": "Dokumentation",
        "status": "enrolled",
        "requested_by": None,
        "approved_by": None,
        "created_at": AT_JSON,
        "decided_at": None,
        "waitlisted_at": None,
        "attendance_at": None,
        "completed_at": None,
        "ended_at": None,
        "decision_note": "",
    }
    waiting = {
        **enrolled,
        "id": listed.waiting.pk,
        "employee": listed.bo.pk,
        "employee_name": "Bo Holm",
        "status": "waitlisted",
        "waitlisted_at": AT_JSON,
    }
    # Newest first; the same moment, so the higher id first.
    _assert_exact(response, _page(waiting, enrolled))


def test_a_partner_lists_its_enrollments_without_names(listed, partner):
    response = key_client(partner).get("/api/v1/enrollments/")
    rows = [
        {
            "id": enrollment.pk,
            "session": listed.session.pk,
            "status": enrollment.status,
            "attendance_at": None,
            "completed_at": None,
        }
        for enrollment in (listed.waiting, listed.enrolled)
    ]
    _assert_exact(response, _page(*rows))
