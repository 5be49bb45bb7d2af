"""The project's middleware: response headers and refused methods."""

from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from rest_framework import exceptions

from api.exceptions import is_api, problem_response

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


class RefuseTraceMiddleware:
    """405 for TRACE on every path, before a view runs.

    TRACE echoes the request back, cookies included (cross-site tracing), and
    no view needs it; a function view without a method decorator would answer
    it like a GET, and an API view would first ask for credentials.
    """

    # The methods Kyndig serves at all; which of them a path serves is its
    # view's business, and TRACE is in none.
    SERVED = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "TRACE":
            return self.get_response(request)
        if is_api(request):
            response = problem_response(exceptions.MethodNotAllowed("TRACE"))
            response["Allow"] = ", ".join(self.SERVED)
            return response
        return HttpResponseNotAllowed(self.SERVED)
