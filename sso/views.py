"""Sign-in pages: the login page, OpenID Connect's two legs, and sign-out."""

import logging
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import OAuthError
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from sso import providers, saml, services
from sso.forms import ProviderChoiceForm
from sso.providers import Provider, ProviderUnavailable

log = logging.getLogger("kyndig.sso")

SESSION_PROVIDER = "sso_provider"
SESSION_ID_TOKEN = "sso_id_token"
BACKEND = "sso.backends.SingleSignOnBackend"
# What a provider that is down or answers nonsense raises inside Authlib.
UNAVAILABLE = (requests.RequestException, ProviderUnavailable, ValueError, KeyError)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso"] = providers.sso_enabled() or saml.rows_enabled()
        context["saml"] = saml.saml_enabled()
        context["sso_form"] = ProviderChoiceForm()
        context["password_login"] = settings.PASSWORD_LOGIN
        return context


def _refused(request, reason: str, status: int = 403):
    return render(
        request,
        "sso/refused.html",
        {"reason": services.REASONS[reason], "unavailable": reason == "unavailable"},
        status=status,
    )


@require_POST
def oidc_start(request):
    """The sign-in page's e-mail: to the SAML or OpenID Connect provider of
    its domain (a municipality's row), else to the environment's provider."""
    form = ProviderChoiceForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else ""
    saml_row = saml.row_for_email(email)
    if saml_row is not None and not providers.row_for_email(email):
        query = urlencode({"provider": saml.row_key(saml_row)})
        return HttpResponseRedirect(f"{reverse('saml_login')}?{query}")
    provider = providers.provider_for_email(email)
    if provider is None:
        log.warning("sso sign-in refused: reason=no_provider provider=none")
        return _refused(request, "no_provider", status=400)
    client = providers.client_for(provider)
    try:
        providers.load_metadata(provider, client)
        response = client.authorize_redirect(
            request, request.build_absolute_uri(reverse("oidc_callback"))
        )
    except UNAVAILABLE:
        log.warning("sso provider unavailable: provider=%s", provider.key)
        return _refused(request, "unavailable", status=503)
    providers.remember_metadata(provider, client)
    request.session[SESSION_PROVIDER] = provider.key
    return response


def _claims_options(provider: Provider) -> dict:
    return {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "exp": {"essential": True},
    }


def _verified_claims(request, provider: Provider) -> tuple[dict, str]:
    client = providers.client_for(provider)
    providers.load_metadata(provider, client)
    token = client.authorize_access_token(
        request, claims_options=_claims_options(provider), leeway=60
    )
    providers.remember_metadata(provider, client)
    if not token.get("userinfo"):
        raise OAuthError(description="no id token")
    return dict(token["userinfo"]), token["id_token"]


@require_GET
def oidc_callback(request):
    provider = providers.provider_by_key(request.session.get(SESSION_PROVIDER))
    if provider is None:
        return _refused(request, "protocol", status=400)
    try:
        claims, id_token = _verified_claims(request, provider)
    except (OAuthError, JoseError) as error:
        log.warning(
            "sso token refused: provider=%s error=%s",
            provider.key,
            type(error).__name__,
        )
        return _refused(request, "protocol", status=400)
    except UNAVAILABLE:
        log.warning("sso provider unavailable: provider=%s", provider.key)
        return _refused(request, "unavailable", status=503)
    try:
        user = services.identity_sign_in(provider=provider, claims=claims)
    except services.SignInRefused as refusal:
        return _refused(request, refusal.reason)
    auth.login(request, user, backend=BACKEND)
    request.session[SESSION_PROVIDER] = provider.key
    request.session[SESSION_ID_TOKEN] = id_token
    return HttpResponseRedirect(reverse(settings.LOGIN_REDIRECT_URL))


def _end_session_url(request, provider: Provider | None, id_token: str) -> str:
    """The provider's end-session address (RP-initiated logout), or ''."""
    if provider is None or not id_token:
        return ""
    client = providers.client_for(provider)
    try:
        metadata = providers.load_metadata(provider, client)
        if not metadata.get("end_session_endpoint"):
            return ""
        return client.create_logout_url(
            post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
            id_token_hint=id_token,
            client_id=provider.client_id,
        )["url"]
    except UNAVAILABLE:
        # Signed out here in any case; the provider's session ends on its own.
        return ""


@require_POST
def logout(request):
    if request.session.get(SESSION_PROVIDER, "").startswith(saml.PROVIDER_KEY):
        # SAML single logout: the IdP's session ends too when it offers it.
        response = saml.logout(request)
        return response or HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))
    provider = providers.provider_by_key(request.session.get(SESSION_PROVIDER))
    id_token = request.session.get(SESSION_ID_TOKEN, "")
    auth.logout(request)
    end_session = _end_session_url(request, provider, id_token)
    return HttpResponseRedirect(end_session or reverse(settings.LOGOUT_REDIRECT_URL))
