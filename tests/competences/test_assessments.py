from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competences.models import Assessment
from competences.services import assessment_conversation_record, assessment_record
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


# --- The appraisal talk -------------------------------------------------------------
def _row(code, level, **extra):
    return {"competence": competence(code), "level": level, "note": "", **extra}


def test_the_talk_records_only_the_rows_given_a_level(employee, manager, events):
    recorded = assessment_conversation_record(
        employee=employee,
        rows=[_row("1.1", 3), _row("1.2", None), _row("2.1", 5)],
        assessed_by=manager,
    )
    assert [(a.competence.code, a.level) for a in recorded] == [("1.1", 3), ("2.1", 5)]
    assert Assessment.objects.filter(employee=employee).count() == 2
    assert [name for name, _payload in events] == ["assessment_recorded"] * 2


def test_lowering_a_validated_level_needs_a_confirmation(employee, manager):
    AssessmentFactory(employee=employee, competence=competence("1.1"), level=4)
    with pytest.raises(ValidationError) as refused:
        assessment_conversation_record(
            employee=employee,
            rows=[_row("1.1", 2), _row("2.1", 5)],
            assessed_by=manager,
        )
    key = f"{competence('1.1').pk}-level"
    assert refused.value.error_dict[key][0].code == "lowering_unconfirmed"
    # All or nothing: the raise in 2.1 waits for the talk to be confirmed.
    assert Assessment.objects.filter(employee=employee).count() == 1


def test_a_confirmed_lowering_needs_a_note_saying_why(employee, manager):
    AssessmentFactory(employee=employee, competence=competence("1.1"), level=4)
    with pytest.raises(ValidationError) as refused:
        assessment_conversation_record(
            employee=employee,
            rows=[_row("1.1", 2, confirm_lowering=True)],
            assessed_by=manager,
        )
    assert refused.value.error_dict[f"{competence('1.1').pk}-note"][0].code == (
        "note_required"
    )
    lowered = assessment_conversation_record(
        employee=employee,
        rows=[_row("1.1", 2, confirm_lowering=True, note="Nyt system, ny oplæring")],
        assessed_by=manager,
    )
    assert lowered[0].level == 2


def test_a_talk_without_any_level_is_refused(employee, manager):
    with pytest.raises(ValidationError) as refused:
        assessment_conversation_record(
            employee=employee, rows=[_row("1.1", None)], assessed_by=manager
        )
    assert refused.value.code == "nothing_chosen"
