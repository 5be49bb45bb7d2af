"""The credential is an Open Badges 3.0 OpenBadgeCredential: it validates
against 1EdTech's JSON Schema (pinned in schema/, see its README) and says
what DESIGN §11 asks."""

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.utils import timezone

from credentials import services
from credentials.documents import achievement_document
from credentials.services import identity_hash
from tests import factories
from tests.credentials.verifier import identity_matches

SCHEMA = json.loads(
    (
        Path(__file__).parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)


def valid(credential: dict) -> dict:
    jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.FormatChecker()
    ).validate(credential)
    return credential


def test_the_pinned_schema_is_the_credential_schema():
    jsonschema.Draft201909Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == "JSON Schema for the AchievementCredential class."


def test_the_schema_refuses_a_credential_without_an_issuer(badge):
    broken = {**badge.credential}
    del broken["issuer"]
    with pytest.raises(jsonschema.ValidationError):
        valid(broken)


def test_a_course_badge_is_a_valid_credential_aligned_to_its_outcomes(badge):
    credential = valid(badge.credential)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Dokumentation i omsorgssystemet"
    assert achievement["achievementType"] == "Course"
    assert "Dokumentér tre borgerbesøg" in achievement["criteria"]["narrative"]
    alignments = achievement["alignment"]
    assert [a["targetCode"] for a in alignments] == ["1.3", "2.1"]
    assert {a["targetFramework"] for a in alignments} == {"DigComp 2.2"}
    competence = factories.competence("1.3")
    assert alignments[0]["targetUrl"].endswith(f"/api/v1/competences/{competence.pk}/")


def test_the_issuer_is_the_municipality_with_its_key_set(badge, municipality):
    issuer = badge.credential["issuer"]
    assert issuer["name"] == "Demo Kommune"
    assert issuer["id"] == f"http://127.0.0.1:8000/badges/issuers/{municipality.pk}/"
    assert issuer["jwks_uri"] == issuer["id"] + "jwks.json"


def test_the_subject_is_a_salted_hash_of_the_work_email_only(badge, employee):
    credential = badge.credential
    text = json.dumps(credential)
    assert employee.work_email not in text and employee.name not in text
    (identifier,) = credential["credentialSubject"]["identifier"]
    assert identifier["identityHash"] == identity_hash(
        employee.work_email, identifier["salt"]
    )
    assert identity_matches(credential, employee.work_email.upper())
    assert not identity_matches(credential, "someone.else@example.dk")
    assert credential["credentialSubject"]["id"].startswith("urn:uuid:")


def test_two_badges_of_one_person_share_no_identifier(badge, stage_badge):
    first, second = (b.credential["credentialSubject"] for b in (badge, stage_badge))
    assert first["id"] != second["id"]
    assert first["identifier"][0]["salt"] != second["identifier"][0]["salt"]


def test_without_a_work_email_the_subject_is_its_id_alone(course, department):
    nobody = factories.EmployeeFactory(department=department, work_email="")
    awarded = services.badge_award(
        employee=nobody, course=course, awarded_at=timezone.now()
    )
    credential = valid(services.badge_sign(badge=awarded).credential)
    assert "identifier" not in credential["credentialSubject"]


def test_the_stage_badge_is_teknologikyndig_in_danish_and_english(stage_badge):
    credential = valid(stage_badge.credential)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Teknologikyndig"
    assert achievement["inLanguage"] == "da"
    assert achievement["achievementType"] == "Competency"
    (related,) = achievement["related"]
    assert related["inLanguage"] == "en"
    english = achievement_document(stage_badge.achievement, "en")
    assert english["id"] == related["id"]
    assert english["name"] == "Technology-proficient"
    assert english["description"] != achievement["description"]


def test_valid_from_is_the_award_and_valid_until_follows_the_setting(
    employee, course, settings
):
    settings.CREDENTIALS_VALID_DAYS = 365
    awarded_at = timezone.now() - timedelta(days=3)
    awarded = services.badge_award(
        employee=employee, course=course, awarded_at=awarded_at
    )
    credential = valid(services.badge_sign(badge=awarded).credential)
    assert credential["validFrom"] == awarded_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    until = awarded_at + timedelta(days=365)
    assert credential["validUntil"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_without_the_setting_a_badge_never_expires(badge):
    assert "validUntil" not in badge.credential


def test_revocation_is_a_bitstring_status_list_entry(badge):
    status = badge.credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(badge.status_index)
    assert status["id"] == f"{status['statusListCredential']}#{badge.status_index}"
