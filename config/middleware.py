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


class RefuseMethodsMiddleware:
    """405 before any view for a method the path never serves.

    TRACE echoes the request back, cookies included (cross-site tracing), and
    a function view without a method decorator answers any method (TRACE,
    PUT, PROPFIND…) like a GET. Pages take GET and POST; the API also PUT,
    PATCH and DELETE, which its views accept or refuse themselves.
    """

    PAGE_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
    API_METHODS = (*PAGE_METHODS, "PUT", "PATCH", "DELETE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = is_api(request)
        served = self.API_METHODS if api else self.PAGE_METHODS
        if request.method in served:
            return self.get_response(request)
        if not api:
            return HttpResponseNotAllowed(served)
        response = problem_response(exceptions.MethodNotAllowed(request.method))
        response["Allow"] = ", ".join(served)
        return response
