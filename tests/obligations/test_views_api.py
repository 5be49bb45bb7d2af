"""The obligations API of DESIGN §9, through HTTP."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from obligations import services
from obligations.models import CampaignTry, Requirement
from tests import factories
from tests.api.conftest import session_client
from tests.obligations.conftest import EARLY


@pytest.fixture
def hr_client(hr):
    return session_client(hr)


def test_hr_creates_a_requirement(hr_client, forvaltning, partner):
    course = factories.CourseFactory(provider=partner)
    response = hr_client.post(
        "/api/v1/requirements/",
        {
            "name": "Informationssikkerhed",
            "kind": "course",
            "courses": [course.pk],
            "departments": [forvaltning.pk],
            "due_on": "2027-03-01",
            "recurrence_months": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["courses"] == [course.pk]
    assert body["departments"] == [forvaltning.pk]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"departments": []}, "departments"),
        ({"due_on": "1899-01-01"}, "due_on"),
        ({"due_on": "3001-01-01"}, "due_on"),
        ({"kind": "level", "competence": "1.3", "min_level": 9}, "min_level"),
    ],
)
def test_bad_input_is_a_field_problem(hr_client, forvaltning, partner, changes, field):
    course = factories.CourseFactory(provider=partner)
    payload = {
        "name": "X",
        "kind": "course",
        "courses": [course.pk],
        "departments": [forvaltning.pk],
        "due_on": "2027-03-01",
    } | changes
    response = hr_client.post("/api/v1/requirements/", payload, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Requirement.objects.exists()


def test_other_municipality_department_is_refused(
    hr_client, other_municipality, partner
):
    course = factories.CourseFactory(provider=partner)
    response = hr_client.post(
        "/api/v1/requirements/",
        {
            "name": "X",
            "kind": "course",
            "courses": [course.pk],
            "departments": [other_municipality.pk],
            "due_on": "2027-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Requirement.objects.exists()


def test_progress_rows_sum_to_headcount(tree, hr):
    client = session_client(hr)
    response = client.get(
        "/api/v1/progress/requirements/",
        {"requirement": tree.security.pk, "at": EARLY.isoformat()},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["department"] is None
    codes = [row["code"] for row in body["results"]]
    assert codes == ["K001", "SUN", "HJN", "BOU", "DAG"]
    for row in body["results"]:
        counts = [s["count"] for s in row["statuses"].values()]
        assert sum(counts) == row["headcount"]
        assert set(row["statuses"]) == {"met", "not_due", "due", "overdue", "exempt"}


def test_progress_for_an_out_of_scope_department_is_404(tree, other_hr, department):
    client = session_client(other_hr)
    response = client.get(
        "/api/v1/progress/requirements/", {"department": department.pk}
    )
    assert response.status_code == 404


def test_people_rows_are_paginated(tree, hr):
    client = session_client(hr)
    response = client.get(
        f"/api/v1/requirements/{tree.security.pk}/people/",
        {"at": EARLY.isoformat(), "page_size": 2},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7
    assert len(body["results"]) == 2
    assert set(body["results"][0]) == {
        "employee",
        "name",
        "department",
        "status",
        "due_on",
        "lapses_on",
    }


def test_a_viewer_sees_no_people(tree, viewer):
    client = session_client(viewer)
    response = client.get(f"/api/v1/requirements/{tree.security.pk}/people/")
    assert response.json()["count"] == 0


def _running_campaign(hr, forvaltning):
    today = timezone.localdate()
    return services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Færre fejl",
        practice_task="Dokumentér et besøg.",
        departments=[forvaltning],
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
    )


def _try(employee, campaign) -> dict:
    response = session_client(employee.user).post(
        f"/api/v1/campaigns/{campaign.pk}/tries/",
        {"evidence": "Prøvede det."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_campaign_try_approved_at_the_practice_task_endpoint_counts(
    hr, manager, other_manager, employee, department, forvaltning
):
    """A try is reviewed at §5.1's /practice-tasks/<id>/approve/: the person's
    manager may, the person may not, another department's manager sees no
    such task; once approved the figures count the person as tried."""
    campaign = _running_campaign(hr, forvaltning)
    boss = factories.EmployeeFactory(department=forvaltning, is_manager=True)
    factories.EmployeeFactory(department=department)
    body = _try(employee, campaign)
    assert body["status"] == "submitted"
    assert body["employee"] == employee.pk
    url = f"/api/v1/practice-tasks/{body['practice_task']}/approve/"

    # Never a self-click: the employee sees their task, may not approve it.
    refused = session_client(employee.user).post(url, {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert session_client(other_manager).post(url, {}, format="json").status_code == 404
    assert CampaignTry.objects.get().status == "submitted"

    approved = session_client(manager).post(url, {"note": "Fint."}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["enrollment"] is None
    assert approved.json()["title"] == "Nyt omsorgssystem"
    attempt = CampaignTry.objects.get()
    assert (attempt.status, attempt.review_note) == ("approved", "Fint.")
    assert attempt.submission.reviewed_by == manager

    body = session_client(hr).get(f"/api/v1/progress/campaigns/{campaign.pk}/").json()
    (sun,) = [r for r in body["results"] if r["code"] == "SUN"]
    assert sun["tried"] == {
        "managers": {"count": 0, "of": 1, "share": 0.0},
        "staff": {"count": 1, "of": 2, "share": 0.5},
        "all": {"count": 1, "of": 3, "share": 0.3333},
    }
    assert boss.is_manager
    # §5.1's practice_tasks_verified counts a course's practice tasks only.
    progress = session_client(hr).get(
        f"/api/v1/progress/departments/?department={forvaltning.pk}"
    )
    assert progress.status_code == 200
    assert [r["practice_tasks_verified"] for r in progress.json()["results"]] == [0, 0]


def test_a_try_is_returned_only_with_a_note(hr, manager, employee, forvaltning):
    campaign = _running_campaign(hr, forvaltning)
    body = _try(employee, campaign)
    url = f"/api/v1/practice-tasks/{body['practice_task']}/return/"
    boss = session_client(manager)
    refused = boss.post(url, {}, format="json")
    assert refused.status_code == 400
    assert "note" in str(refused.json())
    assert CampaignTry.objects.get().status == "submitted"
    returned = boss.post(url, {"note": "Vis et konkret besøg."}, format="json")
    assert returned.status_code == 200, returned.json()
    attempt = CampaignTry.objects.get()
    assert attempt.status == "returned"
    assert attempt.review_note == "Vis et konkret besøg."
    # A returned try may be followed by a new one; the figures count none yet.
    again = _try(employee, campaign)
    assert again["practice_task"] != body["practice_task"]
    figures = session_client(hr).get(f"/api/v1/progress/campaigns/{campaign.pk}/")
    (sun,) = [r for r in figures.json()["results"] if r["code"] == "SUN"]
    assert sun["tried"]["all"]["count"] == 0


def test_a_second_open_try_is_a_conflict(hr, employee, forvaltning):
    campaign = _running_campaign(hr, forvaltning)
    _try(employee, campaign)
    response = session_client(employee.user).post(
        f"/api/v1/campaigns/{campaign.pk}/tries/", {"evidence": "Igen."}, format="json"
    )
    assert response.status_code == 409
    assert CampaignTry.objects.count() == 1


def test_the_practice_task_list_holds_tries_and_the_old_alias_is_gone(
    hr, manager, employee, forvaltning
):
    campaign = _running_campaign(hr, forvaltning)
    body = _try(employee, campaign)
    listing = session_client(manager).get(
        f"/api/v1/practice-tasks/?employee={employee.pk}"
    )
    assert [row["id"] for row in listing.json()["results"]] == [body["practice_task"]]
    gone = session_client(manager).post(
        f"/api/v1/campaign-tries/{body['id']}/approve/", {}, format="json"
    )
    assert gone.status_code == 404


def test_a_try_outside_the_period_is_a_conflict(hr, employee, forvaltning):
    campaign = services.campaign_create(
        actor=hr,
        name="Gammel",
        purpose="P",
        practice_task="T",
        departments=[forvaltning],
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 2, 1),
    )
    response = session_client(employee.user).post(
        f"/api/v1/campaigns/{campaign.pk}/tries/", {"evidence": "x"}, format="json"
    )
    assert response.status_code == 409


def test_lists_cost_the_same_for_more_rows(
    hr, employee, forvaltning, partner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employee.user = hr
    employee.save()
    client = session_client(hr)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/requirements/").status_code == 200
            assert client.get("/api/v1/campaigns/").status_code == 200
        return len(queries)

    def add():
        services.requirement_create(
            actor=hr,
            name="R",
            kind="course",
            courses=[factories.CourseFactory(provider=partner)],
            departments=[forvaltning],
            due_on=date(2027, 1, 1),
        )
        services.campaign_create(
            actor=hr,
            name="C",
            purpose="P",
            practice_task="T",
            departments=[forvaltning],
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 2, 1),
        )

    add()
    one = cost()
    for _ in range(4):
        add()
    assert cost() == one
