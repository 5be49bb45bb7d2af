"""SAML single logout against pysaml2's IdP in a second process: Kyndig's
sign-out tells the IdP, and the IdP's own LogoutRequest ends Kyndig's session."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.sso.saml import EMAIL, needs_xmlsec, sign_in

pytestmark = needs_xmlsec


@pytest.fixture
def anna(department):
    return factories.EmployeeFactory(
        department=department, work_email="anna.jensen@demo.dk"
    )


@pytest.fixture
def signed_in(client, idp, anna):
    idp.control(mode="valid", attributes={EMAIL: anna.work_email})
    response, _ = sign_in(client, idp)
    assert response.status_code == 302
    assert user(client).is_authenticated
    return client


def user(client):
    return client.get("/me/").wsgi_request.user


def test_sign_out_sends_a_signed_logout_request_to_the_idp(signed_in, idp):
    response = signed_in.post("/logout/")

    assert response.status_code == 302
    to_idp = response["Location"]
    assert to_idp.startswith(f"{idp.base}/slo/redirect?")
    query = parse_qs(urlsplit(to_idp).query)
    assert query["Signature"] and query["SigAlg"]
    assert not user(signed_in).is_authenticated
    back = idp.logout(to_idp)
    assert idp.state()["logouts"] == 1
    assert urlsplit(back).path == "/saml/ls/"
    finished = signed_in.get(back)
    assert finished.status_code == 302
    assert finished["Location"] == "/login/"


def test_sign_out_is_local_when_the_idp_has_no_logout_service(
    signed_in, idp, settings, tmp_path
):
    metadata = Path(idp.metadata_file).read_text()
    start = metadata.index("<ns0:SingleLogoutService")
    end = metadata.index("/>", start) + 2
    without = tmp_path / "idp-without-slo.xml"
    without.write_text(metadata[:start] + metadata[end:])
    settings.SAML_IDP_METADATA_FILE = str(without)

    response = signed_in.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not user(signed_in).is_authenticated
    assert idp.state()["logouts"] == 0


def test_the_idp_s_logout_request_ends_the_kyndig_session(signed_in, idp):
    to_kyndig = idp.initiate_logout()
    assert urlsplit(to_kyndig).path == "/saml/ls/"

    response = signed_in.get(to_kyndig)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{idp.base}/slo/redirect?")
    assert "SAMLResponse=" in response["Location"]
    assert not user(signed_in).is_authenticated


def test_an_unsigned_logout_request_is_refused(signed_in, idp):
    response = signed_in.get(idp.initiate_logout(signed=False))

    assert response.status_code == 400
    assert user(signed_in).is_authenticated


def test_a_logout_request_with_a_forged_signature_is_refused(signed_in, idp):
    query = {
        k: v[0] for k, v in parse_qs(urlsplit(idp.initiate_logout()).query).items()
    }
    signature = query["Signature"]
    query["Signature"] = ("A" if signature[0] != "A" else "B") + signature[1:]

    response = signed_in.get("/saml/ls/", query)

    assert response.status_code == 400
    assert user(signed_in).is_authenticated


def test_a_logout_request_about_another_browser_s_subject_leaves_it_signed_in(
    signed_in, idp
):
    # A signed LogoutRequest stays valid for a while and its id is not
    # remembered: replayed through a link into a browser signed in some other
    # way (here a password session), it must not end that session.
    from django.test import Client

    victim = Client()
    victim.force_login(factories.UserFactory(username="victim"))

    response = victim.get(idp.initiate_logout())

    assert response.status_code in (302, 400)
    assert user(victim).is_authenticated


@pytest.mark.parametrize("field", ["SAMLRequest", "SAMLResponse"])
def test_an_unreadable_logout_message_is_refused(signed_in, field):
    response = signed_in.get("/saml/ls/", {field: "!!"})

    assert response.status_code == 400
    assert user(signed_in).is_authenticated
