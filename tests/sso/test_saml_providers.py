"""SAML identity providers per municipality, kept in the database: the sign-in
page's e-mail leads to them, and each matches only its own municipality's staff."""

from pathlib import Path

import pytest
from django.utils import timezone

from sso.models import SamlIdentityProvider
from tests import factories
from tests.sso.saml import EMAIL, NUMBER, needs_xmlsec

pytestmark = needs_xmlsec


@pytest.fixture
def municipal_idp(settings, idp, municipality):
    """Only the database's IdP: the environment's is switched off."""
    settings.SAML_IDP_METADATA_FILE = settings.SAML_IDP_METADATA_URL = ""
    settings.OIDC_ISSUER = ""
    row = SamlIdentityProvider.objects.create(
        municipality=municipality,
        name="Demo Kommune OS2faktor",
        email_domains="demo.dk, mail.demo.dk",
        metadata_xml=Path(idp.metadata_file).read_text(),
        attribute_email=EMAIL,
        attribute_employee_number="",
    )
    return row


@pytest.fixture
def anna(department):
    return factories.EmployeeFactory(
        department=department,
        name="Anna Jensen",
        employee_number="4711",
        work_email="anna.jensen@demo.dk",
    )


def start(client, email: str):
    return client.post("/sso/oidc/start/", {"email": email})


def sign_in_as(client, idp, email: str):
    chosen = start(client, email)
    assert chosen.status_code == 302
    assert chosen["Location"].startswith("/saml/login/?provider=saml")
    to_idp = client.get(chosen["Location"])
    assert to_idp.status_code == 302
    assert to_idp["Location"].startswith(idp.base)
    return client.post("/saml/acs/", {"SAMLResponse": idp.answer(to_idp["Location"])})


def signed_in_user(client):
    return client.get("/me/").wsgi_request.user


def test_the_login_page_asks_for_the_e_mail_when_only_saml_rows_exist(
    client, municipal_idp, settings
):
    settings.PASSWORD_LOGIN = False

    page = client.get("/login/").content.decode()

    assert 'action="/sso/oidc/start/"' in page
    assert 'href="/saml/login/"' not in page


def test_the_e_mail_domain_leads_to_the_municipality_s_saml_idp(
    client, idp, municipal_idp, anna
):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})

    response = sign_in_as(client, idp, "Anna.Jensen@Mail.Demo.dk")

    assert response.status_code == 302
    anna.refresh_from_db()
    assert signed_in_user(client) == anna.user
    assert client.session["sso_provider"] == f"saml{municipal_idp.pk}"


def test_the_row_s_attribute_names_are_used(client, idp, municipal_idp, anna):
    municipal_idp.attribute_employee_number = NUMBER
    municipal_idp.save()
    factories.EmployeeFactory(department=anna.department, work_email="x@demo.dk")
    idp.control(mode="valid", attributes={EMAIL: "x@demo.dk", NUMBER: "4711"})

    response = sign_in_as(client, idp, "anyone@demo.dk")

    assert response.status_code == 302
    anna.refresh_from_db()
    assert signed_in_user(client) == anna.user


def test_an_employee_of_another_municipality_is_refused(
    client, idp, municipal_idp, other_municipality
):
    stranger = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality),
        work_email="stranger@anden.dk",
    )
    idp.control(mode="valid", attributes={EMAIL: stranger.work_email})

    response = sign_in_as(client, idp, "someone@demo.dk")

    assert response.status_code == 403
    assert "another municipality" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    stranger.refresh_from_db()
    assert stranger.user is None


def test_an_identity_matching_two_employees_is_refused(
    client, idp, municipal_idp, department
):
    for _ in range(2):
        factories.EmployeeFactory(department=department, work_email="twin@demo.dk")
    idp.control(mode="valid", attributes={EMAIL: "twin@demo.dk"})

    response = sign_in_as(client, idp, "twin@demo.dk")

    assert response.status_code == 403
    assert "more than one employee" in response.content.decode()
    assert not signed_in_user(client).is_authenticated


def test_an_inactive_row_is_not_offered(client, idp, municipal_idp, anna):
    municipal_idp.is_active = False
    municipal_idp.save()

    response = start(client, anna.work_email)

    assert response.status_code == 400
    assert "knows no sign-in" in response.content.decode()
    assert (
        client.get(f"/saml/login/?provider=saml{municipal_idp.pk}").status_code == 404
    )


@pytest.mark.parametrize("key", ["saml999999", "saml²", "saml-1", "saml"])
def test_an_unknown_provider_key_is_not_found(client, municipal_idp, key):
    assert client.get("/saml/login/", {"provider": key}).status_code == 404
    assert client.get("/saml/login/?provider=../x").status_code == 404


def test_the_environment_s_idp_keeps_working_beside_the_rows(
    client, settings, idp, municipal_idp, anna
):
    settings.SAML_IDP_METADATA_FILE = idp.metadata_file
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})

    to_idp = client.get("/saml/login/")
    response = client.post(
        "/saml/acs/", {"SAMLResponse": idp.answer(to_idp["Location"])}
    )

    assert response.status_code == 302
    assert client.session["sso_provider"] == "saml"


def test_metadata_from_an_address_is_kept_and_not_fetched_at_each_sign_in(
    client, idp, municipal_idp, anna
):
    municipal_idp.metadata_url = f"{idp.base}/metadata"
    municipal_idp.metadata_xml = ""
    municipal_idp.save()
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})

    assert sign_in_as(client, idp, anna.work_email).status_code == 302

    municipal_idp.refresh_from_db()
    assert municipal_idp.entity_id == f"{idp.base}/idp"
    fetched_at = municipal_idp.metadata_fetched_at
    assert fetched_at is not None
    client.post("/logout/")
    assert sign_in_as(client, idp, anna.work_email).status_code == 302
    municipal_idp.refresh_from_db()
    assert municipal_idp.metadata_fetched_at == fetched_at


def test_a_failed_refresh_keeps_the_last_good_copy(
    client, settings, idp, municipal_idp, anna
):
    good = municipal_idp.metadata_xml
    municipal_idp.metadata_url = "http://127.0.0.1:9/metadata"
    municipal_idp.metadata_fetched_at = timezone.now() - timezone.timedelta(days=2)
    municipal_idp.save()
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})

    response = sign_in_as(client, idp, anna.work_email)

    assert response.status_code == 302
    municipal_idp.refresh_from_db()
    assert municipal_idp.metadata_xml == good
    assert timezone.now() - municipal_idp.metadata_fetched_at < timezone.timedelta(
        minutes=5
    )


def test_an_address_that_never_answered_gets_a_clear_page(client, municipal_idp, anna):
    municipal_idp.metadata_url = "http://127.0.0.1:9/metadata"
    municipal_idp.metadata_xml = ""
    municipal_idp.save()

    chosen = start(client, anna.work_email)
    response = client.get(chosen["Location"])

    assert response.status_code == 503
    assert "does not answer" in response.content.decode()


def test_the_metadata_is_published_with_only_database_idps(client, municipal_idp):
    response = client.get("/saml/metadata/")

    assert response.status_code == 200
    assert "/saml/acs/" in response.content.decode()


def test_a_response_without_the_browser_s_saml_session_is_refused(
    client, idp, municipal_idp, anna
):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})
    to_idp = client.get(start(client, anna.work_email)["Location"])
    saml_response = idp.answer(to_idp["Location"])
    client.cookies.clear()

    response = client.post("/saml/acs/", {"SAMLResponse": saml_response})

    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated


def test_sign_out_ends_the_session_at_the_municipality_s_idp(
    client, idp, municipal_idp, anna
):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})
    assert sign_in_as(client, idp, anna.work_email).status_code == 302

    to_idp = client.post("/logout/")["Location"]
    back = idp.logout(to_idp)

    assert to_idp.startswith(f"{idp.base}/slo/redirect?")
    assert idp.state()["logouts"] == 1
    assert client.get(back)["Location"] == "/login/"
    assert not signed_in_user(client).is_authenticated
