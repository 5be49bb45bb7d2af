"""Request rates: per partner for keys, per client address for everyone else."""

import pytest
from django.core.cache import cache

from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db

CATALOGUE = "/api/v1/courses/"


@pytest.fixture(autouse=True)
def low_anonymous_rate(settings):
    settings.ANON_THROTTLE_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def statuses(client, url=CATALOGUE, times=4, **meta):
    return [client.get(url, **meta).status_code for _ in range(times)]


def test_anonymous_callers_are_throttled_per_address(client):
    assert statuses(client) == [200, 200, 200, 429]
    response = client.get(CATALOGUE)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert statuses(client, REMOTE_ADDR="198.51.100.8", times=1) == [200]


def test_refused_credentials_count_against_the_address(client):
    bad_key = {"HTTP_AUTHORIZATION": "Api-Key nope.nope"}
    assert statuses(client, **bad_key) == [401, 401, 401, 429]


def test_unauthenticated_calls_to_staff_endpoints_count(client):
    assert statuses(client, "/api/v1/employees/") == [401, 401, 401, 429]


def test_bad_keys_and_anonymous_reads_share_the_count(client):
    client.get(CATALOGUE, HTTP_AUTHORIZATION="Bearer nope.nope")
    client.get("/api/v1/employees/")
    assert statuses(client, times=2) == [200, 429]


def test_signed_in_staff_and_partners_are_not_counted_as_anonymous(hr, partner):
    assert statuses(session_client(hr), "/api/v1/employees/", times=5) == [200] * 5
    assert statuses(key_client(partner), times=5) == [200] * 5


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert statuses(client, **first) == [200, 200, 200, 429]
    assert statuses(client, times=1, **second) == [200]


def test_an_untrusted_forwarded_for_does_not_reset_the_count(client):
    answers = [
        client.get(CATALOGUE, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_the_throttle_message_is_danish_throughout(client):
    statuses(client, times=3)
    detail = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="da").json()["detail"]
    assert "Expected" not in detail and "throttled" not in detail
    assert "Prøv igen om" in detail


def test_the_throttle_message_is_english_on_request(client):
    statuses(client, times=3)
    detail = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert detail.startswith("Too many requests. Try again in ")


def test_the_partner_throttle_message_is_danish_throughout(partner, monkeypatch):
    from api.throttles import PartnerRateThrottle

    monkeypatch.setattr(PartnerRateThrottle, "THROTTLE_RATES", {"partner": "1/min"})
    api = key_client(partner)
    api.get(CATALOGUE)
    detail = api.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="da").json()["detail"]
    assert "Expected" not in detail
    assert "Prøv igen om" in detail
