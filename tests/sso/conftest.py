import shutil

import pytest

from tests.sso.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    ForgingProvider,
    NodeProvider,
    npm_ci,
)


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
