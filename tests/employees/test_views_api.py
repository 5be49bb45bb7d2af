"""Viewers see names only, so filters on detail fields must not reveal them."""

import pytest

from tests import factories

URL = "/api/v1/employees/"


@pytest.fixture
def staff(department):
    role = factories.JobRoleFactory(municipality=department.municipality)
    boss = factories.EmployeeFactory(
        department=department, is_manager=True, job_role=role, name="Boss"
    )
    plain = factories.EmployeeFactory(department=department, name="Plain")
    gone = factories.EmployeeFactory(
        department=department, is_active=False, name="Gone"
    )
    return {"role": role, "boss": boss, "plain": plain, "gone": gone}


def names(response):
    assert response.status_code == 200
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "params",
    [{"is_manager": "true"}, {"is_active": "false"}, {"job_role": "ROLE"}],
)
def test_viewer_cannot_filter_on_detail_fields(client, viewer, staff, params):
    params = {k: staff["role"].pk if v == "ROLE" else v for k, v in params.items()}
    client.force_login(viewer)
    assert names(client.get(URL, params)) == []


def test_viewer_still_lists_names(client, viewer, staff):
    client.force_login(viewer)
    assert names(client.get(URL)) == ["Boss", "Gone", "Plain"]


def test_hr_filters_on_detail_fields(client, hr, staff):
    client.force_login(hr)
    assert names(client.get(URL, {"is_manager": "true"})) == ["Boss"]
    assert names(client.get(URL, {"is_active": "false"})) == ["Gone"]
    assert names(client.get(URL, {"job_role": staff["role"].pk})) == ["Boss"]


def test_viewer_and_manager_filters_only_where_they_lead(
    client, viewer, staff, forvaltning, other_department
):
    factories.AccessGrantFactory(user=viewer, department=other_department)
    led = factories.EmployeeFactory(
        department=other_department, is_manager=True, name="Led"
    )
    client.force_login(viewer)
    assert names(client.get(URL, {"is_manager": "true"})) == [led.name]


def test_viewer_cannot_learn_who_works_in_a_department(
    client, viewer, staff, department
):
    client.force_login(viewer)
    assert names(client.get(URL, {"department": department.pk})) == []


def test_hr_filters_by_department(client, hr, staff, department):
    client.force_login(hr)
    assert names(client.get(URL, {"department": department.pk})) == [
        "Boss",
        "Gone",
        "Plain",
    ]
