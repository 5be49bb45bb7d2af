"""Each workflow service emits its domain event exactly once, whichever channel
the write came through: a page, the API (staff or partner), the admin or the
HR import. Subscribers (notifications, badges, requirements) rely on it."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment, PracticeTaskSubmission
from tests import factories
from tests.api.conftest import key_client, session_client
from tests.employees.imports_files import csv_bytes
from tests.factories import competence

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def session(partner):
    course = factories.CourseFactory(
        provider=partner, status="published", practice_task="Prøv det i praksis."
    )
    factories.CourseOutcomeFactory(
        course=course, competence=competence("1.3"), from_level=1, to_level=3
    )
    return factories.CourseSessionFactory(course=course, capacity=1)


@pytest.fixture
def root_client(client):
    client.force_login(
        factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    return client


def emitted(events) -> Counter:
    return Counter(events.names())


def enrolled(session, employee, status=Status.ENROLLED, **fields):
    return factories.EnrollmentFactory(
        session=session, employee=employee, status=status, **fields
    )


# --- Requests and decisions -----------------------------------------------------
def test_a_request_on_the_page(client, session, employee, events):
    client.force_login(employee.user)
    client.post(reverse("session_request", args=[session.pk]))
    assert emitted(events) == {"enrollment_requested": 1}
    (payload,) = events.of("enrollment_requested")
    assert payload["enrollment"].employee == employee
    assert payload["actor"] == employee.user


def test_a_request_by_the_api(session, employee, events):
    response = session_client(employee.user).post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session.pk},
        format="json",
    )
    assert response.status_code == 201
    assert emitted(events) == {"enrollment_requested": 1}


def test_hr_places_directly_by_the_api(hr, session, employee, department, events):
    client = session_client(hr)
    client.post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session.pk},
        format="json",
    )
    other = factories.EmployeeFactory(department=department)
    client.post(
        "/api/v1/enrollments/",
        {"employee": other.pk, "session": session.pk},
        format="json",
    )
    assert emitted(events) == {"enrollment_enrolled": 1, "enrollment_waitlisted": 1}


def test_bulk_placement_tells_each_placement(hr, session, department, events):
    people = factories.EmployeeFactory.create_batch(3, department=department)
    response = session_client(hr).post(
        f"/api/v1/sessions/{session.pk}/enroll/",
        {"employees": [p.pk for p in people]},
        format="json",
    )
    assert response.status_code == 200
    assert emitted(events) == {"enrollment_enrolled": 1, "enrollment_waitlisted": 2}


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_decision_on_the_page(client, manager, session, employee, events, decision):
    request = enrolled(session, employee, Status.REQUESTED)
    client.force_login(manager)
    client.post(reverse(f"enrollment_{decision}", args=[request.pk]))
    expected = {"approve": "enrollment_approved", "reject": "enrollment_rejected"}
    assert emitted(events) == {expected[decision]: 1}


def test_an_approval_by_the_api_into_a_full_session(
    manager, session, employee, department, events
):
    enrolled(session, factories.EmployeeFactory(department=department))
    request = enrolled(session, employee, Status.REQUESTED)
    response = session_client(manager).post(
        f"/api/v1/enrollments/{request.pk}/approve/"
    )
    assert response.json()["status"] == "waitlisted"
    assert emitted(events) == {"enrollment_approved": 1}
    assert events.of("enrollment_approved")[0]["enrollment"].status == "waitlisted"


def test_a_withdrawal_promotes_the_first_waitlisted(
    employee, session, department, events
):
    place = enrolled(session, employee)
    waiting = enrolled(
        session,
        factories.EmployeeFactory(department=department),
        Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    session_client(employee.user).post(f"/api/v1/enrollments/{place.pk}/withdraw/")
    assert emitted(events) == {"enrollment_withdrawn": 1, "enrollment_promoted": 1}
    assert events.of("enrollment_promoted")[0]["enrollment"] == waiting


# --- Sessions: partner API and the admin --------------------------------------------
def test_more_seats_from_the_partner_promote_and_tell(
    partner, session, employee, department, events
):
    enrolled(session, employee)
    enrolled(
        session,
        factories.EmployeeFactory(department=department),
        Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    key_client(partner).patch(
        f"/api/v1/sessions/{session.pk}/", {"capacity": 2}, format="json"
    )
    assert emitted(events) == {"enrollment_promoted": 1}


def test_a_moved_session_from_the_partner(partner, session, employee, events):
    enrolled(session, employee)
    later = session.starts_at + timedelta(days=7)
    key_client(partner).patch(
        f"/api/v1/sessions/{session.pk}/",
        {
            "starts_at": later.isoformat(),
            "ends_at": (later + timedelta(hours=3)).isoformat(),
        },
        format="json",
    )
    assert emitted(events) == {"session_changed": 1}
    assert set(events.of("session_changed")[0]["changed"]) == {"starts_at", "ends_at"}


def test_a_resent_session_without_changes_tells_nothing(partner, session, events):
    key_client(partner).post(
        "/api/v1/sessions/",
        {
            "external_id": session.external_id,
            "course": session.course.external_id,
            "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(),
            "location": session.location,
            "capacity": session.capacity,
        },
        format="json",
    )
    assert emitted(events) == {}


def test_the_admin_moves_a_session_and_adds_seats(
    root_client, session, employee, department, events
):
    enrolled(session, employee)
    enrolled(
        session,
        factories.EmployeeFactory(department=department),
        Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    response = root_client.post(
        reverse("admin:courses_coursesession_change", args=[session.pk]),
        {
            "course": session.course_id,
            "starts_at_0": starts.date().isoformat(),
            "starts_at_1": starts.time().strftime("%H:%M:%S"),
            "ends_at_0": ends.date().isoformat(),
            "ends_at_1": ends.time().strftime("%H:%M:%S"),
            "location": "Et andet lokale",
            "capacity": 2,
        },
    )
    assert response.status_code == 302
    assert emitted(events) == {"session_changed": 1, "enrollment_promoted": 1}


def test_a_cancellation_names_everyone_on_it(partner, session, employee, events):
    place = enrolled(session, employee)
    key_client(partner).post(f"/api/v1/sessions/{session.pk}/cancel/")
    assert emitted(events) == {"session_cancelled": 1}
    assert events.of("session_cancelled")[0]["enrollments"] == [place]


# --- Attendance, evidence, completion ---------------------------------------------
def test_attendance_then_evidence_then_approval(
    partner, manager, session, employee, events
):
    place = enrolled(session, employee)
    key_client(partner).post(
        f"/api/v1/enrollments/{place.pk}/attendance/", {"attended": True}, format="json"
    )
    session_client(employee.user).post(
        f"/api/v1/enrollments/{place.pk}/practice-task/",
        {"evidence": "Jeg brugte det i tre besøg."},
        format="json",
    )
    submission = PracticeTaskSubmission.objects.get()
    session_client(manager).post(f"/api/v1/practice-tasks/{submission.pk}/approve/")
    assert emitted(events) == {
        "enrollment_attendance_recorded": 1,
        "practice_task_submitted": 1,
        "practice_task_approved": 1,
        "enrollment_completed": 1,
        # The course outcome raised 1.3 from 0 to 3.
        "assessment_recorded": 1,
        # The credentials app awards the course's badge.
        "badge_issued": 1,
    }
    completed = events.of("enrollment_completed")[0]
    assert [a.level for a in completed["assessments"]] == [3]


def test_returned_evidence_on_the_page(client, manager, session, employee, events):
    place = enrolled(session, employee)
    submission = factories.PracticeTaskSubmissionFactory(enrollment=place)
    client.force_login(manager)
    client.post(
        reverse("practice_task_review", args=[submission.pk]),
        {"decision": "return", "note": "Mere konkret, tak."},
    )
    assert emitted(events) == {"practice_task_returned": 1}


# --- Assessments: page, API, admin -------------------------------------------------
def test_an_assessment_on_the_page(client, manager, employee, events):
    client.force_login(manager)
    client.post(
        reverse("assessment_create", args=[employee.pk]),
        {"competence": competence("2.1").pk, "level": 4, "note": ""},
    )
    assert emitted(events) == {"assessment_recorded": 1}


def test_an_assessment_by_the_api(manager, employee, events):
    session_client(manager).post(
        "/api/v1/assessments/",
        {"employee": employee.pk, "competence": "2.1", "level": 4},
        format="json",
    )
    assert emitted(events) == {"assessment_recorded": 1}


def test_an_assessment_in_the_admin(root_client, employee, events):
    now = timezone.localtime()
    response = root_client.post(
        reverse("admin:competences_assessment_add"),
        {
            "employee": employee.pk,
            "competence": competence("2.1").pk,
            "level": 4,
            "source": "manager",
            "assessed_at_0": now.date().isoformat(),
            "assessed_at_1": "00:00:00",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert emitted(events) == {"assessment_recorded": 1}


# --- People: page, API, admin, import -------------------------------------------------
def test_an_employee_created_in_the_admin(root_client, department, events):
    response = root_client.post(
        reverse("admin:employees_employee_add"),
        {
            "name": "Ny Person",
            "employee_number": "8801",
            "department": department.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert emitted(events) == {"employee_created": 1}


def test_an_employee_changed_by_the_api(hr, employee, events):
    session_client(hr).patch(
        f"/api/v1/employees/{employee.pk}/", {"name": "Anna Holm"}, format="json"
    )
    assert emitted(events) == {"employee_updated": 1}
    assert events.of("employee_updated")[0]["changed"] == ["name"]


def test_the_import_tells_once_for_the_whole_file(hr, employee, department, events):
    rows = [
        ["6001", "Ny Person", "", department.code, "", "nej", "", ""],
        [
            employee.employee_number,
            "Anna Omdøbt",
            "",
            department.code,
            "",
            "nej",
            "",
            "",
        ],
    ]
    upload = SimpleUploadedFile("hr.csv", csv_bytes(rows), content_type="text/csv")
    response = session_client(hr).post(
        "/api/v1/imports/employees/",
        {"file": upload, "dry_run": "false"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert emitted(events) == {"employees_imported": 1}
    (payload,) = events.of("employees_imported")
    assert len(payload["created"]) == 1
    assert payload["updated"] == [employee.pk]
