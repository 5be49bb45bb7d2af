"""SAML 2.0 sign-in (OIOSAML: KOMBIT's Context Handler, AD FS, OS2faktor) through
djangosaml2 on pysaml2, with the same matching and refusals as OpenID Connect.

pysaml2 checks what the profile asks: the assertion's signature against the
IdP's certificate from its metadata, the audience, the recipient and
destination, NotOnOrAfter, and InResponseTo against the requests this browser
made (so an unsolicited or replayed response is refused). Kyndig signs its
AuthnRequests with its own key.
"""

import logging

import requests
import saml2
import saml2.xmldsig
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from saml2 import SAMLError
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

from employees.models import Department
from sso import services
from sso.providers import Provider

log = logging.getLogger("kyndig.sso")
UNAVAILABLE = (requests.RequestException, SAMLError, OSError, ValueError)
PROVIDER_KEY = "saml"
BACKEND = "sso.backends.SingleSignOnBackend"


def saml_enabled() -> bool:
    metadata = settings.SAML_IDP_METADATA_FILE or settings.SAML_IDP_METADATA_URL
    return bool(metadata and settings.SAML_KEY_FILE and settings.SAML_CERT_FILE)


def provider() -> Provider:
    municipality_id = None
    if settings.SAML_MUNICIPALITY:
        municipality_id = (
            Department.objects.roots()
            .filter(code=settings.SAML_MUNICIPALITY)
            .values_list("pk", flat=True)
            .first()
        )
    return Provider(
        key=PROVIDER_KEY,
        issuer="",
        client_id="",
        client_secret="",
        scopes="",
        claim_email=settings.SAML_ATTRIBUTE_EMAIL,
        claim_employee_number=settings.SAML_ATTRIBUTE_EMPLOYEE_NUMBER,
        claim_groups="",
        municipality_id=municipality_id,
    )


def _metadata() -> dict:
    if settings.SAML_IDP_METADATA_FILE:
        return {"local": [settings.SAML_IDP_METADATA_FILE]}
    return {"remote": [{"url": settings.SAML_IDP_METADATA_URL}]}


def sp_config(request=None) -> SPConfig:
    """djangosaml2's configuration loader (SAML_CONFIG_LOADER)."""
    if not saml_enabled():
        raise Http404
    base = settings.KYNDIG_BASE_URL
    keys = {"key_file": settings.SAML_KEY_FILE, "cert_file": settings.SAML_CERT_FILE}
    config = SPConfig()
    config.load(
        {
            "entityid": f"{base}/saml/metadata/",
            "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
            **keys,
            # Assertions encrypted to Kyndig's certificate are decrypted too.
            "encryption_keypairs": [keys],
            "metadata": _metadata(),
            "allow_unknown_attributes": True,
            # Seconds of clock difference tolerated between Kyndig and the IdP.
            "accepted_time_diff": 60,
            "service": {
                "sp": {
                    "name": "Kyndig",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (f"{base}/saml/acs/", saml2.BINDING_HTTP_POST)
                        ],
                    },
                    "authn_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "name_id_format": [
                        NAMEID_FORMAT_PERSISTENT,
                        NAMEID_FORMAT_UNSPECIFIED,
                    ],
                    "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                    "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
                },
            },
        }
    )
    return config


def attributes(assertion) -> dict:
    """The assertion's attributes by their exact names (OIOSAML uses URIs),
    each the first value: no friendly-name conversion in between."""
    found = {}
    for statement in assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [v.text for v in attribute.attribute_value if v.text]
            if values:
                found.setdefault(attribute.name, values[0])
    return found


class LoginView(saml_views.LoginView):
    """Sends the browser to the IdP with a signed AuthnRequest."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except UNAVAILABLE:
            # Metadata from an address that does not answer, or answers junk.
            log.warning("sso provider unavailable: provider=%s", PROVIDER_KEY)
            return render(
                request,
                "sso/refused.html",
                {"reason": services.REASONS["unavailable"], "unavailable": True},
                status=503,
            )


@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(saml_views.AssertionConsumerServiceView):
    """The IdP posts here (cross-site, so no CSRF token: the InResponseTo check
    against this browser's outstanding requests does that job)."""

    def post(self, request, *args, **kwargs):
        self._assertion = None
        return super().post(request, *args, **kwargs)

    def custom_validation(self, response):
        self._assertion = response.assertion

    def authenticate_user(self, request, session_info, *args, **kwargs):
        claims = attributes(self._assertion)
        try:
            user = services.identity_sign_in(provider=provider(), claims=claims)
        except services.SignInRefused as refusal:
            self.refusal = refusal.reason
            raise PermissionDenied(refusal.reason) from refusal
        auth.login(request, user, backend=BACKEND)
        request.session["sso_provider"] = PROVIDER_KEY
        return user

    def custom_redirect(self, user, relay_state, session_info):
        return reverse(settings.LOGIN_REDIRECT_URL)

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        reason = getattr(self, "refusal", None)
        if reason is None:
            # The reason class only: the exception text may quote the assertion.
            log.warning(
                "sso sign-in refused: reason=protocol provider=%s error=%s",
                PROVIDER_KEY,
                type(exception).__name__,
            )
            reason, status = "protocol", 400
        return render(
            request,
            "sso/refused.html",
            {"reason": services.REASONS[reason], "unavailable": False},
            status=status,
        )


class MetadataView(saml_views.MetadataView):
    pass
