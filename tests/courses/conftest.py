import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashes(settings):
    """The named actors are real users; a cheap hasher keeps setup from
    dominating these tests (the default hasher costs ~0.5-1.5 s per user)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
