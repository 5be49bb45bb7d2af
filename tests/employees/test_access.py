"""The access policy's answers about union representatives and signers."""

import pytest
from django.http import Http404
from django.urls import reverse

from employees.access import access_for, deciders_of, deciders_values
from employees.models import AccessGrant
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def union_rep(municipality):
    user = factories.UserFactory(username="tr")
    factories.AccessGrantFactory(
        user=user, department=municipality, kind=AccessGrant.Kind.UNION_REP
    )
    return user


def test_a_union_representative_grant_opens_nothing_of_the_organisation(
    union_rep, employee, department
):
    access = access_for(union_rep)
    assert not access.has_grants and not access.is_lead and not access.is_hr
    assert not access.departments().exists()
    assert not access.employees().exists()
    assert not access.municipalities().exists()
    assert not access.subtrees()
    assert not access.can_view_employee(employee)
    assert not access.can_view_reports()
    with pytest.raises(Http404):
        access.figure_scope(department)


def test_a_union_representative_cosigns_for_the_staff_below_the_grant(
    union_rep, employee, other_department, other_municipality
):
    access = access_for(union_rep)
    inside = factories.EmployeeFactory(department=other_department)
    outside = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    assert access.is_union_rep
    assert set(access.union_rep_employees()) == {employee, inside}
    assert access.can_sign_as_union_rep(employee)
    assert not access.can_sign_as_union_rep(outside)
    assert not access.can_sign_as_manager(employee)
    assert not access.can_apply_for(employee)


def test_a_union_representative_sees_no_dashboard_nor_figures(client, union_rep):
    client.force_login(union_rep)
    assert client.get(reverse("dashboard")).status_code == 404
    response = client.get("/api/v1/progress/departments/")
    assert response.status_code == 403


def test_only_a_manager_grant_signs_as_the_manager(manager, hr, employee):
    assert access_for(manager).can_sign_as_manager(employee)
    assert not access_for(hr).can_sign_as_manager(employee)
    assert access_for(hr).can_decide_funding(employee)
    assert not access_for(manager).can_decide_funding(employee)


def test_nobody_signs_or_decides_for_themself(employee, department):
    user = employee.user
    for kind in (AccessGrant.Kind.MANAGER, AccessGrant.Kind.UNION_REP, "hr"):
        factories.AccessGrantFactory(user=user, department=department, kind=kind)
    access = access_for(user)
    assert access.can_apply_for(employee)
    assert not access.can_sign_as_manager(employee)
    assert not access.can_sign_as_union_rep(employee)
    assert not access.can_decide_funding(employee)


def test_a_superuser_signs_for_nobody(employee):
    root = factories.UserFactory(is_superuser=True, is_staff=True)
    access = access_for(root)
    assert access.can_apply_for(employee) and access.can_decide_funding(employee)
    assert not access.can_sign_as_manager(employee)
    assert not access.can_sign_as_union_rep(employee)


def _deciders(employee):
    return deciders_values(employee, "username", "is_active", "email")


def test_the_deciders_facts_match_deciders_of_at_every_depth_and_login(
    municipality, department, manager, hr
):
    """``deciders_values`` reuses one compiled query per shape (depth, login,
    fields): each call must still answer with its own employee's values."""
    deep = factories.DepartmentFactory(parent=department)
    deeper = factories.DepartmentFactory(parent=deep)
    alone = factories.DepartmentFactory(parent=municipality)
    near = factories.UserFactory(username="near")
    factories.AccessGrantFactory(
        user=near, department=deep, kind=AccessGrant.Kind.MANAGER
    )
    people = [
        factories.EmployeeFactory(department=place, user=user)
        for place in (department, deep, deeper, alone)
        for user in (None, factories.UserFactory())
    ]
    people.append(factories.EmployeeFactory(department=deep, user=near))
    for _round in range(2):  # the second round runs the compiled queries
        for person in people:
            expected = [user.username for user in deciders_of(person)]
            facts = _deciders(person)
            assert [row["username"] for row in facts] == expected, person
            assert all(row["is_active"] is True for row in facts)
    assert [row["username"] for row in _deciders(people[2])] == ["near"]
    assert [row["username"] for row in _deciders(people[6])] == [hr.username]
    # The manager of the deeper department is not their own decider.
    assert [row["username"] for row in _deciders(people[-1])] == [manager.username]


def test_the_deciders_follow_grants_made_between_two_calls(department, manager):
    person = factories.EmployeeFactory(department=department)
    assert [row["username"] for row in _deciders(person)] == [manager.username]
    manager.is_active = False
    manager.save()
    successor = factories.UserFactory(username="successor")
    factories.AccessGrantFactory(
        user=successor, department=department, kind=AccessGrant.Kind.MANAGER
    )
    assert [row["username"] for row in _deciders(person)] == ["successor"]


@pytest.mark.parametrize(
    "grants, sees",
    [
        ([], {"own"}),
        ([("municipality", "viewer")], {"own"}),
        ([("forvaltning", "manager")], {"own", "inside"}),
        ([("municipality", "hr")], {"own", "inside", "elsewhere"}),
        ([("forvaltning", "manager"), ("municipality", "viewer")], {"own", "inside"}),
        ([("other_municipality", "hr")], {"own", "abroad"}),
    ],
)
def test_detail_from_a_list_row_matches_detail_of_the_employee(
    grants, sees, request, employee_user, department, other_department
):
    """A list decides from a row's user id and department path what the
    policy decides from the employee itself."""
    user = employee_user
    for fixture, kind in grants:
        place = request.getfixturevalue(fixture)
        factories.AccessGrantFactory(user=user, department=place, kind=kind)
    people = {
        "own": factories.EmployeeFactory(department=other_department, user=user),
        "inside": factories.EmployeeFactory(department=department),
        "elsewhere": factories.EmployeeFactory(department=other_department),
        "abroad": factories.EmployeeFactory(
            department=request.getfixturevalue("other_municipality")
        ),
    }
    access = access_for(user)
    for name, person in people.items():
        from_row = access.can_view_detail_of(
            user_id=person.user_id, department_path=person.department.path
        )
        assert from_row == access.can_view_employee_detail(person) == (name in sees)


def test_a_superuser_sees_every_list_row_in_detail(department):
    admin = factories.UserFactory(is_superuser=True)
    person = factories.EmployeeFactory(department=department)
    assert access_for(admin).can_view_detail_of(
        user_id=person.user_id, department_path=person.department.path
    )
