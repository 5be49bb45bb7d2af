import shutil

import pytest
from saml2.metadata import create_metadata_string

from sso.saml import sp_config
from tests import factories
from tests.sso.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    ForgingProvider,
    NodeProvider,
    npm_ci,
)
from tests.sso.saml import IdentityProvider, key_pair


@pytest.fixture(scope="session")
def node_provider(tmp_path_factory):
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("node and npm are needed for the OpenID Connect provider")
    npm_ci()
    provider = NodeProvider(tmp_path_factory.mktemp("oidc"))
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc(settings, node_provider):
    """Kyndig configured from the environment for the node provider."""
    settings.OIDC_ISSUER = node_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email kyndig"
    settings.OIDC_CLAIM_EMPLOYEE_NUMBER = ""
    settings.OIDC_MUNICIPALITY = ""
    node_provider.accounts()
    return node_provider


@pytest.fixture
def forging(settings):
    provider = ForgingProvider()
    provider.start()
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email"
    settings.OIDC_MUNICIPALITY = ""
    yield provider
    provider.stop()


@pytest.fixture
def client(client):
    """Pages in English, so the tests read the texts they were written in."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(scope="session")
def keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml")
    return directory, key_pair(directory, "kyndig-sp"), key_pair(directory, "idp")


@pytest.fixture(scope="session")
def encryption_keys(keys):
    """Kyndig's own key pair for encrypted assertions (not the signing pair)."""
    return key_pair(keys[0], "kyndig-sp-encryption")


@pytest.fixture
def idp(settings, keys, encryption_keys, tmp_path, db):
    directory, (sp_key, sp_cert), (idp_key, idp_cert) = keys
    settings.SAML_KEY_FILE, settings.SAML_CERT_FILE = sp_key, sp_cert
    settings.SAML_ENCRYPTION_KEY_FILE, settings.SAML_ENCRYPTION_CERT_FILE = (
        encryption_keys
    )
    sp_metadata = tmp_path / "sp-metadata.xml"
    sp_metadata.write_bytes(_sp_metadata(settings, tmp_path))
    provider = None
    try:
        provider = IdentityProvider(tmp_path, idp_key, idp_cert, str(sp_metadata))
        settings.SAML_IDP_METADATA_URL = ""
        settings.SAML_IDP_METADATA_FILE = provider.metadata_file
        yield provider
    finally:
        if provider:
            provider.stop()


def _sp_metadata(settings, tmp_path) -> bytes:
    """Kyndig's own metadata, as the IdP's administrator would load it."""
    placeholder = tmp_path / "placeholder-idp.xml"
    placeholder.write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>'
    )
    settings.SAML_IDP_METADATA_URL = ""
    settings.SAML_IDP_METADATA_FILE = str(placeholder)
    return create_metadata_string(None, config=sp_config())


@pytest.fixture
def anna(department):
    return factories.EmployeeFactory(
        department=department,
        name="Anna Jensen",
        employee_number="4711",
        work_email="anna.jensen@demo.dk",
    )
