from rest_framework.throttling import SimpleRateThrottle

from api.authentication import PartnerUser


class PartnerRateThrottle(SimpleRateThrottle):
    """Limits each education partner (all its keys together) to the ``partner`` rate.

    Staff and anonymous callers are not counted here: their volume is bounded
    by the people behind them, a partner's by its integration's loops.
    """

    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.user, PartnerUser):
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": request.user.provider.pk,
        }
