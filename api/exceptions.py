"""Every API error as an RFC 9457 ``application/problem+json`` document.

A problem carries ``type``, ``title``, ``status``, ``detail`` and a stable
snake_case ``code``; validation problems add ``errors``, one entry per field
message. The services' ``django.core.exceptions.ValidationError`` codes map to
statuses here, so views call services without try/except.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

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

# Refusals of a well-formed request by a rule about amounts or eligibility:
# 400 with their own code, so a script can tell them from a malformed field.
# The members listed here are copied from the error's params into the problem
# (RFC 9457 extension members), e.g. the amount a cap leaves.
REFUSAL_MEMBERS: dict[str, tuple[str, ...]] = {
    "over_cap": ("remaining", "employee"),
    "not_eligible": (),
    "no_fund_rule": (),
}

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
    "throttled": _("Too many requests."),
    "duplicate_enrollment": _("Already enrolled."),
    "session_closed": _("The session is closed."),
    "invalid_transition": _("Not possible in the current state."),
    "practice_task_pending": _("The practice task is not approved yet."),
    "no_practice_task": _("The course has no practice task."),
    "employee_inactive": _("The employee is not active."),
    "idempotency_key_reused": _("The Idempotency-Key was used for another request."),
    "idempotency_key_in_progress": _("A request with this Idempotency-Key is running."),
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
    "over_cap": _("Above the cap."),
    "not_eligible": _("Not covered by the fund."),
    "no_fund_rule": _("No fund rule applies."),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Not possible in the current state.")
    default_code = "invalid_transition"


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


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = from_django_validation_error(exc)
    elif isinstance(exc, IntegrityError):
        # The services check their rules first; a constraint that still fails
        # lost a race with another writer, which is a conflict, never a 500.
        logger.warning("Integrity conflict in the API: %s", type(exc).__name__)
        exc = IntegrityConflict()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        # A service's reason, when it gives one, says who may do this instead.
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = problem(exc, response.status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


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


def problem_response(exc: exceptions.APIException) -> Response:
    response = Response(problem(exc, exc.status_code), status=exc.status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
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
