import pytest
from django.db import IntegrityError, transaction

from employees.access import access_for
from employees.models import Department, Employee
from tests import factories


def test_a_department_path_nests_under_its_parent(
    department, forvaltning, municipality
):
    assert department.path.startswith(forvaltning.path)
    assert forvaltning.path.startswith(municipality.path)
    assert (municipality.depth, forvaltning.depth, department.depth) == (0, 1, 2)
    assert department.municipality_id == municipality.pk
    assert municipality.municipality_id == municipality.pk


def test_subtree_is_depth_first_by_path(
    municipality, forvaltning, department, other_department
):
    names = list(
        Department.objects.in_subtree(municipality).values_list("name", flat=True)
    )
    assert names == [
        "Demo Kommune",
        "Sundhed og Omsorg",
        "Hjemmeplejen Nord",
        "Børn og Unge",
        "Dagtilbud",
    ]


def test_employee_numbers_are_unique_within_a_municipality(
    department, other_municipality
):
    factories.EmployeeFactory(department=department, employee_number="42")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EmployeeFactory(department=department, employee_number="42")
    elsewhere = factories.DepartmentFactory(parent=other_municipality)
    factories.EmployeeFactory(department=elsewhere, employee_number="42")
    assert Employee.objects.filter(employee_number="42").count() == 2


def test_employment_cannot_end_before_it_starts(department):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EmployeeFactory(
            department=department,
            employment_start="2024-01-01",
            employment_end="2023-01-01",
        )
    assert not Employee.objects.exists()


def test_a_manager_sees_only_their_subtree_and_themself(
    manager, department, other_department, employee
):
    outside = factories.EmployeeFactory(department=other_department)
    mine = factories.EmployeeFactory(department=department)
    visible = set(access_for(manager).employees())
    assert visible == {employee, mine}
    assert outside not in visible


def test_an_employee_without_grants_sees_only_themself(employee, department):
    factories.EmployeeFactory(department=department)
    assert list(access_for(employee.user).employees()) == [employee]


def test_hr_of_one_municipality_sees_nothing_of_another(hr, other_hr, department):
    factories.EmployeeFactory(department=department)
    assert access_for(other_hr).employees().count() == 0
    assert access_for(hr).employees().count() == 1
