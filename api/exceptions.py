"""Every API error as an RFC 9457 ``application/problem+json`` document.

A problem carries ``type``, ``title``, ``status``, ``detail`` and a stable
snake_case ``code``; validation problems add ``errors``, one entry per field
message. The services' ``django.core.exceptions.ValidationError`` codes map to
statuses here, so views call services without try/except. So do Django's own
errors (a body over the size limit, an unreachable database), and callers
without valid credentials are counted against the anonymous rate here.
"""

import logging
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from api.health import database_ok
from api.throttles import AnonymousRateThrottle, count_refused_caller

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Workflow refusals that depend on the current state of a session or an
# enrollment: the request was well formed, the state conflicts with it.
CONFLICT_CODES = {
    "duplicate_enrollment",
    "session_closed",
    "invalid_transition",
    "practice_task_pending",
    "no_practice_task",
    "employee_inactive",
    # Fund applications (funding): DESIGN §12.
    "session_started",
    "enrollment_closed",
    "duplicate_application",
    "signatures_missing",
    "signature_out_of_order",
    "already_signed",
    "signatures_present",
}

# Conflicts that carry what the client needs to resolve them (RFC 9457
# extension members copied from the error's params): 409 with the members.
CONFLICT_MEMBERS: dict[str, tuple[str, ...]] = {
    "prerequisite_missing": ("missing",),
}

# Refusals of a well-formed request by a rule about amounts or eligibility:
# 400 with their own code, so a script can tell them from a malformed field.
# The members listed here are copied from the error's params into the problem
# (RFC 9457 extension members), e.g. the amount a cap leaves.
REFUSAL_MEMBERS: dict[str, tuple[str, ...]] = {
    "over_cap": ("remaining", "employee"),
    "not_eligible": (),
    "no_fund_rule": (),
}

# Django's limits on the size of a request (DATA_UPLOAD_MAX_MEMORY_SIZE,
# DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES).
SIZE_LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)

# What a lost or refused database connection raises; whether it is an outage
# is asked of the database itself (api.health), so a bug stays a 500.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
# Seconds a client is told to wait while a dependency is down.
RETRY_AFTER_OUTAGE = 30

# DRF's own codes renamed to the stable codes of DESIGN §5.1.
CODE_ALIASES = {
    "invalid": "validation_error",
    "authentication_failed": "not_authenticated",
}

TITLES = {
    "validation_error": _("The request is not valid."),
    "not_authenticated": _("Authentication is required."),
    "permission_denied": _("You do not have permission to do this."),
    "not_found": _("Not found."),
    "method_not_allowed": _("Method not allowed."),
    "not_acceptable": _("The requested format is not available."),
    "unsupported_media_type": _("Unsupported media type."),
    "parse_error": _("The request body could not be read."),
    "request_too_large": _("The request is too large."),
    "bad_request": _("The request could not be handled."),
    "server_error": _("Something went wrong."),
    "service_unavailable": _("Kyndig is unavailable for a moment."),
    "csrf_failed": _("The CSRF check failed."),
    "throttled": _("Too many requests."),
    "locked_out": _("Too many failed sign-ins."),
    "duplicate_enrollment": _("Already enrolled."),
    "session_closed": _("The session is closed."),
    "invalid_transition": _("Not possible in the current state."),
    "practice_task_pending": _("The practice task is not approved yet."),
    "no_practice_task": _("The course has no practice task."),
    "employee_inactive": _("The employee is not active."),
    "idempotency_key_reused": _("The Idempotency-Key was used for another request."),
    "idempotency_key_in_progress": _("A request with this Idempotency-Key is running."),
    "idempotency_key_invalid": _("The Idempotency-Key is not valid."),
    "import_invalid": _("The import file cannot be imported."),
    "conflict": _("Conflicting change."),
    "import_conflict": _("The data changed during the import."),
    "session_started": _("The session has started."),
    "enrollment_closed": _("The enrollment is no longer open."),
    "duplicate_application": _("Already applied for."),
    "signatures_missing": _("Signatures are missing."),
    "signature_out_of_order": _("Not this signer's turn yet."),
    "already_signed": _("Already signed."),
    "signatures_present": _("The application is signed."),
    "prerequisite_missing": _("A prerequisite is missing."),
    "over_cap": _("Above the cap."),
    "not_eligible": _("Not covered by the fund."),
    "no_fund_rule": _("No fund rule applies."),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Not possible in the current state.")
    default_code = "invalid_transition"

    def __init__(self, detail=None, code=None, members=None):
        super().__init__(detail, code)
        self.members = members or {}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is larger than the server accepts.")
    default_code = "request_too_large"


class BadRequest(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request was malformed or not allowed here.")
    default_code = "bad_request"


class ServerError(exceptions.APIException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_detail = _("The error has been logged. Please try again in a moment.")
    default_code = "server_error"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Kyndig cannot reach its database. Try again in a moment.")
    default_code = "service_unavailable"
    wait = RETRY_AFTER_OUTAGE


class Refused(exceptions.APIException):
    """A rule refused the request (see REFUSAL_MEMBERS); ``members`` go into
    the problem document beside ``detail``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request is not valid.")
    default_code = "validation_error"

    def __init__(self, detail=None, code=None, members=None):
        super().__init__(detail, code)
        self.members = members or {}


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was already used with a different request body."
    )
    default_code = "idempotency_key_reused"


class Throttled(exceptions.Throttled):
    """DRF's 429 with a message that is translated whole: DRF formats the wait
    into its text before translating it, so the catalogue never matches."""

    def __init__(self, wait=None, detail=None, code=None):
        if wait is not None:
            wait = math.ceil(wait)
            detail = ngettext(
                "Too many requests. Try again in %(wait)d second.",
                "Too many requests. Try again in %(wait)d seconds.",
                wait,
            ) % {"wait": wait}
        exceptions.APIException.__init__(self, detail or TITLES["throttled"], code)
        self.wait = wait


class LockedOut(exceptions.APIException):
    """Too many failed sign-ins for one username from one address (axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, wait: int):
        minutes = math.ceil(wait / 60)
        super().__init__(
            ngettext(
                "Too many failed sign-ins. Try again in %(minutes)d minute.",
                "Too many failed sign-ins. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
        self.wait = wait


class IdempotencyKeyInvalid(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "idempotency_key_invalid"

    def __init__(self, limit: int):
        super().__init__(
            _("An Idempotency-Key has at most %(limit)d characters.") % {"limit": limit}
        )


class IdempotencyKeyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "The first request with this Idempotency-Key has not finished; retry later."
    )
    default_code = "idempotency_key_in_progress"


def from_django_validation_error(exc: DjangoValidationError) -> exceptions.APIException:
    code = getattr(exc, "code", None)
    if code in CONFLICT_CODES:
        return Conflict(detail=exc.messages[0], code=code)
    if code in CONFLICT_MEMBERS:
        params = exc.params or {}
        members = {key: params[key] for key in CONFLICT_MEMBERS[code] if key in params}
        return Conflict(detail=exc.messages[0], code=code, members=members)
    if code in REFUSAL_MEMBERS:
        params = exc.params or {}
        members = {key: params[key] for key in REFUSAL_MEMBERS[code] if key in params}
        return Refused(detail=exc.messages[0], code=code, members=members)
    # DRF's own conversion keeps each message's code (a service's
    # "role_name_taken", say), so clients can tell refusals apart.
    return exceptions.ValidationError(detail=serializers.as_serializer_error(exc))


class IntegrityConflict(Conflict):
    default_detail = _(
        "The change conflicts with data saved at the same time. Reload and try again."
    )
    default_code = "conflict"


def is_api(request) -> bool:
    """Errors under /api/ are problems; elsewhere they are pages."""
    return request.path_info.startswith("/api/")


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` came from a database that does not answer now."""
    return isinstance(exc, CONNECTION_ERRORS) and not database_ok()


def exception_handler(exc, context):
    exc = _as_problem(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = problem(exc, response.status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    _render_as_json(context.get("request"))
    return response


def _as_problem(exc, context):
    """The API exception to answer for ``exc``."""
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        wait = _count_refused_caller(context)
        return exc if wait is None else Throttled(wait)
    if isinstance(exc, exceptions.Throttled):
        return Throttled(exc.wait)
    if isinstance(exc, DjangoValidationError):
        return from_django_validation_error(exc)
    if isinstance(exc, IntegrityError):
        # The services check their rules first; a constraint that still fails
        # lost a race with another writer, which is a conflict, never a 500.
        logger.warning("Integrity conflict in the API: %s", type(exc).__name__)
        return IntegrityConflict()
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        # A service's reason, when it gives one, says who may do this instead.
        return exceptions.PermissionDenied(detail=str(exc) or None)
    if isinstance(exc, SIZE_LIMITS):
        return RequestTooLarge()
    if is_outage(exc):
        logger.error("The database does not answer: %s", type(exc).__name__)
        return ServiceUnavailable()
    return exc


def _count_refused_caller(context) -> float | None:
    """Seconds to wait when a caller without valid credentials is over the
    anonymous rate (on views that apply it), else None."""
    view, request = context.get("view"), context.get("request")
    if view is None or request is None:
        return None
    throttles = view.get_throttles()
    if not any(isinstance(t, AnonymousRateThrottle) for t in throttles):
        return None
    return count_refused_caller(request, view)


def _render_as_json(request) -> None:
    """A problem is JSON even where the view renders YAML, HTML or a workbook."""
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def problem(exc: exceptions.APIException, status_code: int) -> dict:
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        code = "validation_error"
        errors = list(_field_errors(exc.detail))
        detail = errors[0]["message"] if errors else str(exc.default_detail)
    else:
        code = _code_of(exc.detail, exc.default_code)
        detail = _text_of(exc.detail)
    body = {
        "type": f"urn:kyndig:problem:{code}",
        "title": str(TITLES.get(code) or HTTPStatus(status_code).phrase),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(getattr(exc, "members", {}))
    return body


def problem_response(exc: exceptions.APIException) -> JsonResponse:
    """The problem as a plain Django response, for errors outside DRF's views."""
    response = JsonResponse(
        problem(exc, exc.status_code),
        status=exc.status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    return response


def _code_of(detail, default: str) -> str:
    code = getattr(detail, "code", None) or default
    return CODE_ALIASES.get(code, code)


def _text_of(detail) -> str:
    if isinstance(detail, list | tuple):
        return " ".join(_text_of(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(_text_of(item) for item in detail.values())
    return str(detail)


def _field_errors(detail, prefix: str = ""):
    """Flatten DRF's nested error detail into ``{field, code, message}`` rows."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _field_errors(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(detail, list):
        nested = any(isinstance(item, dict | list) for item in detail)
        for index, item in enumerate(detail):
            path = f"{prefix}.{index}" if nested else prefix
            yield from _field_errors(item, path)
    else:
        yield {
            "field": prefix or "non_field_errors",
            "code": getattr(detail, "code", None) or "invalid",
            "message": str(detail),
        }
