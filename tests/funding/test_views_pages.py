"""The Kompetencefond pages: each role's list, one application, the forms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from employees.models import EmployeeAccessLog
from funding.models import FundApplication
from tests import factories
from tests.courses.workflow import started
from tests.funding.conftest import apply, sign_all


@pytest.fixture
def application(enrollment, rule, employee):
    return apply([enrollment], employee.user)


def page(client, user, name, *args, status=200):
    client.force_login(user)
    response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    return response.content.decode()


def test_the_employee_sees_their_applications_and_signs(client, application, employee):
    assert f"#{application.pk}" in page(client, employee.user, "funding_mine")
    html = page(client, employee.user, "funding_detail", application.pk)
    assert "Sign as employee" in html
    response = client.post(reverse("funding_sign", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.awaiting == "manager"


def test_the_manager_and_union_rep_find_what_waits_for_them(
    client, application, employee, manager, union_rep
):
    assert f"#{application.pk}" not in page(client, manager, "funding_to_sign")
    sign_all(application, employee.user)
    assert f"#{application.pk}" in page(client, manager, "funding_to_sign")
    assert f"#{application.pk}" not in page(client, union_rep, "funding_to_sign")
    sign_all(application, manager)
    assert f"#{application.pk}" in page(client, union_rep, "funding_to_sign")
    html = page(client, union_rep, "funding_detail", application.pk)
    assert "Sign as union representative" in html


def test_hr_sees_all_in_scope_and_records_the_answer(
    client, application, employee, manager, union_rep, hr
):
    sign_all(application, employee.user, manager, union_rep)
    html = page(client, hr, "funding_detail", application.pk)
    assert "Submit to the fund" in html
    client.post(reverse("funding_submit", args=[application.pk]))
    html = page(client, hr, "funding_detail", application.pk)
    assert "Mark Granted" in html and "Mark Refused" in html
    client.post(reverse("funding_decide", args=[application.pk]), {"state": "granted"})
    application.refresh_from_db()
    assert application.state == "granted"
    listed = page(client, hr, "funding_list")
    assert f"#{application.pk}" in listed and "Granted" in listed


def test_a_refusal_is_shown_as_a_message_and_changes_nothing(
    client, application, manager
):
    client.force_login(manager)
    response = client.post(
        reverse("funding_sign", args=[application.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "The manager signs once every participant has signed." in (
        response.content.decode()
    )
    assert not application.signatures.exists()


def test_the_detail_page_is_a_logged_read_and_out_of_scope_is_404(
    client, application, manager, other_manager, viewer
):
    page(client, other_manager, "funding_detail", application.pk, status=404)
    page(client, viewer, "funding_detail", application.pk, status=404)
    page(client, manager, "funding_detail", application.pk)
    assert list(
        EmployeeAccessLog.objects.values_list("viewer__username", "channel")
    ) == [("manager", "page")]


def test_an_employee_applies_on_the_page(client, enrollment, rule, employee):
    html = page(client, employee.user, "funding_create")
    assert enrollment.session.course.title in html
    response = client.post(
        reverse("funding_create"),
        {
            "enrollments": [enrollment.pk],
            "education_kind": "course",
            "fee": "",
            "materials": "100.00",
            "transport": "0",
        },
    )
    application = FundApplication.objects.get()
    assert response["Location"] == reverse("funding_detail", args=[application.pk])
    assert application.amount_applied == Decimal("2640.00")


def test_the_form_shows_the_services_refusal(client, enrollment, rule, employee):
    factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        application__state="granted",
        amount=Decimal("30000.00"),
    )
    client.force_login(employee.user)
    response = client.post(
        reverse("funding_create"),
        {
            "enrollments": [enrollment.pk],
            "education_kind": "course",
            "materials": "0",
            "transport": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "0.00 kr. of 30,000.00 kr. remains" in response.content.decode()
    assert FundApplication.objects.count() == 1


def test_a_started_session_is_no_longer_offered(client, enrollment, session, rule, hr):
    assert enrollment.session.course.title in page(client, hr, "funding_create")
    started(session)
    assert enrollment.session.course.title not in page(client, hr, "funding_create")


def test_signed_costs_change_only_when_confirmed(
    client, application, employee, manager
):
    sign_all(application, employee.user, manager)
    html = page(client, employee.user, "funding_costs", application.pk)
    assert "must all sign again" in html
    url = reverse("funding_costs", args=[application.pk])
    costs = {"fee": "1000", "materials": "0", "transport": "0"}
    response = client.post(url, costs, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "confirm to go on" in response.content.decode()
    assert application.signatures.count() == 2
    response = client.post(url, {**costs, "drop_signatures": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_applied == Decimal("800.00")
    assert not application.signatures.exists()


def test_the_figures_page_links_its_workbook(client, application, hr, manager):
    html = page(client, hr, "funding_figures")
    assert "Kompetencefond per department" in html
    assert reverse("report-funding") in html
    page(client, manager, "funding_figures")


def test_the_employee_page_shows_the_applications(client, application, employee):
    html = page(client, employee.user, "employee_detail", employee.pk)
    assert "Kompetencefond" in html and f"#{application.pk}" in html
    assert reverse("funding_create") in html


def test_the_pages_answer_danish(client, application, employee):
    client.force_login(employee.user)
    html = client.get(
        reverse("funding_detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Underskriv som medarbejder" in html


def test_the_union_representatives_menu_counts_what_waits_for_them(
    client, application, employee, manager, union_rep
):
    sign_all(application, employee.user, manager)
    client.force_login(union_rep)
    response = client.get(reverse("catalogue"))
    menu = {item["name"]: item["count"] for item in response.context["menu_items"]}
    assert menu == {
        "my_page": None,
        "catalogue": None,
        "funding_to_sign": 1,
        "notifications": 0,
    }
