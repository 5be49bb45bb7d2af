"""/api/v1/fund-applications/ as DESIGN §12 pins it: payload, answers, codes."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from funding.models import FundApplication
from tests import factories
from tests.api.conftest import key_client, session_client
from tests.courses.workflow import started
from tests.funding.conftest import apply, colleague_on, sign_all

URL = "/api/v1/fund-applications/"
COSTS = {"fee": "3200.00", "materials": "0.00", "transport": "0.00"}


@pytest.fixture
def hr_api(hr):
    return session_client(hr)


def post(client, url, body=None):
    return client.post(url, body or {}, format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_hr_files_an_application_as_design_12_pins_it(hr_api, enrollment, rule):
    response = post(hr_api, URL, {"enrollments": [enrollment.pk], "costs": COSTS})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert body["amount_applied"] == "2560.00"
    assert body["workplace_share"] == "640.00"
    assert body["signatures"] == []
    assert body["enrollments"] == [enrollment.pk]
    assert body["costs"] == COSTS
    assert body["awaiting"] == "employee"
    assert body["participants"][0]["name"] == "Anna Jensen"
    assert FundApplication.objects.get().pk == body["id"]


def test_the_fee_defaults_to_the_course_price(hr_api, enrollment, rule):
    response = post(hr_api, URL, {"enrollments": [enrollment.pk]})
    assert response.status_code == 201
    assert response.json()["costs"]["fee"] == "3200.00"


def test_a_started_session_answers_409_session_started(
    hr_api, enrollment, session, rule
):
    started(session)
    response = post(hr_api, URL, {"enrollments": [enrollment.pk], "costs": COSTS})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "session_started"
    assert not FundApplication.objects.exists()


def test_an_amount_above_the_cap_answers_400_over_cap_with_what_remains(
    hr_api, enrollment, employee, rule
):
    factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        application__state="paid",
        amount=Decimal("29500.00"),
    )
    response = post(hr_api, URL, {"enrollments": [enrollment.pk], "costs": COSTS})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "over_cap"
    assert body["remaining"] == "500.00" and body["employee"] == employee.pk
    assert "500.00 kr." in body["detail"]
    assert FundApplication.objects.count() == 1


@pytest.mark.parametrize(
    "costs, field",
    [
        ({"fee": "-1.00"}, "costs.fee"),
        ({"fee": "mange penge"}, "costs.fee"),
        ({"materials": "-5"}, "costs.materials"),
        ({"transport": None}, "costs.transport"),
    ],
)
def test_negative_or_non_numeric_costs_answer_400(
    hr_api, enrollment, rule, costs, field
):
    response = post(hr_api, URL, {"enrollments": [enrollment.pk], "costs": costs})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not FundApplication.objects.exists()


def test_a_second_application_for_an_enrollment_answers_409(hr_api, enrollment, rule):
    assert post(hr_api, URL, {"enrollments": [enrollment.pk]}).status_code == 201
    response = post(hr_api, URL, {"enrollments": [enrollment.pk]})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_application"
    assert FundApplication.objects.count() == 1


def test_an_enrollment_out_of_scope_is_unknown(enrollment, rule, other_manager):
    response = post(
        session_client(other_manager), URL, {"enrollments": [enrollment.pk]}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "enrollments"


def test_an_employee_applies_for_their_own_enrollment(employee, enrollment, rule):
    response = post(
        session_client(employee.user), URL, {"enrollments": [enrollment.pk]}
    )
    assert response.status_code == 201


def test_the_signers_sign_submit_and_hr_answers(
    hr_api, enrollment, rule, employee, manager, union_rep
):
    application = post(hr_api, URL, {"enrollments": [enrollment.pk]}).json()
    detail = f"{URL}{application['id']}/"
    response = post(hr_api, detail + "submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "signatures_missing"
    out_of_turn = post(session_client(manager), detail + "sign/")
    assert out_of_turn.status_code == 409
    assert out_of_turn.json()["code"] == "signature_out_of_order"
    for user in (employee.user, manager, union_rep):
        assert post(session_client(user), detail + "sign/").status_code == 200
    signed = hr_api.get(detail).json()
    assert signed["state"] == "signed"
    assert [s["role"] for s in signed["signatures"]] == [
        "employee",
        "manager",
        "union_rep",
    ]
    assert signed["signatures"][0]["name"] == "Anna Jensen"
    assert post(hr_api, detail + "submit/").json()["state"] == "submitted"
    manager_answer = post(
        session_client(manager), detail + "decide/", {"state": "granted"}
    )
    assert manager_answer.status_code == 403
    assert post(hr_api, detail + "decide/", {"state": "granted"}).json()["state"] == (
        "granted"
    )
    assert post(hr_api, detail + "decide/", {"state": "paid"}).json()["state"] == "paid"


def test_a_signature_without_the_right_grant_answers_403_with_who_may(
    enrollment, rule, employee, viewer, hr_api
):
    application = apply([enrollment], employee.user)
    response = post(session_client(viewer), f"{URL}{application.pk}/sign/")
    # A viewer does not see the application at all.
    assert response.status_code == 404
    response = post(hr_api, f"{URL}{application.pk}/sign/")
    assert response.status_code == 403
    assert "union representative grant" in response.json()["detail"]


def test_changing_signed_costs_needs_drop_signatures(
    hr_api, enrollment, rule, employee, manager
):
    application = sign_all(apply([enrollment], employee.user), employee.user, manager)
    url = f"{URL}{application.pk}/costs/"
    response = post(hr_api, url, {"costs": {"fee": "1000.00"}})
    assert response.status_code == 409
    assert response.json()["code"] == "signatures_present"
    assert application.signatures.count() == 2
    response = post(hr_api, url, {"costs": {"fee": "1000.00"}, "drop_signatures": True})
    assert response.status_code == 200
    body = response.json()
    assert (body["signatures"], body["amount_applied"]) == ([], "800.00")


def test_a_bad_decision_answers_400(hr_api, enrollment, rule, employee):
    application = apply([enrollment], employee.user)
    response = post(hr_api, f"{URL}{application.pk}/decide/", {"state": "draft"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "state"


@pytest.fixture
def group(enrollment, session, department, other_department, rule, hr):
    colleague = colleague_on(session, department)
    outsider = colleague_on(session, other_department, name="Dorte Ø")
    return {
        "own": apply([enrollment], hr),
        "team": apply([colleague], hr),
        "outside": apply([outsider], hr),
    }


def ids(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_the_list_is_scoped_like_enrollments(
    group, hr, manager, other_manager, viewer, employee, union_rep, other_hr
):
    own, team, outside = group["own"].pk, group["team"].pk, group["outside"].pk
    assert ids(session_client(hr)) == {own, team, outside}
    assert ids(session_client(manager)) == {own, team}
    assert ids(session_client(other_manager)) == {outside}
    assert ids(session_client(employee.user)) == {own}
    assert ids(session_client(union_rep)) == {own, team, outside}
    assert ids(session_client(viewer)) == set()
    assert ids(session_client(other_hr)) == set()
    response = session_client(other_manager).get(f"{URL}{own}/")
    assert response.status_code == 404


def test_a_group_reaching_beyond_ones_scope_is_not_shown(
    enrollment, session, other_department, rule, hr, manager
):
    outsider = colleague_on(session, other_department, name="Dorte Ø")
    mixed = apply([enrollment, outsider], hr)
    assert mixed.pk in ids(session_client(hr))
    assert ids(session_client(manager)) == set()


def test_the_list_filters_by_state_and_employee(group, hr, employee):
    client = session_client(hr)
    FundApplication.objects.filter(pk=group["team"].pk).update(state="submitted")
    assert ids(client, "?state=submitted") == {group["team"].pk}
    assert ids(client, f"?employee={employee.pk}") == {group["own"].pk}
    assert client.get(URL + "?state=nonsense").status_code == 400
    assert client.get(URL + "?ordering=amount_applied").status_code == 400


def test_partners_and_anonymous_callers_are_kept_out(enrollment, rule, partner):
    assert key_client(partner).get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 401


def test_dates_and_amounts_come_as_the_api_writes_them(hr_api, enrollment, rule):
    body = post(hr_api, URL, {"enrollments": [enrollment.pk]}).json()
    assert body["applied_on"] == timezone.localdate().isoformat()
    assert body["percentage"] == "80.00"
    assert body["participants"][0]["amount"] == "2560.00"
