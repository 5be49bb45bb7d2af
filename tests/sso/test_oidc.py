"""Signing in with OpenID Connect against a real provider on 127.0.0.1
(panva's oidc-provider under node), the whole way through the browser's hops."""

import logging

import pytest
from django.contrib.auth import get_user_model

from employees.models import AccessGrant, Employee
from sso.models import GroupGrant, IdentityProvider
from tests import factories
from tests.sso.oidc import CLIENT_ID, CLIENT_SECRET, Browser


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def anna(department):
    return factories.EmployeeFactory(
        department=department,
        name="Anna Jensen",
        employee_number="4711",
        work_email="anna.jensen@demo.dk",
    )


def signed_in_user(client):
    return client.get("/me/").wsgi_request.user


def test_first_sign_in_creates_the_user_and_links_the_employee(oidc, browser, anna):
    oidc.accounts(anna={"email": "Anna.Jensen@demo.dk"})

    page = browser.sign_in("anna")

    assert page.status_code == 200
    anna.refresh_from_db()
    assert anna.user is not None
    assert signed_in_user(browser.client) == anna.user
    assert not anna.user.has_usable_password()
    assert "anna" not in anna.user.username.lower()


def test_a_second_sign_in_uses_the_linked_user(oidc, browser, anna, client):
    oidc.accounts(anna={"email": "anna.jensen@demo.dk"})
    browser.sign_in("anna")
    browser.sign_out()
    users = get_user_model().objects.count()

    browser.sign_in("anna")

    assert get_user_model().objects.count() == users
    anna.refresh_from_db()
    assert signed_in_user(browser.client) == anna.user


def test_an_existing_user_of_the_employee_is_signed_in(oidc, browser, employee):
    oidc.accounts(anna={"email": employee.work_email})

    browser.sign_in("anna")

    assert signed_in_user(browser.client) == employee.user


def test_the_employee_number_claim_wins_over_the_email(oidc, settings, browser, anna):
    settings.OIDC_CLAIM_EMPLOYEE_NUMBER = "employee_number"
    factories.EmployeeFactory(department=anna.department, work_email="shared@demo.dk")
    oidc.accounts(anna={"email": "shared@demo.dk", "employee_number": "4711"})

    browser.sign_in("anna")

    anna.refresh_from_db()
    assert signed_in_user(browser.client) == anna.user


def test_sign_in_grants_nothing_by_itself(oidc, browser, anna):
    oidc.accounts(anna={"email": anna.work_email, "groups": ["HR"]})

    browser.sign_in("anna")

    anna.refresh_from_db()
    assert not AccessGrant.objects.filter(user=anna.user).exists()


def refused(page, text: str):
    assert page.status_code == 403
    assert text in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated


def test_it_refuses_an_identity_matching_no_employee(oidc, browser, anna, caplog):
    oidc.accounts(ghost={"email": "ghost@demo.dk"})

    with caplog.at_level(logging.WARNING, logger="kyndig.sso"):
        page = browser.sign_in("ghost")

    refused(page, "No employee in Kyndig matches your sign-in")
    assert "reason=no_match" in caplog.text
    assert "ghost" not in caplog.text


def test_it_refuses_an_identity_matching_two_employees(oidc, browser, department):
    for _ in range(2):
        factories.EmployeeFactory(department=department, work_email="twin@demo.dk")
    oidc.accounts(twin={"email": "twin@demo.dk"})

    page = browser.sign_in("twin")

    refused(page, "matches more than one employee")
    assert not Employee.objects.filter(user__isnull=False).exists()


def test_it_refuses_an_inactive_employee(oidc, browser, anna):
    Employee.objects.filter(pk=anna.pk).update(is_active=False)
    oidc.accounts(anna={"email": anna.work_email})

    refused(browser.sign_in("anna"), "Your employment is not active")


def test_it_refuses_a_former_employee(oidc, browser, anna):
    Employee.objects.filter(pk=anna.pk).update(employment_end=anna.employment_start)
    oidc.accounts(anna={"email": anna.work_email})

    refused(browser.sign_in("anna"), "Your employment is not active")


@pytest.fixture
def municipal_provider(oidc, municipality):
    """The node provider kept in the database as Demo Kommune's."""
    return IdentityProvider.objects.create(
        municipality=municipality,
        name="Demo Kommune Entra ID",
        email_domains="demo.dk, mail.demo.dk",
        issuer=oidc.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid email kyndig",
        claim_groups="groups",
    )


def test_the_login_page_picks_the_provider_by_email_domain(
    settings, municipal_provider, browser, anna, oidc
):
    settings.OIDC_ISSUER = ""
    oidc.accounts(anna={"email": anna.work_email})

    browser.sign_in("anna", email="anna.jensen@mail.demo.dk")

    anna.refresh_from_db()
    assert signed_in_user(browser.client) == anna.user


def test_it_refuses_an_employee_of_another_municipality(
    settings, municipal_provider, browser, other_municipality, oidc
):
    settings.OIDC_ISSUER = ""
    stranger = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality),
        work_email="stranger@anden.dk",
    )
    oidc.accounts(stranger={"email": stranger.work_email})

    page = browser.sign_in("stranger", email="stranger@demo.dk")

    refused(page, "another municipality")
    stranger.refresh_from_db()
    assert stranger.user is None


def test_a_group_mapped_by_hr_gives_its_grant_and_takes_it_back(
    settings, municipal_provider, browser, anna, forvaltning, oidc
):
    settings.OIDC_ISSUER = ""
    GroupGrant.objects.create(
        municipality=municipal_provider.municipality,
        group="kyndig-ledere-sundhed",
        department=forvaltning,
        kind=AccessGrant.Kind.MANAGER,
    )
    oidc.accounts(anna={"email": anna.work_email, "groups": ["kyndig-ledere-sundhed"]})
    browser.sign_in("anna", email=anna.work_email)
    anna.refresh_from_db()
    grant = AccessGrant.objects.get(user=anna.user)
    assert (grant.department, grant.kind) == (forvaltning, "manager")

    browser.sign_out()
    oidc.accounts(anna={"email": anna.work_email, "groups": []})
    browser.sign_in("anna", email=anna.work_email)

    assert not AccessGrant.objects.filter(user=anna.user).exists()


def test_a_grant_from_hr_stays_when_the_group_goes(
    settings, municipal_provider, browser, anna, forvaltning, oidc
):
    settings.OIDC_ISSUER = ""
    GroupGrant.objects.create(
        municipality=municipal_provider.municipality,
        group="ledere",
        department=forvaltning,
        kind=AccessGrant.Kind.MANAGER,
    )
    user = factories.UserFactory()
    Employee.objects.filter(pk=anna.pk).update(user=user)
    factories.AccessGrantFactory(user=user, department=forvaltning, kind="manager")
    oidc.accounts(anna={"email": anna.work_email, "groups": []})

    browser.sign_in("anna", email=anna.work_email)

    assert AccessGrant.objects.filter(user=user, kind="manager").exists()


def test_it_refuses_a_wrong_state(oidc, browser, anna):
    oidc.accounts(anna={"email": anna.work_email})
    callback = browser.callback_url("anna")
    tampered = callback.replace("state=", "state=x")

    page = browser.client.get(tampered)

    assert page.status_code == 400
    assert "could not be verified" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated


def test_it_refuses_a_replayed_code(oidc, browser, anna):
    oidc.accounts(anna={"email": anna.work_email})
    callback = browser.callback_url("anna")
    assert browser.client.get(callback).status_code == 302
    browser.sign_out()

    page = browser.client.get(callback)

    assert page.status_code == 400
    assert not page.wsgi_request.user.is_authenticated


def test_it_refuses_a_code_replayed_into_a_new_sign_in(oidc, browser, anna):
    """Even with a fresh state of its own, an old code is spent at the provider."""
    oidc.accounts(anna={"email": anna.work_email})
    old = browser.callback_url("anna")
    browser.client.get(old)
    browser.sign_out()
    fresh = browser.callback_url("anna")
    code = old.split("code=")[1].split("&")[0]
    mixed = fresh.split("code=")[0] + "code=" + code + "&" + fresh.split("&", 1)[1]

    page = browser.client.get(mixed)

    assert page.status_code == 400
    assert not page.wsgi_request.user.is_authenticated


def test_sign_out_ends_the_provider_session_too(oidc, browser, anna):
    oidc.accounts(anna={"email": anna.work_email})
    browser.sign_in("anna")

    redirect = browser.client.post("/logout/")

    assert redirect["Location"].startswith(oidc.issuer + "/session/end?")
    assert "id_token_hint=" in redirect["Location"]
    confirm = browser.go(redirect)
    back = browser.submit_provider_form(confirm, logout="yes")
    assert back.wsgi_request.path == "/login/"
    assert not back.wsgi_request.user.is_authenticated
    # The provider asks for the login again instead of signing straight back in.
    assert 'name="login"' in browser.start_sign_in().text


def test_a_provider_that_is_down_gets_a_clear_page(oidc, browser, settings, db):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"

    page = browser.client.post("/sso/oidc/start/", {"email": ""})

    assert page.status_code == 503
    assert "does not answer" in page.content.decode()


def test_a_provider_gone_during_sign_in_gets_a_clear_page(oidc, browser, anna):
    oidc.accounts(anna={"email": anna.work_email})
    callback = browser.callback_url("anna")
    oidc.stop()
    try:
        page = browser.client.get(callback)
    finally:
        oidc.start()

    assert page.status_code == 503
    assert "does not answer" in page.content.decode()


def test_an_email_domain_without_a_provider_gets_a_clear_page(
    settings, municipal_provider, browser
):
    settings.OIDC_ISSUER = ""

    page = browser.client.post("/sso/oidc/start/", {"email": "someone@elsewhere.dk"})

    assert page.status_code == 400
    assert "Kyndig knows no sign-in for that e-mail address" in page.content.decode()
