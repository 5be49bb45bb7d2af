"""Errors, languages, filters, ordering, pagination and scoped writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.pagination import StandardPagination
from employees.models import Employee
from tests import factories
from tests.api.conftest import session_client

pytestmark = pytest.mark.django_db


def test_validation_problem_lists_each_field(hr_client):
    response = hr_client.post("/api/v1/employees/", {"name": ""}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["status"] == 400
    assert {"type", "title", "detail"} <= set(body)
    fields = {error["field"] for error in body["errors"]}
    assert {"name", "employee_number", "department"} <= fields


def test_accept_language_picks_the_message_language(anonymous_client):
    da = anonymous_client.get("/api/v1/employees/", HTTP_ACCEPT_LANGUAGE="da")
    en = anonymous_client.get("/api/v1/employees/", HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["detail"] == "Authentication credentials were not provided."
    assert da.json()["detail"] != en.json()["detail"]
    assert da.json()["code"] == en.json()["code"] == "not_authenticated"


def test_unknown_object_is_a_not_found_problem(hr_client):
    response = hr_client.get("/api/v1/employees/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_huge_ids_are_not_found_not_errors(hr_client):
    assert hr_client.get("/api/v1/employees/99999999999999999999/").status_code == 404
    response = hr_client.get("/api/v1/employees/", {"department": 10**30})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/employees/", {"department": "abc"}),
        ("/api/v1/enrollments/", {"status": "sleeping"}),
        ("/api/v1/courses/", {"mode": "telepathy"}),
        ("/api/v1/sessions/", {"starts_from": "tomorrow"}),
        ("/api/v1/employees/", {"ordering": "work_email"}),
    ],
)
def test_bad_filter_and_ordering_values_answer_400(hr_client, url, params):
    response = hr_client.get(url, params)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_an_unreadable_page_size_falls_back_to_the_default(hr_client, department):
    default = StandardPagination.page_size
    factories.EmployeeFactory.create_batch(default + 5, department=department)
    response = hr_client.get("/api/v1/employees/", {"page_size": "lots"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= default + 5
    assert len(body["results"]) == default


def test_page_size_is_capped_at_100(hr_client, department):
    factories.EmployeeFactory.create_batch(105, department=department)
    body = hr_client.get("/api/v1/employees/", {"page_size": 500}).json()
    assert len(body["results"]) == 100
    assert body["count"] == 105


def test_search_matches_names_only(hr_client, department):
    factories.EmployeeFactory(department=department, name="Karen Blixen")
    factories.EmployeeFactory(department=department, work_email="karen@x.dk")
    rows = hr_client.get("/api/v1/employees/", {"search": "karen"}).json()["results"]
    assert [row["name"] for row in rows] == ["Karen Blixen"]


def _first_error(response):
    assert response.status_code == 400, response.content
    return response.json()["errors"][0]


def test_out_of_scope_employee_reads_like_a_missing_one(
    manager_client, other_department
):
    stranger = factories.EmployeeFactory(department=other_department)
    missing = Employee.objects.order_by("-pk").first().pk + 1000

    def error(employee_id):
        body = {"employee": employee_id, "competence": "1.1", "level": 3}
        found = _first_error(manager_client.post("/api/v1/assessments/", body))
        return found["code"], found["message"].replace(str(employee_id), "N")

    assert error(stranger.pk) == error(missing)


def test_session_outside_the_catalogue_reads_like_a_missing_one(hr_client, employee):
    draft = factories.CourseSessionFactory(course__status="draft")
    missing = draft.pk + 1000

    def error(session_id):
        body = {"employee": employee.pk, "session": session_id}
        found = _first_error(hr_client.post("/api/v1/enrollments/", body))
        return found["field"], found["message"].replace(str(session_id), "N")

    assert error(draft.pk) == error(missing) == ("session", error(missing)[1])


def test_manager_cannot_move_an_employee(manager_client, employee, other_department):
    response = manager_client.patch(
        f"/api/v1/employees/{employee.pk}/",
        {"department": other_department.pk},
        format="json",
    )
    assert response.status_code == 403
    employee.refresh_from_db()
    assert employee.department_id != other_department.pk


def test_hr_cannot_move_an_employee_out_of_their_scope(
    hr_client, employee, other_municipality
):
    foreign = factories.DepartmentFactory(parent=other_municipality)
    response = hr_client.patch(
        f"/api/v1/employees/{employee.pk}/", {"department": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "department"


def test_scope_and_ownership_fields_are_read_only(hr_client, employee, other_hr):
    # 999 is no municipality: were the field writable, the PATCH would be a 400.
    municipality = employee.municipality_id
    response = hr_client.patch(
        f"/api/v1/employees/{employee.pk}/",
        {"user": other_hr.pk, "municipality": 999, "name": "Anna B. Jensen"},
        format="json",
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.user.username == "employee"
    assert employee.municipality_id == municipality
    assert response.json()["municipality"] == municipality
    assert employee.name == "Anna B. Jensen"


def test_employee_number_clash_is_a_validation_error(hr_client, employee, department):
    body = {
        "name": "Ny",
        "employee_number": employee.employee_number,
        "department": department.pk,
    }
    response = hr_client.post("/api/v1/employees/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "employee_number"


def test_assessment_source_follows_the_caller(manager_client, employee):
    body = {"employee": employee.pk, "competence": "2.4", "level": 5}
    by_manager = manager_client.post("/api/v1/assessments/", body, format="json")
    by_self = session_client(employee.user).post(
        "/api/v1/assessments/", body, format="json"
    )
    assert by_manager.json()["source"] == "manager"
    assert by_self.json()["source"] == "self"


def test_duplicate_enrollment_is_a_conflict(hr_client, employee):
    session = factories.CourseSessionFactory()
    body = {"employee": employee.pk, "session": session.pk}
    assert hr_client.post("/api/v1/enrollments/", body).status_code == 201
    again = hr_client.post("/api/v1/enrollments/", body)
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_enrollment"


@pytest.mark.parametrize("closed", ["cancelled", "started", "deadline"])
def test_closed_session_is_a_conflict(hr_client, employee, closed):
    now = timezone.now()
    session = factories.CourseSessionFactory(
        is_cancelled=closed == "cancelled",
        starts_at=now - timedelta(hours=1)
        if closed == "started"
        else now + timedelta(days=9),
        enrollment_deadline=(now - timedelta(days=1)).date()
        if closed == "deadline"
        else None,
    )
    response = hr_client.post(
        "/api/v1/enrollments/", {"employee": employee.pk, "session": session.pk}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "session_closed"


def test_full_session_waitlists(hr_client, employee, department):
    session = factories.CourseSessionFactory(capacity=1)
    factories.EnrollmentFactory(session=session)
    response = hr_client.post(
        "/api/v1/enrollments/", {"employee": employee.pk, "session": session.pk}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"


def test_bulk_enroll_answers_per_employee_in_order(
    hr_client, employee, department, other_municipality
):
    session = factories.CourseSessionFactory(capacity=1)
    colleague = factories.EmployeeFactory(department=department)
    foreign = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    ids = [employee.pk, foreign.pk, colleague.pk, employee.pk]
    response = hr_client.post(
        f"/api/v1/sessions/{session.pk}/enroll/", {"employees": ids}, format="json"
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["employee"] for r in results] == ids
    assert results[0]["status"] == "enrolled"
    assert results[1]["code"] == "not_found"
    assert results[2]["status"] == "waitlisted"
    assert results[3]["code"] == "duplicate_enrollment"


def test_employee_requests_and_manager_approves(employee, manager_client):
    session = factories.CourseSessionFactory()
    own = session_client(employee.user)
    requested = own.post(
        "/api/v1/enrollments/", {"employee": employee.pk, "session": session.pk}
    )
    assert requested.json()["status"] == "requested"
    enrollment = requested.json()["id"]
    assert own.post(f"/api/v1/enrollments/{enrollment}/approve/").status_code == 403
    approved = manager_client.post(f"/api/v1/enrollments/{enrollment}/approve/")
    assert approved.json()["status"] == "enrolled"
    again = manager_client.post(f"/api/v1/enrollments/{enrollment}/approve/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_practice_task_submit_review_and_return(employee, manager_client):
    course = factories.CourseFactory(practice_task="Dokumentér tre besøg.")
    enrollment = factories.EnrollmentFactory(
        employee=employee, session__course=course, status="attended"
    )
    own = session_client(employee.user)
    submitted = own.post(
        f"/api/v1/enrollments/{enrollment.pk}/practice-task/",
        {"evidence": "Tre besøg."},
        format="json",
    )
    assert submitted.status_code == 201
    task = submitted.json()["id"]
    returned = manager_client.post(
        f"/api/v1/practice-tasks/{task}/return/", {}, format="json"
    )
    assert returned.status_code == 400
    returned = manager_client.post(
        f"/api/v1/practice-tasks/{task}/return/", {"note": "Mangler"}, format="json"
    )
    assert returned.json()["status"] == "returned"


def test_problem_titles_follow_accept_language(hr_client, employee):
    session = factories.CourseSessionFactory()
    body = {"employee": employee.pk, "session": session.pk}
    hr_client.post("/api/v1/enrollments/", body)
    titles = {
        language: hr_client.post(
            "/api/v1/enrollments/", body, HTTP_ACCEPT_LANGUAGE=language
        ).json()["title"]
        for language in ("da", "en")
    }
    assert titles["en"] == "Already enrolled."
    assert titles["da"] != titles["en"]
