from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competences.models import Assessment
from competences.services import assessment_record
from tests.factories import AssessmentFactory, competence


def test_it_appends_an_assessment(employee, manager):
    assessment = assessment_record(
        employee=employee,
        competence=competence("2.4"),
        level=5,
        source=Assessment.Source.MANAGER,
        assessed_by=manager,
        note="Leder samarbejdet i Teams",
    )
    assert Assessment.objects.get() == assessment
    assert (assessment.level, assessment.assessed_by) == (5, manager)


@pytest.mark.parametrize("level", [-1, 9])
def test_it_refuses_a_level_outside_0_to_8(employee, manager, level):
    with pytest.raises(ValidationError) as error:
        assessment_record(
            employee=employee,
            competence=competence("1.1"),
            level=level,
            source="manager",
            assessed_by=manager,
        )
    assert "between 0 and 8" in str(error.value) or "mellem 0 og 8" in str(error.value)
    assert not Assessment.objects.exists()


def test_it_refuses_a_future_date(employee, manager):
    with pytest.raises(ValidationError):
        assessment_record(
            employee=employee,
            competence=competence("1.1"),
            level=3,
            source="manager",
            assessed_by=manager,
            assessed_at=timezone.now() + timedelta(days=2),
        )
    assert not Assessment.objects.exists()


def test_it_refuses_an_inactive_employee(employee, manager):
    employee.is_active = False
    employee.save()
    with pytest.raises(ValidationError) as error:
        assessment_record(
            employee=employee,
            competence=competence("1.1"),
            level=3,
            source="manager",
            assessed_by=manager,
        )
    assert error.value.code == "employee_inactive"
    assert not Assessment.objects.exists()


def test_an_assessment_cannot_be_changed_after_it_is_made(db):
    assessment = AssessmentFactory()
    assessment.level = 8
    with pytest.raises(ValueError, match="append-only"):
        assessment.save()
    assessment.refresh_from_db()
    assert assessment.level == 3
