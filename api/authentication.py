"""How API callers prove who they are: the generic parts.

Two kinds of key are sent in the ``Authorization`` header: a staff member's
personal token (``Bearer``, employees.authentication) and an education
partner's key (``Api-Key``, courses.authentication). Both are hashed at rest by
djangorestframework-api-key; a revoked or expired one is refused like an
unknown one. The browser session is DRF's SessionAuthentication, with CSRF.
"""

import contextlib

from auditlog.context import auditlog_value
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class PartnerUser:
    """The request user of an education partner's key.

    It is authenticated but holds no staff access: views hand its provider to
    the partner selectors and never ask the access policy about it.
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


def refuse():
    return exceptions.AuthenticationFailed(_("Invalid, revoked or expired key."))


class KeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: <keyword> <key>`` checked against ``model``'s hashed keys.

    Subclasses name the key model, the relation to load with it, and turn a
    valid key into the request's (user, auth) pair in ``identify``.
    """

    keyword = ""
    model = None
    related = ""

    def authenticate(self, request):
        key = self._credential(request)
        if key is None:
            return None
        return self.identify(self._usable(key))

    def identify(self, api_key):
        raise NotImplementedError

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'

    def _credential(self, request) -> str | None:
        header = authentication.get_authorization_header(request).decode(
            "latin-1", errors="replace"
        )
        scheme, _sep, value = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        value = value.strip()
        if not value or " " in value:
            raise exceptions.AuthenticationFailed(_("Malformed credentials."))
        return value

    def _usable(self, key: str):
        prefix, _dot, _rest = key.partition(".")
        keys = self.model.objects.get_usable_keys().select_related(self.related)
        try:
            # The prefix is unique: get() spares the query first()'s ordering.
            found = keys.get(prefix=prefix)
        except self.model.DoesNotExist:
            raise refuse() from None
        if not found.is_valid(key) or found.has_expired:
            raise refuse()
        return found


def audit_as(user) -> None:
    """Name the key's user as the actor of audit-log entries of this request.

    AuditlogMiddleware picks the actor before DRF authenticates, when only a
    session user is known, so token requests would otherwise log no actor.
    """
    with contextlib.suppress(LookupError):
        auditlog_value.get()["actor"] = user


class CsrfFailed(exceptions.PermissionDenied):
    default_detail = _(
        "The CSRF token is missing or wrong. Reload the page and try again."
    )
    default_code = "csrf_failed"


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's browser-session authentication; its CSRF refusal has its own code,
    so a script can tell a missing token from a missing permission."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise CsrfFailed() from exc
