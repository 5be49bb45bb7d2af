"""OpenID Connect providers the SSO tests sign in against, on 127.0.0.1.

``NodeProvider`` runs panva's certified ``oidc-provider`` (pinned in
tests/sso/provider/package.json, installed with ``npm ci``) under node: the
real protocol, for sign-in, matching and sign-out. ``ForgingProvider`` is a
small HTTP server whose keys and ID tokens the test controls, for the tokens a
certified provider never issues (another key, ``alg: none``, expired, wrong
audience or issuer or nonce) and for key rotation.

``Browser`` plays the person's browser: Django's test client for Kyndig's pages
and a ``requests`` session for the provider's, with the redirects between them
followed one by one.
"""

import base64
import fcntl
import json
import re
import shutil
import subprocess
import threading
import time
import uuid
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from tests.mailserver import free_port

PROVIDER_DIR = Path(__file__).parent / "provider"
KYNDIG = "http://testserver"
CALLBACK = f"{KYNDIG}/sso/oidc/callback/"
CLIENT_ID = "kyndig"
CLIENT_SECRET = "kyndig-test-secret"


def npm_ci() -> None:
    """Install the pinned provider from the lock file, once per checkout; the
    lock keeps two test workers from installing over each other."""
    lock = PROVIDER_DIR / "package-lock.json"
    marker = PROVIDER_DIR / "node_modules" / ".package-lock.json"
    with open(PROVIDER_DIR / "package.json") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
            return
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PROVIDER_DIR,
            check=True,
        )


class NodeProvider:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts_file = tmp / "accounts.json"
        self.accounts_file.write_text("{}")
        self.process = None

    def start(self) -> None:
        client = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [CALLBACK],
            "post_logout_redirect_uris": [f"{KYNDIG}/login/"],
        }
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "PORT": str(self.port),
            "CLIENT": json.dumps(client),
            "ACCOUNTS_FILE": str(self.accounts_file),
        }
        self.process = subprocess.Popen(
            [shutil.which("node"), "provider.js"],
            cwd=PROVIDER_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # The provider prints "listening" once its socket accepts connections.
        for line in self.process.stdout:
            if line.startswith("listening"):
                break
        else:
            raise RuntimeError("the OpenID Connect provider did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def accounts(self, **accounts: dict) -> None:
        """The people the provider knows: subject → claims."""
        self.accounts_file.write_text(json.dumps(accounts))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class ForgingProvider:
    """Discovery, keys, an authorization endpoint that says yes at once, and a
    token endpoint that answers the ID token ``forge`` makes."""

    def __init__(self):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
        self.claims = {}
        self.forge = "valid"
        self.requests = {}  # code -> the authorization request's parameters
        self.seen = []  # every authorization request's parameters
        self.jwks_fetches = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def rotate(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex})

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "none"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "forged-subject",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        key = self.key
        match self.forge:
            case "other_key":
                key = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
            case "expired":
                claims.update(iat=now - 7200, exp=now - 3600)
            case "wrong_audience":
                claims.update(aud="someone-else", azp=CLIENT_ID)
            case "wrong_issuer":
                claims["iss"] = "http://127.0.0.1:1/other"
            case "wrong_nonce":
                claims["nonce"] = "not-the-nonce"
            case "alg_none":
                header = _b64(json.dumps({"alg": "none", "kid": "key-1"}).encode())
                body = _b64(json.dumps(claims).encode())
                return f"{header}.{body}."
        header = {"alg": "RS256", "kid": key.kid}
        return jwt.encode(header, claims, key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body: dict, status: int = 200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(provider.metadata())
                if url.path == "/jwks":
                    provider.jwks_fetches += 1
                    keys = KeySet([provider.key]).as_dict(private=False)
                    return self._json(keys)
                if url.path == "/auth":
                    params = {k: v[0] for k, v in parse_qs(url.query).items()}
                    code = uuid.uuid4().hex
                    provider.requests[code] = params
                    provider.seen.append(params)
                    query = urlencode({"code": code, "state": params["state"]})
                    self.send_response(302)
                    self.send_header("Location", f"{params['redirect_uri']}?{query}")
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {
                    k: v[0]
                    for k, v in parse_qs(self.rfile.read(length).decode()).items()
                }
                params = provider.requests.pop(form.get("code"), None)
                if params is None:
                    return self._json({"error": "invalid_grant"}, 400)
                return self._json(
                    {
                        "access_token": uuid.uuid4().hex,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(params.get("nonce", "")),
                    }
                )

        return Handler


FORM = re.compile(r"<form[^>]*?(?:id=\"([^\"]*)\")?[^>]*action=\"([^\"]+)\"", re.S)
HIDDEN = re.compile(r"<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")


class Browser:
    """One person's browser: Kyndig through the test client, the provider
    through requests; redirects followed hop by hop."""

    def __init__(self, client):
        self.client = client
        self.web = requests.Session()
        self.last = None

    def go(self, response):
        """Follow redirects from a response of either side to the first page."""
        while True:
            status = getattr(response, "status_code", None)
            if status not in (301, 302, 303, 307, 308):
                self.last = response
                return response
            is_provider = isinstance(response, requests.Response)
            base = response.url if is_provider else KYNDIG + response.wsgi_request.path
            location = urljoin(base, response.headers["Location"])
            if location.startswith(KYNDIG):
                response = self.client.get(location.removeprefix(KYNDIG))
            else:
                response = self.web.get(location, allow_redirects=False, timeout=10)

    def start_sign_in(self, email: str = ""):
        return self.go(self.client.post("/sso/oidc/start/", {"email": email}))

    def submit_provider_form(self, response, **fields):
        return self.go(self._post_form(response, fields))

    def _post_form(self, response, fields):
        html = response.text
        action = unescape(FORM.search(html).group(2))
        data = {name: unescape(value) for name, value in HIDDEN.findall(html)}
        data.update(fields)
        url = urljoin(response.url, action)
        return self.web.post(url, data=data, allow_redirects=False, timeout=10)

    def sign_in(self, subject: str, email: str = ""):
        """Kyndig's sign-in through the provider's login form, as ``subject``
        (the provider skips its form while its own session lasts)."""
        page = self.start_sign_in(email)
        if isinstance(page, requests.Response) and 'name="login"' in page.text:
            return self.submit_provider_form(page, login=subject, password="x")
        return page

    def sign_out(self):
        """Kyndig's sign-out, confirmed at the provider when it asks."""
        page = self.go(self.client.post("/logout/"))
        if isinstance(page, requests.Response) and "logout" in page.text:
            return self.submit_provider_form(page, logout="yes")
        return page

    def callback_url(self, subject: str, email: str = "") -> str:
        """Sign in at the provider, but stop before Kyndig's callback."""
        response = self.client.post("/sso/oidc/start/", {"email": email})
        location = response.headers["Location"]
        while not location.startswith(KYNDIG):
            response = self.web.get(location, allow_redirects=False, timeout=10)
            if response.status_code == 200:
                response = self._post_form(
                    response, {"login": subject, "password": "x"}
                )
            location = urljoin(response.url, response.headers["Location"])
        return location.removeprefix(KYNDIG)
