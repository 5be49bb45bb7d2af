"""Competence pages: the appraisal talk, the single assessment, the help page."""

import pytest
from django.urls import reverse

from competences.models import Assessment
from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db
PROFILE = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "5.1"]


@pytest.fixture
def talk(municipality, employee):
    role = factories.JobRoleFactory(municipality=municipality, name="Sagsbehandler")
    for code in PROFILE:
        factories.RoleCompetenceFactory(
            role=role, competence=competence(code), target_level=4
        )
    employee.job_role = role
    employee.save()
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.3"), level=4
    )
    return reverse("assessment_conversation", args=[employee.pk])


def _post(client, url, **rows):
    data = {}
    for code, values in rows.items():
        pk = competence(code.replace("_", ".")).pk
        data.update({f"c{pk}-{key}": value for key, value in values.items()})
    return client.post(url, data)


def test_the_talk_shows_every_profile_competence_with_levels(client, manager, talk):
    client.force_login(manager)
    response = client.get(talk)
    html = response.content.decode()
    assert len(response.context["forms"]) == 7
    assert "Veldefinerede rutineopgaver og ligetil problemer" in html
    # No level is chosen by default: every row starts at "Unchanged".
    assert html.count('<option value="" selected>Uændret</option>') == 7


def test_the_talk_saves_the_changed_rows_and_leaves_the_rest(
    client, manager, employee, talk
):
    client.force_login(manager)
    response = _post(client, talk, **{"1_1": {"level": 3}, "2_1": {"level": 5}})
    assert response.status_code == 302
    saved = Assessment.objects.filter(employee=employee, assessed_by=manager)
    assert sorted((a.competence.code, a.level) for a in saved) == [
        ("1.1", 3),
        ("2.1", 5),
    ]


def test_lowering_asks_first_and_saves_nothing_until_confirmed(
    client, manager, employee, talk
):
    client.force_login(manager)
    before = Assessment.objects.count()
    response = _post(client, talk, **{"1_3": {"level": 2}, "2_1": {"level": 5}})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bekræft" in html
    assert f'name="c{competence("1.3").pk}-confirm_lowering"' in html
    assert Assessment.objects.count() == before
    response = _post(
        client,
        talk,
        **{
            "1_3": {"level": 2, "confirm_lowering": "on", "note": "Nyt system"},
            "2_1": {"level": 5},
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.count() == before + 2


def test_only_those_who_assess_may_hold_the_talk(
    client, employee, other_manager, viewer, talk
):
    for user in (employee.user, other_manager, viewer):
        client.force_login(user)
        assert client.get(talk).status_code == 404


def test_the_single_form_has_no_default_level(client, manager, employee):
    client.force_login(manager)
    url = reverse("assessment_create", args=[employee.pk])
    response = client.post(url, {"competence": competence("2.1").pk, "note": ""})
    assert 'id="id_level_error"' in response.content.decode()
    assert not Assessment.objects.filter(employee=employee).exists()


def test_the_single_form_asks_before_lowering(client, manager, employee):
    factories.AssessmentFactory(
        employee=employee, competence=competence("2.1"), level=4
    )
    client.force_login(manager)
    url = reverse("assessment_create", args=[employee.pk])
    data = {"competence": competence("2.1").pk, "level": 1, "note": ""}
    response = client.post(url, data)
    assert 'name="confirm_lowering"' in response.content.decode()
    assert Assessment.objects.filter(employee=employee).count() == 1
    client.post(url, {**data, "confirm_lowering": "on", "note": "Glemt det hele"})
    assert Assessment.objects.filter(employee=employee).count() == 2


def test_the_help_page_explains_levels_codes_and_stages(client, db):
    html = client.get(reverse("levels_help")).content.decode()
    assert "Teknologikyndig" in html
    assert "Huske" in html
    assert "2.4" in html


def test_role_profiles_name_each_competence_beside_its_code(client, hr, scene):
    client.force_login(hr)
    html = client.get(reverse("role_list")).content.decode()
    assert '<span class="badge">1.3</span> Håndtering af data' in html
    assert "niveau 4 eller højere" in html
