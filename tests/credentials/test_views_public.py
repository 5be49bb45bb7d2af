"""The public badge pages and documents: no sign-in, hidden badges are gone."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from credentials import services
from credentials.models import Badge
from tests.credentials.verifier import NotVerified, verify

pytestmark = pytest.mark.django_db


def test_the_verification_page_needs_no_sign_in(badge, client):
    response = client.get(f"/badges/{badge.uuid}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dokumentation i omsorgssystemet" in page
    assert "Demo Kommune" in page
    assert "status-valid" in page
    assert f"/badges/{badge.uuid}.json" in page and f"/badges/{badge.uuid}.jwt" in page
    # It names no one: the holder shares the link.
    assert badge.employee.name not in page
    assert badge.employee.work_email not in page


def test_a_revoked_badge_says_so_without_the_reason(badge, client, hr):
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Forkert person")
    page = client.get(f"/badges/{badge.uuid}/").content.decode()
    assert "status-revoked" in page and "status-valid" not in page
    assert "Forkert person" not in page


def test_an_expired_badge_says_so(badge, client):
    Badge.objects.filter(pk=badge.pk).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    page = client.get(f"/badges/{badge.uuid}/").content.decode()
    assert "status-expired" in page


def test_the_page_follows_the_language(stage_badge, client):
    client.cookies["django_language"] = "en"
    page = client.get(f"/badges/{stage_badge.uuid}/").content.decode()
    assert "Technology-proficient" in page


@pytest.mark.parametrize("suffix", ["/", ".json", ".jwt"])
def test_a_hidden_badge_answers_404_everywhere(badge, client, suffix):
    assert client.get(f"/badges/{badge.uuid}{suffix}").status_code == 200
    services.badge_hide(badge=badge, hidden=True)
    assert client.get(f"/badges/{badge.uuid}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["/", ".json", ".jwt"])
def test_an_unknown_badge_answers_404(db, client, suffix):
    assert client.get(f"/badges/{uuid.uuid4()}{suffix}").status_code == 404


def test_the_json_and_jwt_are_the_stored_credential(badge, client):
    response = client.get(f"/badges/{badge.uuid}.json")
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == badge.credential
    response = client.get(f"/badges/{badge.uuid}.jwt")
    assert response["Content-Type"] == "application/jwt"
    assert response.content.decode() == badge.jwt


def test_a_badge_not_yet_signed_is_signed_when_fetched(employee, course, client):
    awarded = services.badge_award(
        employee=employee, course=course, awarded_at=timezone.now()
    )
    assert awarded.jwt == ""
    token = client.get(f"/badges/{awarded.uuid}.jwt").content.decode()
    verify(token, client)
    assert Badge.objects.get(pk=awarded.pk).jwt == token


def test_the_issuer_profile_key_set_and_achievements(badge, client, municipality):
    profile = client.get(f"/badges/issuers/{municipality.pk}/").json()
    assert profile["type"] == ["Profile"] and profile["name"] == "Demo Kommune"
    jwks = client.get(f"/badges/issuers/{municipality.pk}/jwks.json")
    assert jwks["Content-Type"].startswith("application/jwk-set+json")
    (key,) = jwks.json()["keys"]
    assert key["kid"] == badge.signed_with.public_jwk["kid"]
    assert {"kty", "n", "e", "kid", "alg", "use"} == set(key)
    achievement = badge.credential["credentialSubject"]["achievement"]
    english = achievement["related"][0]["id"].removeprefix("http://127.0.0.1:8000")
    assert client.get(english).json()["inLanguage"] == "en"
    french = f"/badges/achievements/{badge.achievement.uuid}/fr.json"
    assert client.get(french).status_code == 404


def test_a_municipality_that_issued_nothing_has_no_profile(client, municipality):
    assert client.get(f"/badges/issuers/{municipality.pk}/").status_code == 404
    assert client.get(f"/badges/issuers/{municipality.pk}/jwks.json").status_code == 404


def test_the_status_list_is_the_same_until_something_is_revoked(badge, client, hr):
    url = badge.credential["credentialStatus"]["statusListCredential"]
    path = url.removeprefix("http://127.0.0.1:8000")
    first = client.get(path).content
    assert client.get(path).content == first
    assert "max-age=300" in client.get(path)["Cache-Control"]
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    assert client.get(path).content != first


def test_the_status_list_is_signed_on_change_and_served_as_stored(
    badge, client, hr, settings, django_assert_max_num_queries
):
    url = badge.credential["credentialStatus"]["statusListCredential"]
    path = url.removeprefix("http://127.0.0.1:8000")
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    # Serving signs nothing: without the key-encryption key it still answers,
    # in one read.
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = ""
    with django_assert_max_num_queries(1):
        response = client.get(path)
    assert response.status_code == 200
    with pytest.raises(NotVerified, match="revoked"):
        verify(badge.jwt, client)
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert "max-age=300" in response["Cache-Control"]
