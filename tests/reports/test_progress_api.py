"""GET /api/v1/progress/departments/."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employees.models import ApiToken
from tests import factories
from tests.factories import competence

URL = "/api/v1/progress/departments/"


@pytest.fixture
def staffed(department, forvaltning, other_department):
    role = factories.JobRoleFactory(municipality=department.municipality)
    factories.RoleCompetenceFactory(role=role, competence=competence("1.1"))
    people = [
        factories.EmployeeFactory(department=department, job_role=role),
        factories.EmployeeFactory(department=forvaltning, job_role=role),
        factories.EmployeeFactory(department=other_department),
    ]
    factories.AssessmentFactory(
        employee=people[0],
        competence=competence("1.1"),
        level=5,
        assessed_at=timezone.now() - timedelta(days=3),
    )
    return role


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_it_answers_the_design_shape(client, hr, department, staffed):
    response = get(client, hr, department=department.pk, **{"from": "2026-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"department", "from", "to", "results"}
    assert body["department"] == department.pk
    assert body["from"] == "2026-01-01"
    assert body["to"] == timezone.localdate().isoformat()
    (row,) = body["results"]
    assert set(row) == {
        "department",
        "code",
        "name",
        "parent",
        "depth",
        "headcount",
        "stages",
        "proficient_share",
        "target_met_share",
        "mean_level",
        "moved_up",
        "active_enrollments",
        "completions",
        "practice_tasks_verified",
        "suppressed",
    }
    assert row["suppressed"] is False
    assert row["headcount"] == 1
    assert row["stages"]["technology_proficient"] == {"count": 1, "share": 1.0}
    assert set(row["stages"]) == {
        "not_assessed",
        "technology_user",
        "self_reliant_user",
        "technology_proficient",
        "digital_champion",
    }


def test_without_dates_it_covers_the_last_12_months(client, hr, staffed):
    body = get(client, hr).json()
    today = timezone.localdate()
    assert body["to"] == today.isoformat()
    assert date.fromisoformat(body["from"]) == today - timedelta(days=365)


def test_without_department_it_covers_the_callers_scope(
    client, manager, forvaltning, department, staffed
):
    body = get(client, manager).json()
    assert body["department"] is None
    assert [r["department"] for r in body["results"]] == [forvaltning.pk, department.pk]
    assert body["results"][0]["headcount"] == 2


def test_it_filters_by_role(client, hr, municipality, staffed):
    body = get(client, hr, department=municipality.pk, role=staffed.pk).json()
    assert body["results"][0]["headcount"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-06-01", "to": "2026-01-01"},
        {"department": "abc"},
        {"role": "999999"},
    ],
)
def test_bad_values_answer_400(client, hr, staffed, params):
    response = get(client, hr, **params)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_another_municipalitys_role_is_refused(client, hr, other_municipality):
    role = factories.JobRoleFactory(municipality=other_municipality)
    assert get(client, hr, role=role.pk).status_code == 400


def test_it_rejects_other_departments(client, manager, other_department, staffed):
    assert get(client, manager, department=other_department.pk).status_code == 404


def test_a_missing_department_is_404(client, hr):
    assert get(client, hr, department=987654).status_code == 404


def test_an_employee_without_grants_sees_nothing(client, employee, staffed):
    response = get(client, employee.user)
    assert response.status_code == 403
    assert "results" not in response.json()


def test_anonymous_callers_are_refused(client, staffed):
    assert client.get(URL).status_code == 401


def test_a_bearer_token_carries_the_users_access(client, manager, department):
    _token, key = ApiToken.objects.create_key(name="script", user=manager)
    response = client.get(
        URL, {"department": department.pk}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["department"] == department.pk


def test_it_costs_the_same_queries_for_more_departments(
    client, hr, forvaltning, staffed
):
    client.force_login(hr)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(15):
        team = factories.DepartmentFactory(parent=forvaltning)
        factories.EmployeeFactory(department=team, job_role=staffed)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
