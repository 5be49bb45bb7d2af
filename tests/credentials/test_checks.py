"""What badges demand of production settings."""

import pytest

from credentials.checks import base_url, key_encryption_key


@pytest.mark.parametrize(
    ("production", "value", "ok"),
    [
        (False, "http://127.0.0.1:8000", True),
        (True, "https://kyndig.kommune.dk", True),
        (True, "http://kyndig.kommune.dk", False),
        (True, "", False),
        (True, "https://kyndig.kommune.dk/app", False),
    ],
)
def test_the_base_url(settings, production, value, ok):
    settings.PRODUCTION, settings.KYNDIG_BASE_URL = production, value
    errors = base_url()
    assert (errors == []) is ok
    if not ok:
        assert errors[0].id == "credentials.E001"


def test_the_key_encryption_key(settings):
    assert key_encryption_key() == []
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "short"
    assert [error.id for error in key_encryption_key()] == ["credentials.E002"]
