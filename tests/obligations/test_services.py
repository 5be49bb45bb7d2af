"""Bad input to requirements and campaigns: a field message, nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from courses.models import Course
from obligations import services
from obligations.models import Campaign, Requirement
from tests import factories
from tests.factories import competence


def refused(field, **values):
    with pytest.raises(ValidationError) as error:
        services.requirement_create(**values)
    assert field in error.value.message_dict, error.value.message_dict
    assert not Requirement.objects.exists()
    return error.value.message_dict[field]


@pytest.fixture
def course(partner):
    return factories.CourseFactory(provider=partner)


def valid(hr, department, course, **changes):
    values = {
        "actor": hr,
        "name": "Informationssikkerhed",
        "kind": "course",
        "courses": [course],
        "departments": [department],
        "due_on": date(2027, 3, 1),
    }
    return values | changes


def test_it_creates_a_requirement(hr, department, course):
    requirement = services.requirement_create(**valid(hr, department, course))
    assert list(requirement.courses.all()) == [course]
    assert requirement.municipality_id == department.municipality_id


def test_it_refuses_an_empty_audience(hr, department, course):
    refused("departments", **valid(hr, department, course, departments=[]))


def test_it_refuses_a_department_of_another_municipality(
    hr, department, course, other_municipality
):
    refused(
        "departments", **valid(hr, department, course, departments=[other_municipality])
    )


def test_it_refuses_a_course_outside_the_catalogue(hr, department, partner):
    draft = factories.CourseFactory(provider=partner, status=Course.Status.DRAFT)
    with translation.override("en"):
        messages = refused("courses", **valid(hr, department, draft))
    assert "catalogue" in messages[0]


def test_it_refuses_an_archived_course_in_the_set(hr, department, course, partner):
    old = factories.CourseFactory(provider=partner, status=Course.Status.ARCHIVED)
    refused("courses", **valid(hr, department, course, courses=[course, old]))


@pytest.mark.parametrize("level", [0, 9, None])
def test_it_refuses_a_level_outside_1_to_8(hr, department, course, level):
    refused(
        "min_level",
        **valid(
            hr,
            department,
            course,
            kind="level",
            courses=[],
            competence=competence("1.3"),
            min_level=level,
        ),
    )


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(3000, 1, 1)])
def test_it_refuses_a_due_date_out_of_range(hr, department, course, day):
    refused("due_on", **valid(hr, department, course, due_on=day))


def test_it_refuses_both_or_neither_due(hr, department, course):
    refused("due_on", **valid(hr, department, course, due_days=30))
    refused("due_on", **valid(hr, department, course, due_on=None))


def test_a_manager_may_not_create(manager, department, course):
    refused("departments", **valid(manager, department, course))


def test_other_hr_may_not_change_it(hr, other_hr, department, course):
    requirement = services.requirement_create(**valid(hr, department, course))
    with pytest.raises(PermissionDenied):
        services.requirement_update(requirement=requirement, actor=other_hr, name="X")


def test_an_update_that_fails_saves_nothing(hr, department, course):
    requirement = services.requirement_create(**valid(hr, department, course))
    with pytest.raises(ValidationError):
        services.requirement_update(
            requirement=requirement, actor=hr, name="Ny", due_on=date(3001, 1, 1)
        )
    requirement.refresh_from_db()
    assert requirement.name == "Informationssikkerhed"


def test_exemption_needs_a_reason(hr, department, course, employee):
    requirement = services.requirement_create(**valid(hr, department, course))
    with pytest.raises(ValidationError):
        services.exemption_grant(
            requirement=requirement, employee=employee, reason=" ", actor=hr
        )


def test_exemption_is_audited(hr, department, course, employee):
    from auditlog.models import LogEntry

    requirement = services.requirement_create(**valid(hr, department, course))
    exemption = services.exemption_grant(
        requirement=requirement, employee=employee, reason="Orlov", actor=hr
    )
    entry = LogEntry.objects.get_for_object(exemption).get()
    assert entry.additional_data["employee"] == employee.pk


def test_campaign_refuses_an_end_before_its_start(hr, department):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            actor=hr,
            name="Nyt omsorgssystem",
            purpose="Færre fejl",
            practice_task="Dokumentér et besøg.",
            departments=[department],
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 1, 1),
        )
    assert "ends_on" in error.value.message_dict
    assert not Campaign.objects.exists()
