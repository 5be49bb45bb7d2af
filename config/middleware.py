"""Response headers for responses that may carry personal data."""

from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/api/", "/admin/")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page for a signed-in user and every
    API or admin response, so no browser or proxy keeps a copy of personal data.

    Static files never reach it: WhiteNoise answers them earlier in the chain.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, no_store=True, private=True)
        return response
