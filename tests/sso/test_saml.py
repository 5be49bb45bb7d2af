"""SAML 2.0 sign-in against pysaml2's identity provider in a second process."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from employees.models import Employee
from tests import factories
from tests.sso.saml import (
    EMAIL,
    NUMBER,
    authn_redirect,
    encoded,
    needs_xmlsec,
    sign_in,
    xml,
)

pytestmark = needs_xmlsec


def test_metadata_is_published(client, idp):
    response = client.get("/saml/metadata/")

    assert response.status_code == 200
    document = response.content.decode()
    assert "/saml/acs/" in document
    assert 'AuthnRequestsSigned="true"' in document
    assert 'WantAssertionsSigned="true"' in document


def test_the_authn_request_is_signed(client, idp):
    query = parse_qs(urlsplit(authn_redirect(client)).query)

    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"]


def test_first_sign_in_creates_the_user_and_links_the_employee(client, idp, anna):
    idp.control(mode="valid", attributes={EMAIL: "Anna.Jensen@demo.dk"})

    response, _ = sign_in(client, idp)

    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.user is not None
    assert client.get("/me/").wsgi_request.user == anna.user


def test_the_employee_number_attribute_is_configurable(client, settings, idp, anna):
    settings.SAML_ATTRIBUTE_EMPLOYEE_NUMBER = NUMBER
    factories.EmployeeFactory(department=anna.department, work_email="x@demo.dk")
    idp.control(mode="valid", attributes={EMAIL: "x@demo.dk", NUMBER: "4711"})

    response, _ = sign_in(client, idp)

    anna.refresh_from_db()
    assert response.status_code == 302
    assert client.get("/me/").wsgi_request.user == anna.user


def refused(client, response, status=403):
    assert response.status_code == status
    assert not client.get("/me/").wsgi_request.user.is_authenticated
    assert not Employee.objects.filter(user__isnull=False).exists()


def test_it_refuses_an_identity_matching_two_employees(client, idp, department):
    for _ in range(2):
        factories.EmployeeFactory(department=department, work_email="twin@demo.dk")
    idp.control(mode="valid", attributes={EMAIL: "twin@demo.dk"})

    response, _ = sign_in(client, idp)

    refused(client, response)
    assert "more than one employee" in response.content.decode()


def test_it_refuses_an_employee_of_another_municipality(
    client, settings, idp, municipality, other_municipality
):
    settings.SAML_MUNICIPALITY = municipality.code
    stranger = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    idp.control(mode="valid", attributes={EMAIL: stranger.work_email})

    response, _ = sign_in(client, idp)

    refused(client, response)
    assert "another municipality" in response.content.decode()


def test_it_refuses_a_tampered_signature(client, idp, anna, department):
    other = factories.EmployeeFactory(department=department, work_email="eve@demo.dk")
    idp.control(mode="valid", attributes={EMAIL: other.work_email})
    saml_response = idp.answer(authn_redirect(client))
    forged = xml(saml_response).replace("eve@demo.dk", "anna.jensen@demo.dk")

    response = client.post("/saml/acs/", {"SAMLResponse": encoded(forged)})

    refused(client, response, status=400)


@pytest.mark.parametrize("mode", ["expired", "wrong_audience"])
def test_it_refuses_an_assertion_it_may_not_accept(client, idp, anna, mode):
    idp.control(mode=mode, attributes={EMAIL: anna.work_email})

    response, _ = sign_in(client, idp)

    refused(client, response, status=400)


def test_it_refuses_a_replayed_response(client, idp, anna):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})
    first, saml_response = sign_in(client, idp)
    assert first.status_code == 302
    client.post("/logout/")
    anna.refresh_from_db()
    anna.user.delete()

    again = client.post("/saml/acs/", {"SAMLResponse": saml_response})

    refused(client, again, status=400)


def test_it_refuses_an_unsolicited_response(client, idp, anna):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})
    saml_response = idp.answer(authn_redirect(client))
    client.cookies.clear()

    response = client.post("/saml/acs/", {"SAMLResponse": saml_response})

    refused(client, response, status=400)


def test_the_login_page_offers_saml_when_configured(client, idp, settings):
    settings.OIDC_ISSUER = ""
    settings.PASSWORD_LOGIN = False

    page = client.get("/login/").content.decode()

    assert 'href="/saml/login/"' in page
    assert "<details>" in page


def test_without_saml_there_is_no_metadata(client, settings, db):
    settings.SAML_IDP_METADATA_FILE = settings.SAML_IDP_METADATA_URL = ""

    assert client.get("/saml/metadata/").status_code == 404
    assert client.get("/saml/login/").status_code == 404


def test_idp_metadata_from_an_address_that_is_down_gets_a_clear_page(
    client, settings, keys, db
):
    directory, (sp_key, sp_cert), _ = keys
    settings.SAML_KEY_FILE, settings.SAML_CERT_FILE = sp_key, sp_cert
    settings.SAML_IDP_METADATA_FILE = ""
    settings.SAML_IDP_METADATA_URL = "http://127.0.0.1:9/metadata"

    response = client.get("/saml/login/")

    assert response.status_code == 503
    assert "does not answer" in response.content.decode()


def test_idp_metadata_may_come_from_an_address(client, settings, idp, anna):
    settings.SAML_IDP_METADATA_FILE = ""
    settings.SAML_IDP_METADATA_URL = f"{idp.base}/metadata"
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})

    response, _ = sign_in(client, idp)

    assert response.status_code == 302
    anna.refresh_from_db()
    assert client.get("/me/").wsgi_request.user == anna.user


def test_a_signed_and_encrypted_assertion_is_accepted(client, idp, anna):
    idp.control(mode="encrypted", attributes={EMAIL: anna.work_email})

    response, saml_response = sign_in(client, idp)

    document = xml(saml_response)
    assert "EncryptedAssertion" in document
    assert anna.work_email not in document
    assert response.status_code == 302
    anna.refresh_from_db()
    assert client.get("/me/").wsgi_request.user == anna.user


def test_a_tampered_encrypted_assertion_is_refused(client, idp, anna):
    idp.control(mode="encrypted", attributes={EMAIL: anna.work_email})
    document = xml(idp.answer(authn_redirect(client)))
    values = re.findall(r"<(?:\w+:)?CipherValue>([^<]+)<", document)
    cipher = values[-1]  # the assertion's own, after the wrapped key
    middle = len(cipher) // 2
    flipped = "A" if cipher[middle] != "A" else "B"
    tampered = document.replace(
        cipher, cipher[:middle] + flipped + cipher[middle + 1 :]
    )
    assert tampered != document

    response = client.post("/saml/acs/", {"SAMLResponse": encoded(tampered)})

    refused(client, response, status=400)


def test_an_encrypted_but_unsigned_assertion_is_refused(client, idp, anna):
    """Anyone can encrypt to Kyndig's public certificate: only the IdP's
    signature inside makes the assertion count."""
    idp.control(mode="encrypted_unsigned", attributes={EMAIL: anna.work_email})

    response, saml_response = sign_in(client, idp)

    assert "EncryptedAssertion" in xml(saml_response)
    refused(client, response, status=400)


def test_the_metadata_offers_the_encryption_certificate(client, idp, settings):
    with open(settings.SAML_ENCRYPTION_CERT_FILE) as pem:
        body = "".join(pem.read().splitlines()[1:-1])

    document = client.get("/saml/metadata/").content.decode()

    assert 'use="encryption"' in document
    assert body in document
