"""The JWT proof verifies with a second, independent JOSE library (PyJWT)
against the key set Kyndig publishes; a tampered, a revoked and a foreign-signed
credential do not."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.utils import timezone
from joserfc import jws
from joserfc.jwk import RSAKey

from credentials import services
from credentials.keys import key_rotate
from credentials.signing import jwt_claims
from tests.credentials.verifier import NotVerified, verify


def segments(token: str) -> list[str]:
    return token.split(".")


def b64json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def b64(document: dict) -> str:
    raw = json.dumps(document).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_badge_verifies_against_the_published_key_set(badge, client):
    claims = verify(badge.jwt, client)
    assert claims["credentialSubject"] == badge.credential["credentialSubject"]


def test_the_payload_is_the_credential_with_the_registered_claims(badge):
    header, payload, _signature = segments(badge.jwt)
    assert b64json(header) == {
        "alg": "RS256",
        "kid": badge.signed_with.public_jwk["kid"],
        "typ": "JWT",
    }
    claims = b64json(payload)
    credential = badge.credential
    assert {k: v for k, v in claims.items() if k in credential} == credential
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["nbf"] == int(badge.awarded_at.timestamp())
    assert "exp" not in claims


def test_the_kid_is_a_url_answering_the_public_key(badge, client):
    kid = badge.signed_with.public_jwk["kid"]
    assert kid.startswith("http://127.0.0.1:8000/badges/issuers/")
    answered = client.get(kid.removeprefix("http://127.0.0.1:8000")).json()
    assert answered["kid"] == kid and answered["kty"] == "RSA"
    assert "d" not in answered and "p" not in answered


def test_a_tampered_credential_fails(badge, client):
    header, payload, signature = segments(badge.jwt)
    claims = b64json(payload)
    claims["credentialSubject"]["achievement"]["name"] = "Digital frontløber"
    with pytest.raises(NotVerified, match="Signature verification failed"):
        verify(".".join([header, b64(claims), signature]), client)


def test_a_revoked_credential_fails(badge, client, hr):
    verify(badge.jwt, client)
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl i registreringen")
    with pytest.raises(NotVerified, match="revoked"):
        verify(badge.jwt, client)


def test_revoking_one_badge_leaves_the_others_valid(badge, stage_badge, client, hr):
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    verify(stage_badge.jwt, client)


def test_a_credential_signed_by_another_key_fails(badge, client):
    forger = RSAKey.generate_key(2048)
    header = {"alg": "RS256", "kid": badge.signed_with.public_jwk["kid"], "typ": "JWT"}
    forged = jws.serialize_compact(
        header, json.dumps(jwt_claims(badge.credential)).encode(), forger
    )
    with pytest.raises(NotVerified, match="Signature verification failed"):
        verify(forged, client)


def test_an_expired_credential_fails(employee, course, client, settings):
    settings.CREDENTIALS_VALID_DAYS = 30
    awarded = services.badge_award(
        employee=employee,
        course=course,
        awarded_at=timezone.now() - timedelta(days=31),
    )
    token = services.badge_sign(badge=awarded).jwt
    assert "exp" in jwt.decode(token, options={"verify_signature": False})
    with pytest.raises(NotVerified, match="expired"):
        verify(token, client)


def test_after_rotation_old_and_new_badges_verify(badge, employee, client):
    old_kid = badge.signed_with.public_jwk["kid"]
    new_key = key_rotate(issuer=badge.achievement.issuer)
    later = services.badge_sign(
        badge=services.badge_award(
            employee=employee, stage="technology_proficient", awarded_at=timezone.now()
        )
    )
    assert later.signed_with == new_key
    assert jwt.get_unverified_header(later.jwt)["kid"] != old_kid
    verify(badge.jwt, client)
    verify(later.jwt, client)
    jwks = client.get(f"/badges/issuers/{badge.achievement.issuer_id}/jwks.json")
    assert len(jwks.json()["keys"]) == 2


def test_signing_again_changes_nothing(badge):
    token = badge.jwt
    again = services.badge_sign(badge=badge)
    assert again.jwt == token
