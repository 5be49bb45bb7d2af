"""The assessments API obeys the lowering rule of the service, like the pages."""

import pytest
from rest_framework.test import APIClient

from competences.models import Assessment
from tests.factories import AssessmentFactory, competence

pytestmark = pytest.mark.django_db
URL = "/api/v1/assessments/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _fields(response) -> dict:
    return {e["field"]: e["code"] for e in response.json()["errors"]}


def test_lowering_a_validated_level_needs_confirmation_and_a_note(employee, manager):
    AssessmentFactory(employee=employee, competence=competence("1.3"), level=4)
    client = _client(manager)
    lower = {"employee": employee.pk, "competence": "1.3", "level": 2}
    refused = client.post(URL, lower, format="json")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    assert _fields(refused) == {"level": "lowering_unconfirmed"}
    no_note = client.post(URL, {**lower, "confirm_lowering": True}, format="json")
    assert no_note.status_code == 400
    assert _fields(no_note) == {"note": "note_required"}
    assert Assessment.objects.filter(employee=employee).count() == 1
    meant = {**lower, "confirm_lowering": True, "note": "Nyt system, ny oplæring"}
    assert client.post(URL, meant, format="json").status_code == 201
    assert Assessment.objects.filter(employee=employee, level=2).exists()


def test_raising_and_self_assessing_need_no_confirmation(employee, manager):
    AssessmentFactory(employee=employee, competence=competence("1.3"), level=4)
    raise_ = {"employee": employee.pk, "competence": "1.3", "level": 5}
    assert _client(manager).post(URL, raise_, format="json").status_code == 201
    own = {"employee": employee.pk, "competence": "1.3", "level": 1}
    assert _client(employee.user).post(URL, own, format="json").status_code == 201
