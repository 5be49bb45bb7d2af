"""Who the client is behind a reverse proxy, seen through the sign-in lockout.

The lockout counts failures per (username, client address). Behind a proxy
REMOTE_ADDR is the proxy, so without DJANGO_TRUSTED_PROXIES every client
would share one address and anyone could lock a user out.
"""

import pytest
from django.test import Client
from django.urls import reverse

PROXY = "10.0.0.2"
FAILURES = 5


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]


def sign_in(client, password, **meta):
    return client.post(
        reverse("login"), {"username": "hr", "password": password}, **meta
    )


def lock_out(remote_addr, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    for attempt in range(FAILURES):
        if forwarded_for:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded_for(attempt)
        sign_in(Client(), "wrong", **meta)
    return meta


def test_clients_behind_a_trusted_proxy_do_not_lock_each_other_out(hr, behind_proxy):
    meta = lock_out(PROXY, lambda attempt: "198.51.100.1")
    assert sign_in(Client(), "demo-password-1", **meta).status_code == 429
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert sign_in(Client(), "demo-password-1", **colleague).status_code == 302


def test_the_address_a_trusted_proxy_appended_is_the_client(hr, behind_proxy):
    # A client may send its own X-Forwarded-For; the proxy appends what it saw.
    meta = lock_out(PROXY, lambda attempt: f"203.0.113.{attempt}, 198.51.100.1")
    assert sign_in(Client(), "demo-password-1", **meta).status_code == 429


def test_chained_trusted_proxies_are_skipped(hr, behind_proxy):
    meta = lock_out(PROXY, lambda attempt: "198.51.100.1, 10.1.1.1")
    other = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2, 10.1.1.1"}
    assert sign_in(Client(), "demo-password-1", **meta).status_code == 429
    assert sign_in(Client(), "demo-password-1", **other).status_code == 302


def test_forwarded_for_from_an_untrusted_address_is_ignored(hr, behind_proxy):
    # Changing the header on each attempt does not dodge the lockout.
    meta = lock_out("198.51.100.7", lambda attempt: f"203.0.113.{attempt}")
    meta["HTTP_X_FORWARDED_FOR"] = "203.0.113.99"
    assert sign_in(Client(), "demo-password-1", **meta).status_code == 429


def test_without_trusted_proxies_forwarded_for_is_ignored(hr):
    meta = lock_out(PROXY, lambda attempt: f"198.51.100.{attempt}")
    meta["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    assert sign_in(Client(), "demo-password-1", **meta).status_code == 429
