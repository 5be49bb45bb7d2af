"""Page sections, menu items and open-work counters that apps register."""

import pytest
from django.urls import reverse

from courses.models import Enrollment, PracticeTaskSubmission
from employees import sections
from tests import factories

pytestmark = pytest.mark.django_db


def menu_names(client, user):
    client.force_login(user)
    response = client.get(reverse("catalogue"))
    return [item["name"] for item in response.context["menu_items"]]


def test_each_user_sees_the_menu_items_they_may_use(client, hr, manager, employee):
    assert menu_names(client, hr) == [
        "dashboard",
        "queue",
        "catalogue",
        "employees",
        "team",
        "rosters",
        "departments",
        "roles",
        "obligations",
        "funding_list",
        "notifications",
    ]
    assert menu_names(client, manager) == [
        "dashboard",
        "queue",
        "catalogue",
        "employees",
        "team",
        "rosters",
        "obligations",
        "funding_to_sign",
        "funding_list",
        "notifications",
    ]
    own = ["my_page", "catalogue", "notifications"]
    assert menu_names(client, employee.user) == own


def test_anonymous_visitors_see_the_catalogue(client, db):
    response = client.get(reverse("catalogue"))
    assert [item["name"] for item in response.context["menu_items"]] == ["catalogue"]


def test_open_work_counts_what_the_user_decides(manager, employee, department):
    colleague = factories.EmployeeFactory(department=department)
    factories.EnrollmentFactory(employee=colleague, status=Enrollment.Status.REQUESTED)
    factories.EnrollmentFactory(employee=employee, status=Enrollment.Status.REQUESTED)
    attended = factories.EnrollmentFactory(
        employee=colleague, status=Enrollment.Status.ATTENDED
    )
    factories.PracticeTaskSubmissionFactory(
        enrollment=attended, status=PracticeTaskSubmission.Review.SUBMITTED
    )
    counts = sections.todo_counts(manager)
    assert counts["approvals"] == 2
    assert counts["practice_tasks"] == 1
    # Nobody decides on their own requests.
    manager_record = factories.EmployeeFactory(department=department, user=manager)
    factories.EnrollmentFactory(
        employee=manager_record, status=Enrollment.Status.REQUESTED
    )
    assert sections.todo_counts(manager)["approvals"] == 2
    assert sections.todo_counts(employee.user) == {
        "approvals": 0,
        "practice_tasks": 0,
        "requirements_due": 0,
        "requirements_overdue": 0,
        "notifications": 0,
        "fund_signatures": 0,
    }


def test_a_menu_item_adds_up_the_counts_it_names(client, scene, manager):
    client.force_login(manager)
    response = client.get(reverse("catalogue"))
    queue = next(i for i in response.context["menu_items"] if i["name"] == "queue")
    # One request and one practice task wait for the manager.
    assert queue["count"] == 2
