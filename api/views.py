"""The toolkit's views: unknown API paths, /health/ and the error handlers.

Errors Django answers before or after a view runs (an unknown host, a body
over the size limit, a CSRF refusal, a crash, an unreachable database, a
sign-in lockout) reach these handlers: under ``/api/`` they answer
problem+json like every other API error, elsewhere pages with the project's
templates.
"""

import math
import sys

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from api.authentication import CsrfFailed
from api.exceptions import (
    RETRY_AFTER_OUTAGE,
    SIZE_LIMITS,
    BadRequest,
    LockedOut,
    RequestTooLarge,
    ServerError,
    ServiceUnavailable,
    is_api,
    is_outage,
    problem_response,
)
from api.health import health_checks


class ApiNotFound(APIView):
    """Unknown API paths answer like unknown objects: 404 problem+json."""

    schema = None
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.NotFound()


def bad_request(request, exception):
    """``handler400``: an unknown host, a malformed or too large request."""
    too_large = isinstance(exception, SIZE_LIMITS)
    if is_api(request):
        return problem_response(RequestTooLarge() if too_large else BadRequest())
    response = defaults.bad_request(request, exception)
    if too_large:
        response.status_code = RequestTooLarge.status_code
    return response


@never_cache
@require_safe
def health(request):
    """For load balancers and monitoring: each dependency's state, no data."""
    checks = health_checks()
    if all(state == "ok" for state in checks.values()):
        return JsonResponse({"status": "ok", "checks": checks})
    response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response


def server_error(request):
    """``handler500``: never a traceback; 503 when the database is down."""
    # Django calls this while it handles the exception, so it is at hand.
    if is_outage(sys.exc_info()[1]):
        return _unavailable(request)
    if is_api(request):
        return problem_response(ServerError())
    return defaults.server_error(request)


def _unavailable(request):
    if is_api(request):
        return problem_response(ServiceUnavailable())
    page = loader.get_template("503.html").render()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: DRF's views check CSRF themselves; any other
    view under /api/ still answers a problem."""
    if is_api(request):
        return problem_response(CsrfFailed())
    return csrf.csrf_failure(request, reason)


def locked_out(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the answer once a username is locked out from
    the caller's address, with Retry-After; a problem for scripts."""
    wait = _cool_off_left(request, credentials)
    scripted = request.headers.get("x-requested-with") == "XMLHttpRequest"
    if is_api(request) or scripted:
        return problem_response(LockedOut(wait))
    context = {"minutes": math.ceil(wait / 60)}
    response = render(
        request, "registration/locked_out.html", context, status=LockedOut.status_code
    )
    response["Retry-After"] = str(wait)
    return response


def _cool_off_left(request, credentials) -> int:
    """Seconds until the cool-off ends: it runs from the last failed attempt."""
    cool_off = get_cool_off(request)
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(
        request, credentials
    )
    times = [attempt.attempt_time for found in attempts for attempt in found]
    ends = max(times, default=timezone.now()) + cool_off
    return max(1, math.ceil((ends - timezone.now()).total_seconds()))
