"""API clients per actor: sessions for people, API keys for partners."""

import pytest
from rest_framework.test import APIClient

from courses.models import ProviderAPIKey


@pytest.fixture
def anonymous_client():
    return APIClient()


def session_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def key_client(provider) -> APIClient:
    _api_key, key = ProviderAPIKey.objects.create_key(name="test", provider=provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


@pytest.fixture
def hr_client(hr):
    return session_client(hr)


@pytest.fixture
def manager_client(manager):
    return session_client(manager)
