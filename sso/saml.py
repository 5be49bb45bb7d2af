"""SAML 2.0 sign-in (OIOSAML: KOMBIT's Context Handler, AD FS, OS2faktor) through
djangosaml2 on pysaml2, with the same matching and refusals as OpenID Connect.

pysaml2 checks what the profile asks: the assertion's signature against the
IdP's certificate from its metadata, the audience, the recipient and
destination, NotOnOrAfter, and InResponseTo against the requests this browser
made (so an unsolicited or replayed response is refused). Kyndig signs its
AuthnRequests and LogoutRequests with its own key, and decrypts assertions
encrypted to its certificate.

An IdP is either the one from the environment (``SAML_*``, key ``saml``) or a
municipality's ``SamlIdentityProvider`` row (key ``saml<pk>``). The key chosen
at /saml/login/ stays in djangosaml2's own session (its cookie is SameSite=None,
so it comes along with the IdP's cross-site POST), and every later step of that
browser's SAML conversation is configured for that one IdP.
"""

import logging
from datetime import timedelta

import requests
import saml2
import saml2.xmldsig
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from djangosaml2.utils import get_location
from saml2 import SAMLError
from saml2.attribute_converter import ac_factory
from saml2.client_base import LogoutError
from saml2.config import Config, SPConfig
from saml2.mdstore import MetadataStore
from saml2.s_utils import OtherError, UnravelError, UnsupportedBinding, VersionMismatch
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

from employees.models import Department
from sso import services
from sso.models import SamlIdentityProvider
from sso.providers import Provider

log = logging.getLogger("kyndig.sso")
UNAVAILABLE = (requests.RequestException, SAMLError, OSError, ValueError)
# pysaml2's errors for a message it cannot read that derive from Exception
# itself, not SAMLError (e.g. ?SAMLRequest=!!).
UNREADABLE = (UnravelError, VersionMismatch, OtherError)
PROVIDER_KEY = "saml"
SESSION_KEY = "kyndig_saml_provider"
BACKEND = "sso.backends.SingleSignOnBackend"


class MetadataInvalid(Exception):
    """The IdP's metadata cannot be read, or names no usable IdP."""


# -- the IdPs ---------------------------------------------------------------


def keys_configured() -> bool:
    return bool(settings.SAML_KEY_FILE and settings.SAML_CERT_FILE)


def saml_enabled() -> bool:
    """The environment's IdP (the login page's SAML button)."""
    metadata = settings.SAML_IDP_METADATA_FILE or settings.SAML_IDP_METADATA_URL
    return bool(metadata and keys_configured())


def rows_enabled() -> bool:
    return (
        keys_configured()
        and SamlIdentityProvider.objects.filter(is_active=True).exists()
    )


def row_for_email(email: str) -> SamlIdentityProvider | None:
    domain = email.rpartition("@")[2].strip().lower()
    if not domain or not keys_configured():
        return None
    for row in SamlIdentityProvider.objects.filter(is_active=True):
        if domain in row.domains():
            return row
    return None


def row_key(row: SamlIdentityProvider) -> str:
    return f"{PROVIDER_KEY}{row.pk}"


def _row_by_key(key: str | None) -> SamlIdentityProvider | None:
    suffix = (key or "")[len(PROVIDER_KEY) :]
    # isascii: "²".isdigit() is true, and int() refuses it.
    if not (key or "").startswith(PROVIDER_KEY) or not suffix.isascii():
        return None
    if not suffix.isdigit():
        return None
    return SamlIdentityProvider.objects.filter(pk=int(suffix), is_active=True).first()


def _env_municipality_id() -> int | None:
    if not settings.SAML_MUNICIPALITY:
        return None
    return (
        Department.objects.roots()
        .filter(code=settings.SAML_MUNICIPALITY)
        .values_list("pk", flat=True)
        .first()
    )


def _provider(key, email_attr, number_attr, municipality_id) -> Provider:
    return Provider(
        key=key,
        issuer="",
        client_id="",
        client_secret="",
        scopes="",
        claim_email=email_attr,
        claim_employee_number=number_attr,
        claim_groups="",
        municipality_id=municipality_id,
    )


def provider(key: str | None = PROVIDER_KEY) -> Provider | None:
    """The matching rules of the IdP with this key (None: no such IdP)."""
    if key in (None, PROVIDER_KEY):
        if not saml_enabled():
            return None
        return _provider(
            PROVIDER_KEY,
            settings.SAML_ATTRIBUTE_EMAIL,
            settings.SAML_ATTRIBUTE_EMPLOYEE_NUMBER,
            _env_municipality_id(),
        )
    row = _row_by_key(key)
    if row is None:
        return None
    return _provider(
        row_key(row),
        row.attribute_email,
        row.attribute_employee_number,
        row.municipality_id,
    )


def selected_key(request) -> str:
    saml_session = getattr(request, "saml_session", None) or {}
    return saml_session.get(SESSION_KEY) or PROVIDER_KEY


# -- metadata of the IdPs in the database -----------------------------------


def idp_entity_id(xml: str) -> str:
    """The entity id of the one IdP (with a sign-on service) the metadata
    describes; ``MetadataInvalid`` when it is not such metadata."""
    store = MetadataStore(ac_factory(), Config())
    try:
        store.load("inline", xml)
        idps = [
            entity_id
            for entity_id in store.identity_providers()
            if store.single_sign_on_service(entity_id, saml2.BINDING_HTTP_REDIRECT)
        ]
    except Exception as error:  # noqa: BLE001 (any parse failure is the same here)
        raise MetadataInvalid(type(error).__name__) from error
    if len(idps) != 1:
        raise MetadataInvalid(f"{len(idps)} identity providers")
    return idps[0]


def read_metadata_url(url: str) -> str:
    response = requests.get(url, timeout=settings.SAML_METADATA_TIMEOUT)
    response.raise_for_status()
    return response.text


def read_metadata_file(path: str) -> str:
    with open(path, encoding="utf-8") as metadata:
        return metadata.read()


def read_metadata(row: SamlIdentityProvider) -> str:
    """The metadata from the row's address or file (raises what they raise)."""
    if row.metadata_url:
        return read_metadata_url(row.metadata_url)
    return read_metadata_file(row.metadata_file)


def refresh_metadata(row: SamlIdentityProvider) -> None:
    """Fetch the row's metadata again when its copy is older than
    ``SAML_METADATA_SECONDS``; a failed fetch keeps the copy it has."""
    if not (row.metadata_url or row.metadata_file):
        return
    age = timedelta(seconds=settings.SAML_METADATA_SECONDS)
    if (
        row.metadata_xml
        and row.metadata_fetched_at
        and (timezone.now() - row.metadata_fetched_at < age)
    ):
        return
    now = timezone.now()
    try:
        xml = read_metadata(row)
        entity_id = idp_entity_id(xml)
    except (requests.RequestException, OSError, UnicodeError, MetadataInvalid) as e:
        log.warning(
            "saml metadata refresh failed, the last copy stays: provider=%s error=%s",
            row_key(row),
            type(e).__name__,
        )
        # Tried now: the next try waits as long as after a good fetch.
        SamlIdentityProvider.objects.filter(pk=row.pk).update(metadata_fetched_at=now)
        row.metadata_fetched_at = now
        return
    SamlIdentityProvider.objects.filter(pk=row.pk).update(
        metadata_xml=xml, entity_id=entity_id, metadata_fetched_at=now
    )
    row.metadata_xml, row.entity_id, row.metadata_fetched_at = xml, entity_id, now


def _metadata(key: str) -> dict:
    if key == PROVIDER_KEY:
        if not saml_enabled():
            raise Http404
        if settings.SAML_IDP_METADATA_FILE:
            return {"local": [settings.SAML_IDP_METADATA_FILE]}
        return {"remote": [{"url": settings.SAML_IDP_METADATA_URL}]}
    row = _row_by_key(key)
    if row is None:
        raise Http404
    refresh_metadata(row)
    if not row.metadata_xml:
        raise MetadataInvalid("no metadata")
    return {"inline": [row.metadata_xml]}


def _encryption_keys() -> dict:
    if settings.SAML_ENCRYPTION_KEY_FILE and settings.SAML_ENCRYPTION_CERT_FILE:
        return {
            "key_file": settings.SAML_ENCRYPTION_KEY_FILE,
            "cert_file": settings.SAML_ENCRYPTION_CERT_FILE,
        }
    return {"key_file": settings.SAML_KEY_FILE, "cert_file": settings.SAML_CERT_FILE}


def sp_config(request=None, key: str | None = None) -> SPConfig:
    """djangosaml2's configuration loader (SAML_CONFIG_LOADER): Kyndig as the
    service provider of the IdP this browser chose (none for the metadata)."""
    if not keys_configured():
        raise Http404
    if key is None and request is not None:
        key = selected_key(request)
    if key is None:
        if not (saml_enabled() or rows_enabled()):
            raise Http404
        metadata = {}
    else:
        metadata = _metadata(key)
    base = settings.KYNDIG_BASE_URL
    config = SPConfig()
    config.load(
        {
            "entityid": f"{base}/saml/metadata/",
            "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
            "key_file": settings.SAML_KEY_FILE,
            "cert_file": settings.SAML_CERT_FILE,
            # Assertions encrypted to Kyndig's certificate are decrypted too.
            "encryption_keypairs": [_encryption_keys()],
            "metadata": metadata,
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
                        "single_logout_service": [
                            (f"{base}/saml/ls/", saml2.BINDING_HTTP_REDIRECT),
                            (f"{base}/saml/ls/post/", saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "logout_responses_signed": True,
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
    # pysaml2 reads this one setting for every request it parses, also as an
    # SP: the IdP's LogoutRequest must then be signed (and its signature, in
    # the query for the redirect binding, is checked) or it is refused.
    config.setattr("idp", "want_authn_requests_signed", True)
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


def _unavailable(request, key: str):
    # Metadata from an address that does not answer, or answers junk.
    log.warning("sso provider unavailable: provider=%s", key)
    return render(
        request,
        "sso/refused.html",
        {"reason": services.REASONS["unavailable"], "unavailable": True},
        status=503,
    )


class LoginView(saml_views.LoginView):
    """Sends the browser to the IdP with a signed AuthnRequest: the
    environment's IdP, or the municipality's (``?provider=saml<pk>``, where the
    sign-in page sends an e-mail of its domains)."""

    def get(self, request, *args, **kwargs):
        key = request.GET.get("provider") or PROVIDER_KEY
        if provider(key) is None:
            raise Http404
        request.saml_session[SESSION_KEY] = key
        try:
            return super().get(request, *args, **kwargs)
        except (*UNAVAILABLE, MetadataInvalid):
            return _unavailable(request, key)


@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(saml_views.AssertionConsumerServiceView):
    """The IdP posts here (cross-site, so no CSRF token: the InResponseTo check
    against this browser's outstanding requests does that job)."""

    def post(self, request, *args, **kwargs):
        self._assertion = None
        self._key = selected_key(request)
        try:
            return super().post(request, *args, **kwargs)
        except MetadataInvalid:
            return _unavailable(request, self._key)
        except Http404 as gone:
            # No IdP for this browser's conversation (its SAML cookie is lost,
            # or the row was switched off meanwhile): not a sign-in.
            return self.handle_acs_failure(request, exception=gone)

    def custom_validation(self, response):
        self._assertion = response.assertion

    def authenticate_user(self, request, session_info, *args, **kwargs):
        claims = attributes(self._assertion)
        chosen = provider(self._key)
        if chosen is None:
            raise PermissionDenied("the IdP is gone")
        try:
            user = services.identity_sign_in(provider=chosen, claims=claims)
        except services.SignInRefused as refusal:
            self.refusal = refusal.reason
            raise PermissionDenied(refusal.reason) from refusal
        auth.login(request, user, backend=BACKEND)
        # Kept for single logout: the IdP's name for the person.
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])
        request.session["sso_provider"] = self._key
        return user

    def custom_redirect(self, user, relay_state, session_info):
        return reverse(settings.LOGIN_REDIRECT_URL)

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        reason = getattr(self, "refusal", None)
        if reason is None:
            # The reason class only: the exception text may quote the assertion.
            log.warning(
                "sso sign-in refused: reason=protocol provider=%s error=%s",
                self._key,
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
    """Kyndig's SP metadata, the same whichever IdP reads it."""

    def get_sp_config(self, request):
        return sp_config()


# -- single logout ----------------------------------------------------------


def _binding_response(http_info: dict, binding: str) -> HttpResponse:
    if binding == saml2.BINDING_HTTP_POST:
        return HttpResponse("".join(http_info["data"]))
    return HttpResponseRedirect(get_location(http_info))


def logout(request) -> HttpResponse | None:
    """Sign-out from Kyndig of a person signed in by SAML: ends the Kyndig
    session and answers with the LogoutRequest to the IdP (signed), or None
    when the IdP has no single logout service (signed out here only)."""
    key = request.session.get("sso_provider", "")
    subject_id = saml_views._get_subject_id(request.saml_session)
    auth.logout(request)
    if subject_id is None or provider(key) is None:
        return None
    try:
        request.saml_session[SESSION_KEY] = key
        state, client = saml_views.LogoutInitView().get_state_client(request)
        result = client.global_logout(subject_id)
        state.sync()
    except (*UNAVAILABLE, MetadataInvalid, LogoutError, UnsupportedBinding) as e:
        # Signed out here in any case; the IdP's session ends on its own.
        log.warning(
            "saml single logout not started: provider=%s error=%s",
            key,
            type(e).__name__,
        )
        return None
    for info in (result or {}).values():
        if isinstance(info, tuple):
            return _binding_response(info[1], info[0])
    return None


@method_decorator(csrf_exempt, name="dispatch")
class LogoutServiceView(saml_views.LogoutView):
    """The single logout service: the IdP's LogoutResponse to Kyndig's
    request, or the IdP's own LogoutRequest (IdP-initiated: another service
    signed out), which ends the Kyndig session. A LogoutRequest by redirect
    must carry its signature, which is checked against the IdP's metadata."""

    def do_logout_service(self, request, data, binding, *args, **kwargs):
        try:
            if "SAMLRequest" in data:
                return self._logout_request(request, data, binding)
            return super().do_logout_service(request, data, binding, *args, **kwargs)
        except (*UNAVAILABLE, MetadataInvalid, *UNREADABLE) as error:
            # A message that cannot be read or verified changes nothing.
            log.warning(
                "saml logout message refused: provider=%s error=%s",
                selected_key(request),
                type(error).__name__,
            )
            return render(
                request,
                "sso/refused.html",
                {"reason": services.REASONS["protocol"], "unavailable": False},
                status=400,
            )

    def _logout_request(self, request, data, binding):
        subject_id = saml_views._get_subject_id(request.saml_session)
        redirect = binding == saml2.BINDING_HTTP_REDIRECT
        state, client = self.get_state_client(request)
        message = {
            "binding": binding,
            # None when absent: "" would enter the signed string as RelayState=.
            "relay_state": data.get("RelayState"),
            "sigalg": data.get("SigAlg") if redirect else None,
            "signature": data.get("Signature") if redirect else None,
        }
        # Only a request about this browser's own SAML subject signs it out: a
        # signed request is valid for a day and its id is not remembered, so
        # one replayed through a link must not end anyone else's session.
        parsed = client.parse_logout_request(xmlstr=data["SAMLRequest"], **message)
        ours = subject_id is not None and parsed.message.name_id == subject_id
        http_info = client.handle_logout_request(
            data["SAMLRequest"], subject_id, **message
        )
        state.sync()
        if ours:
            auth.logout(request)
        if http_info.get("method", "GET") == "POST" and "data" in http_info:
            return HttpResponse(http_info["data"])
        return HttpResponseRedirect(get_location(http_info))
