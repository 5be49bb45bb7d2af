"""The ID token checks: a provider whose keys and tokens the test controls
answers what a certified provider never would, and each must be refused."""

import pytest

from employees.models import Employee
from tests import factories
from tests.sso.oidc import Browser


@pytest.fixture
def anna(department):
    return factories.EmployeeFactory(
        department=department, name="Anna Jensen", work_email="anna.jensen@demo.dk"
    )


@pytest.fixture
def browser(client, forging, anna):
    forging.claims = {"email": anna.work_email}
    return Browser(client)


def test_a_valid_token_signs_in(forging, browser, anna):
    page = browser.start_sign_in()

    assert page.status_code == 200
    assert page.wsgi_request.user.is_authenticated
    assert Employee.objects.get(pk=anna.pk).user == page.wsgi_request.user


def test_the_authorization_request_uses_pkce_state_and_nonce(forging, browser):
    browser.start_sign_in()

    (params,) = forging.seen
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"]
    assert "openid" in params["scope"].split()


@pytest.mark.parametrize(
    "forge",
    [
        "other_key",
        "alg_none",
        "expired",
        "wrong_audience",
        "wrong_issuer",
        "wrong_nonce",
    ],
)
def test_it_refuses_a_forged_id_token(forging, browser, forge, caplog):
    forging.forge = forge

    page = browser.start_sign_in()

    assert page.status_code == 400
    assert "could not be verified" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    assert "sso token refused" in caplog.text


def test_a_rotated_key_is_fetched_anew(forging, browser, settings):
    settings.OIDC_METADATA_SECONDS = 300
    first = browser.start_sign_in()
    assert first.wsgi_request.user.is_authenticated
    browser.client.post("/logout/")
    fetches = forging.jwks_fetches

    forging.rotate()
    again = browser.start_sign_in()

    assert again.wsgi_request.user.is_authenticated
    assert forging.jwks_fetches == fetches + 1


def test_the_keys_are_kept_between_sign_ins(forging, browser, settings):
    settings.OIDC_METADATA_SECONDS = 300
    browser.start_sign_in()
    browser.client.post("/logout/")
    fetches = forging.jwks_fetches

    browser.start_sign_in()

    assert forging.jwks_fetches == fetches
