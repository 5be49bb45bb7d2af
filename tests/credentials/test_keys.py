"""Signing keys: one per municipality, encrypted at rest, rotated without
breaking old badges."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from joserfc.errors import JoseError

from credentials import keys
from credentials.models import IssuerKey
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_private_key_is_stored_encrypted(municipality):
    key = keys.key_active(issuer=factories.IssuerFactory(municipality=municipality))
    assert key.private_jwe.count(".") == 4  # a compact JWE
    assert "PRIVATE KEY" not in key.private_jwe
    assert '"d"' not in str(key.public_jwk)
    assert keys.private_key(key).as_dict(private=False)["n"] == key.public_jwk["n"]


def test_another_encryption_key_cannot_read_it(municipality, settings):
    key = keys.key_active(issuer=factories.IssuerFactory(municipality=municipality))
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "A" * 43
    with pytest.raises(JoseError):
        keys.private_key(key)


@pytest.mark.parametrize("value", ["", "too-short", "A" * 60])
def test_the_encryption_key_must_be_32_bytes(settings, value):
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = value
    with pytest.raises(ImproperlyConfigured):
        keys.encryption_key()


def test_one_active_key_per_issuer(municipality):
    issuer = factories.IssuerFactory(municipality=municipality)
    first = keys.key_active(issuer=issuer)
    assert keys.key_active(issuer=issuer) == first
    rotated = keys.key_rotate(issuer=issuer)
    assert rotated != first and keys.key_active(issuer=issuer) == rotated
    first.refresh_from_db()
    assert first.retired_at is not None
    kids = [key["kid"] for key in keys.public_key_set(issuer=issuer)["keys"]]
    assert kids == [rotated.public_jwk["kid"], first.public_jwk["kid"]]


def test_each_municipality_has_its_own_key(municipality, other_municipality):
    mine = keys.key_active(issuer=factories.IssuerFactory(municipality=municipality))
    theirs = keys.key_active(
        issuer=factories.IssuerFactory(municipality=other_municipality)
    )
    assert mine.public_jwk["n"] != theirs.public_jwk["n"]
    assert IssuerKey.objects.count() == 2
