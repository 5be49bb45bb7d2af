"""Request rates: per education partner, and per client address for callers
who are not signed in."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.authentication import PartnerUser
from api.client_ip import client_ip


class PartnerRateThrottle(SimpleRateThrottle):
    """Limits each education partner (all its keys together) to the ``partner`` rate.

    Staff are not counted: their volume is bounded by the people behind them,
    a partner's by its integration's loops.
    """

    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.user, PartnerUser):
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": request.user.provider.pk,
        }


class AnonymousRateThrottle(SimpleRateThrottle):
    """Limits callers who are not signed in to ``ANON_THROTTLE_RATE`` per
    client address (``api.client_ip``), refused credentials included."""

    scope = "anon"

    def get_rate(self):
        # Read per request, not at import as DRF's rates are, so the setting
        # can be changed like any other.
        return settings.ANON_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


def count_refused_caller(request, view) -> float | None:
    """Count a request whose credentials were refused or missing.

    DRF authenticates and checks permissions before it throttles, so such a
    request never reaches the throttles; the exception handler counts it
    here. Answers the seconds to wait once the address is over its rate.
    """
    throttle = AnonymousRateThrottle()
    if throttle.allow_request(request, view):
        return None
    return throttle.wait()
