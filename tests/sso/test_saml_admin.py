"""The admin keeps the municipalities' SAML identity providers: their metadata
is read and checked before a row is saved, and bad input is a form error."""

import pytest

from sso.models import (
    OIOSAML_EMAIL,
    OIOSAML_EMPLOYEE_NUMBER,
    IdentityProvider,
    SamlIdentityProvider,
)
from tests import factories
from tests.sso.saml import needs_xmlsec

ADD = "/admin/sso/samlidentityprovider/add/"


@pytest.fixture
def admin_client(client, db):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return client


def form(municipality, **fields) -> dict:
    return {
        "municipality": municipality.pk,
        "name": "Demo Kommune Context Handler",
        "email_domains": "demo.dk",
        "metadata_url": "",
        "metadata_file": "",
        "metadata_xml": "",
        "attribute_email": OIOSAML_EMAIL,
        "attribute_employee_number": "",
        "is_active": "on",
        **fields,
    }


def refused(response, text: str):
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not SamlIdentityProvider.objects.exists()


@needs_xmlsec
def test_a_superuser_adds_an_idp_by_its_metadata_address(
    admin_client, idp, municipality
):
    response = admin_client.post(
        ADD, form(municipality, metadata_url=f"{idp.base}/metadata")
    )

    assert response.status_code == 302
    row = SamlIdentityProvider.objects.get()
    assert row.entity_id == f"{idp.base}/idp"
    assert "SingleSignOnService" in row.metadata_xml
    assert row.metadata_fetched_at is not None
    assert admin_client.get("/admin/sso/samlidentityprovider/").status_code == 200
    assert (
        admin_client.get(
            f"/admin/sso/samlidentityprovider/{row.pk}/change/"
        ).status_code
        == 200
    )


@needs_xmlsec
def test_metadata_may_come_from_a_file_or_be_pasted(admin_client, idp, municipality):
    by_file = admin_client.post(
        ADD, form(municipality, metadata_file=idp.metadata_file)
    )
    with open(idp.metadata_file) as metadata:
        pasted = admin_client.post(
            ADD,
            form(
                municipality,
                name="Pasted",
                email_domains="other.dk",
                metadata_xml=metadata.read(),
            ),
        )

    assert by_file.status_code == pasted.status_code == 302
    assert SamlIdentityProvider.objects.filter(entity_id=f"{idp.base}/idp").count() == 2


def test_the_oiosaml_email_is_the_default_and_no_employee_number(admin_client):
    page = admin_client.get(ADD).content.decode()

    assert OIOSAML_EMAIL in page
    # The RID number is the certificate's, not HR's: matching by it is opt-in.
    assert OIOSAML_EMPLOYEE_NUMBER not in page


def test_an_address_that_does_not_answer_is_a_form_error(admin_client, municipality):
    response = admin_client.post(
        ADD, form(municipality, metadata_url="http://127.0.0.1:9/metadata")
    )

    refused(response, "The address did not answer with metadata.")


def test_an_unreadable_file_is_a_form_error(admin_client, municipality, tmp_path):
    response = admin_client.post(
        ADD, form(municipality, metadata_file=str(tmp_path / "missing.xml"))
    )

    refused(response, "The file cannot be read.")


@pytest.mark.parametrize(
    "document",
    [
        "<EntityDescriptor",
        "not xml at all",
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>',
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'entityID="https://sp.example.dk"><md:SPSSODescriptor '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:AssertionConsumerService index="0" Location="https://sp.example.dk/acs" '
        'Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"/>'
        "</md:SPSSODescriptor></md:EntityDescriptor>",
    ],
    ids=["broken", "text", "empty", "a_service_provider"],
)
def test_malformed_metadata_is_a_form_error(admin_client, municipality, document):
    response = admin_client.post(ADD, form(municipality, metadata_xml=document))

    refused(response, "This is not the metadata of one SAML identity provider")


def test_a_file_that_is_not_metadata_is_a_form_error(
    admin_client, municipality, tmp_path
):
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"\xff\xfe not metadata")

    response = admin_client.post(ADD, form(municipality, metadata_file=str(junk)))

    refused(response, "The file cannot be read.")


def test_no_metadata_at_all_is_a_form_error(admin_client, municipality):
    response = admin_client.post(ADD, form(municipality))

    refused(response, "Give the metadata: its address, its file, or the XML itself.")


def test_an_address_and_a_file_together_are_a_form_error(admin_client, municipality):
    response = admin_client.post(
        ADD,
        form(
            municipality,
            metadata_url="https://idp.example.dk/metadata",
            metadata_file="/etc/idp.xml",
        ),
    )

    refused(response, "not both")


def test_a_domain_of_another_provider_is_a_form_error(admin_client, municipality):
    IdentityProvider.objects.create(
        municipality=municipality,
        name="Entra ID",
        email_domains="demo.dk",
        issuer="https://login.example.dk",
        client_id="kyndig",
        client_secret="secret",
    )

    response = admin_client.post(ADD, form(municipality, metadata_xml="<x/>"))

    refused(response, "demo.dk already leads to the provider Entra ID.")
