"""pysaml2's identity provider, run by the SAML tests as a second process.

    python -m tests.sso.saml_idp <port> <idp key> <idp cert> <sp metadata> <out>

It writes its own metadata to <out>, prints "listening", and serves
``/metadata``, ``/sso/redirect`` (a signed AuthnRequest in, an auto-posting
form with a signed assertion out), ``/control`` (JSON: the person's
``attributes`` and a ``mode``: ``valid``, ``expired``, ``wrong_audience``,
``encrypted`` (signed, then encrypted to the SP's encryption certificate) or
``encrypted_unsigned``), ``/slo/redirect`` (single logout: a signed
LogoutRequest in, counted in ``/state``, a signed LogoutResponse redirect out)
and ``/initiate-logout`` (the address of a LogoutRequest to the SP, signed
unless ``?unsigned=1``, as the body: the IdP-initiated logout).
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import saml2
from saml2 import assertion
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

STATE = {"mode": "valid", "attributes": {}, "logouts": 0}
NAME_ID = "person-1"
OTHER_AUDIENCE = "https://other.example.dk/saml/metadata/"

_lifetime = assertion.Policy.get_lifetime
_conditions = assertion.Policy.conditions


def _get_lifetime(self, sp_entity_id):
    if STATE["mode"] == "expired":
        return {"minutes": -10}
    return _lifetime(self, sp_entity_id)


def _conditions_for(self, sp_entity_id):
    if STATE["mode"] == "wrong_audience":
        return _conditions(self, OTHER_AUDIENCE)
    return _conditions(self, sp_entity_id)


assertion.Policy.get_lifetime = _get_lifetime
assertion.Policy.conditions = _conditions_for


def config(port, key, cert, sp_metadata) -> IdPConfig:
    base = f"http://127.0.0.1:{port}"
    conf = IdPConfig()
    conf.load(
        {
            "entityid": f"{base}/idp",
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": key,
            "cert_file": cert,
            "metadata": {"local": [sp_metadata]},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{base}/sso/redirect", saml2.BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{base}/slo/redirect", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                    "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
                }
            },
        }
    )
    return conf


def handler(server: Server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status, body, content_type="text/html"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            STATE.update(json.loads(self.rfile.read(length)))
            self._answer(204, "")

        def _redirect(self, location):
            self.send_response(303)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/metadata":
                with open(sys.argv[5]) as metadata:
                    return self._answer(200, metadata.read(), "application/xml")
            if url.path == "/state":
                return self._answer(200, json.dumps(STATE), "application/json")
            if url.path == "/slo/redirect":
                return self._single_logout(query)
            if url.path == "/initiate-logout":
                return self._initiate_logout(query)
            if url.path != "/sso/redirect":
                return self._answer(404, "not found")
            try:
                request = server.parse_authn_request(
                    query["SAMLRequest"],
                    saml2.BINDING_HTTP_REDIRECT,
                    relay_state=query.get("RelayState"),
                    sigalg=query.get("SigAlg"),
                    signature=query.get("Signature"),
                )
            except Exception as error:  # noqa: BLE001 (any refusal is a 400 here)
                return self._answer(400, f"refused: {type(error).__name__}")
            if request is None:
                return self._answer(400, "refused")
            message = request.message
            response = server.create_authn_response(
                identity={k: [v] for k, v in STATE["attributes"].items()},
                in_response_to=message.id,
                destination=message.assertion_consumer_service_url,
                sp_entity_id=message.issuer.text,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=NAME_ID),
                authn={
                    "class_ref": saml2.saml.AUTHN_PASSWORD_PROTECTED,
                    "authn_auth": server.config.entityid,
                },
                sign_assertion=STATE["mode"] != "encrypted_unsigned",
                sign_response=STATE["mode"] != "encrypted_unsigned",
                # To the encryption certificate in the SP's metadata.
                encrypt_assertion=STATE["mode"].startswith("encrypted"),
                encrypt_assertion_self_contained=True,
            )
            info = server.apply_binding(
                saml2.BINDING_HTTP_POST,
                str(response),
                message.assertion_consumer_service_url,
                query.get("RelayState", ""),
                response=True,
            )
            return self._answer(200, info["data"])

        def _single_logout(self, query):
            try:
                request = server.parse_logout_request(
                    query["SAMLRequest"],
                    saml2.BINDING_HTTP_REDIRECT,
                    relay_state=query.get("RelayState"),
                    sigalg=query.get("SigAlg"),
                    signature=query.get("Signature"),
                )
            except Exception as error:  # noqa: BLE001 (any refusal is a 400 here)
                return self._answer(400, f"refused: {type(error).__name__}")
            if request is None or request.message.name_id.text != NAME_ID:
                return self._answer(400, "refused")
            STATE["logouts"] += 1
            response = server.create_logout_response(
                request.message, [saml2.BINDING_HTTP_REDIRECT]
            )
            destination = _sp_logout_service(server, request.message.issuer.text)
            info = server.apply_binding(
                saml2.BINDING_HTTP_REDIRECT,
                str(response),
                destination,
                query.get("RelayState", ""),
                response=True,
                sign=True,
            )
            return self._redirect(dict(info["headers"])["Location"])

        def _initiate_logout(self, query):
            sp_entity_id = next(iter(server.metadata.service_providers()))
            destination = _sp_logout_service(server, sp_entity_id)
            _, request = server.create_logout_request(
                destination,
                sp_entity_id,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=NAME_ID),
            )
            info = server.apply_binding(
                saml2.BINDING_HTTP_REDIRECT,
                str(request),
                destination,
                "",
                sign=not query.get("unsigned"),
            )
            return self._answer(200, dict(info["headers"])["Location"], "text/plain")

    return Handler


def _sp_logout_service(server: Server, sp_entity_id: str) -> str:
    services = server.metadata.single_logout_service(
        sp_entity_id, saml2.BINDING_HTTP_REDIRECT, "spsso"
    )
    return services[0]["location"]


def main():
    port, key, cert, sp_metadata, out = sys.argv[1:6]
    conf = config(int(port), key, cert, sp_metadata)
    with open(out, "wb") as metadata:
        metadata.write(create_metadata_string(None, config=conf))
    httpd = ThreadingHTTPServer(("127.0.0.1", int(port)), handler(Server(config=conf)))
    print("listening", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
