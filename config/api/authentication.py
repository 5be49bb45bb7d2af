"""How API callers prove who they are.

Three schemes, tried in this order: a staff member's personal token
(``Authorization: Bearer <token>``), an education partner's key
(``Authorization: Api-Key <key>``) and the browser session (DRF's
SessionAuthentication, with CSRF). Both
credentials are hashed at rest by djangorestframework-api-key; a revoked or
expired one is refused like an unknown one.
"""

import contextlib

from auditlog.context import auditlog_value
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from courses.models import ProviderAPIKey
from employees.models import ApiToken


class PartnerUser:
    """The request user of an education partner's key.

    It is authenticated but holds no staff access: views hand its provider to
    the partner selectors and never ask ``access_for`` about it.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None

    def __init__(self, provider):
        self.provider = provider

    def __str__(self):
        return f"partner:{self.provider.code}"


def partner_of(request):
    """The caller's Provider when it authenticated with a partner key, else None."""
    user = getattr(request, "user", None)
    return user.provider if isinstance(user, PartnerUser) else None


def _credential(request, keyword: str) -> str | None:
    header = authentication.get_authorization_header(request).decode(
        "latin-1", errors="replace"
    )
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != keyword.lower():
        return None
    value = value.strip()
    if not value or " " in value:
        raise exceptions.AuthenticationFailed(_("Malformed credentials."))
    return value


def _usable(model, key: str, related: str):
    prefix, _dot, _rest = key.partition(".")
    found = (
        model.objects.get_usable_keys()
        .select_related(related)
        .filter(prefix=prefix)
        .first()
    )
    if found is None or not found.is_valid(key) or found.has_expired:
        raise exceptions.AuthenticationFailed(_("Invalid, revoked or expired key."))
    return found


def _audit_as(user) -> None:
    """Name the token's user as the actor of audit-log entries of this request.

    AuditlogMiddleware picks the actor before DRF authenticates, when only a
    session user is known, so token requests would otherwise log no actor.
    """
    with contextlib.suppress(LookupError):
        auditlog_value.get()["actor"] = user


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A staff member's personal token, carrying exactly that user's access."""

    keyword = "Bearer"

    def authenticate(self, request):
        key = _credential(request, self.keyword)
        if key is None:
            return None
        token = _usable(ApiToken, key, "user")
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, revoked or expired key."))
        _audit_as(user)
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """An education partner's API key: the provider comes from the key."""

    keyword = "Api-Key"

    def authenticate(self, request):
        key = _credential(request, self.keyword)
        if key is None:
            return None
        api_key = _usable(ProviderAPIKey, key, "provider")
        provider = api_key.provider
        if not provider.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, revoked or expired key."))
        return PartnerUser(provider), api_key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
