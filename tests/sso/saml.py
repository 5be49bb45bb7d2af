"""Keys and a running pysaml2 identity provider for the SAML tests."""

import base64
import datetime
import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "urn:oid:0.9.2342.19200300.100.1.3"
NUMBER = "https://data.gov.dk/model/core/eid/professional/employeeNumber"
needs_xmlsec = pytest.mark.skipif(
    not shutil.which("xmlsec1"), reason="xmlsec1 (apt: xmlsec1) signs and verifies"
)


def key_pair(directory: Path, name: str) -> tuple[str, str]:
    """A private key and a self-signed certificate, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class IdentityProvider:
    def __init__(self, directory: Path, key: str, cert: str, sp_metadata: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.metadata_file = str(directory / "idp-metadata.xml")
        args = [str(self.port), key, cert, sp_metadata, self.metadata_file]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.saml_idp", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in self.process.stdout:
            if line.startswith("listening"):
                break
        else:
            raise RuntimeError("the SAML identity provider did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def control(self, **state) -> None:
        request = urllib.request.Request(
            f"{self.base}/control", data=json.dumps(state).encode(), method="POST"
        )
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310

    def state(self) -> dict:
        with urllib.request.urlopen(f"{self.base}/state", timeout=10) as page:  # noqa: S310
            return json.load(page)

    def logout(self, logout_redirect: str) -> str:
        """Kyndig's LogoutRequest to the IdP: where the IdP sends the browser
        back (its LogoutResponse), or '' when it refused the request."""
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(logout_redirect, timeout=10).close()
        except urllib.error.HTTPError as answer:
            return answer.headers.get("Location", "") if answer.code == 303 else ""
        return ""

    def initiate_logout(self, signed: bool = True) -> str:
        """The address of the IdP's own LogoutRequest to Kyndig."""
        query = "" if signed else "?unsigned=1"
        url = f"{self.base}/initiate-logout{query}"
        with urllib.request.urlopen(url, timeout=10) as page:  # noqa: S310
            return page.read().decode()

    def answer(self, authn_redirect: str) -> str:
        """The IdP's page for Kyndig's AuthnRequest: its SAMLResponse."""
        with urllib.request.urlopen(authn_redirect, timeout=10) as page:  # noqa: S310
            html = page.read().decode()
        return unescape(re.search(r'name="SAMLResponse" value="([^"]+)"', html)[1])


def xml(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


def encoded(document: str) -> str:
    return base64.b64encode(document.encode()).decode()


def authn_redirect(client) -> str:
    response = client.get("/saml/login/")
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, idp) -> tuple:
    saml_response = idp.answer(authn_redirect(client))
    return client.post("/saml/acs/", {"SAMLResponse": saml_response}), saml_response
