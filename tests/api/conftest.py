"""API clients per actor: sessions for people, API keys for partners."""

import pytest
from rest_framework.test import APIClient

from courses.models import ProviderAPIKey
from tests import factories


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


@pytest.fixture
def other_manager_client(other_manager):
    return session_client(other_manager)


@pytest.fixture
def viewer_client(viewer):
    return session_client(viewer)


@pytest.fixture
def employee_client(employee):
    return session_client(employee.user)


@pytest.fixture
def partner_client(partner):
    return key_client(partner)


@pytest.fixture
def other_partner_client(other_partner):
    return key_client(other_partner)


@pytest.fixture
def course(partner):
    course = factories.CourseFactory(provider=partner, external_id="KOM-2026-017")
    factories.CourseOutcomeFactory(course=course)
    return course


@pytest.fixture
def session(course):
    return factories.CourseSessionFactory(course=course, external_id="KOM-H1")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The actors' passwords are never checked here; a slow hasher only costs
    # seconds per test on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
