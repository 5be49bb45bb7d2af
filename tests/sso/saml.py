"""Keys and a running pysaml2 identity provider for the SAML tests."""

import base64
import datetime
import json
import re
import subprocess
import sys
import threading
import urllib.request
from html import unescape
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]


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

    def answer(self, authn_redirect: str) -> str:
        """The IdP's page for Kyndig's AuthnRequest: its SAMLResponse."""
        with urllib.request.urlopen(authn_redirect, timeout=10) as page:  # noqa: S310
            html = page.read().decode()
        return unescape(re.search(r'name="SAMLResponse" value="([^"]+)"', html)[1])


def xml(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


def encoded(document: str) -> str:
    return base64.b64encode(document.encode()).decode()
