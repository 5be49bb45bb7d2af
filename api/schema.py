"""OpenAPI: every operation documents its problem responses and auth schemes."""

from drf_spectacular import authentication
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.exceptions import PROBLEM_CONTENT_TYPE
from api.fields import MAX_ID
from api.idempotency import MAX_KEY_LENGTH


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False)


WRITE_METHODS = {"POST", "PUT", "PATCH"}
PROBLEM_DESCRIPTIONS = {
    "400": (
        "`validation_error`: a field or query parameter is invalid; "
        "`parse_error`: the body is not JSON (or nests deeper than 32 levels); "
        "`over_cap` (with `remaining`), `not_eligible`, `no_fund_rule`: a fund "
        "rule refuses it."
    ),
    "401": "`not_authenticated`: no or invalid credentials.",
    "403": (
        "`permission_denied`: the caller may not do this; `csrf_failed`: a "
        "browser-session write without the CSRF token."
    ),
    "404": "`not_found`: no such object (or page) in the caller's scope.",
    "406": "`not_acceptable`: only JSON is served.",
    "409": (
        "`duplicate_enrollment`, `session_closed`, `invalid_transition`, "
        "`practice_task_pending`, `no_practice_task`, `employee_inactive`, `conflict`, "
        "`idempotency_key_in_progress`; fund applications: `session_started`, "
        "`enrollment_closed`, `duplicate_application`, `signatures_missing`, "
        "`signature_out_of_order`, `already_signed`, `signatures_present`."
    ),
    "413": "`request_too_large`: the body is over the server's size limit.",
    "415": "`unsupported_media_type`: send JSON.",
    "422": "`idempotency_key_reused`: the key was used with another body.",
    "429": "`throttled`: too many requests; see Retry-After.",
    "503": "`service_unavailable`: the database does not answer; see Retry-After.",
}


class ProblemAutoSchema(AutoSchema):
    """Adds problem+json responses and the Idempotency-Key header."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        parameters.append(
            OpenApiParameter(
                "Accept-Language",
                str,
                OpenApiParameter.HEADER,
                enum=["da", "en"],
                description="Language of messages (Danish by default).",
            )
        )
        if self.method == "POST":
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    {"type": "string", "maxLength": MAX_KEY_LENGTH},
                    OpenApiParameter.HEADER,
                    description=(
                        "Optional. A retry with the same key and body replays the "
                        "first response; the same key with another body answers 422; "
                        "a longer key answers 400 `idempotency_key_invalid`."
                    ),
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            # Views may declare their own error bodies; the exception handler
            # sends every error as problem+json all the same.
            content = response.get("content", {})
            if code >= "400" and "application/json" in content:
                content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        for code in self._error_codes():
            responses.setdefault(code, self._problem(code, direction))
        return responses

    def _error_codes(self) -> list[str]:
        # 400 and 404 everywhere: any query parameter may be malformed or name
        # an object outside the caller's scope, and any page may not exist.
        codes = ["400", "401", "403", "404", "406", "429", "503"]
        if self.method in WRITE_METHODS:
            codes += ["409", "413", "415"]
        if self.method == "POST":
            codes.append("422")
        return codes

    def _problem(self, code: str, direction):
        response = self._get_response_for_code(
            ProblemSerializer,
            code,
            media_types=[PROBLEM_CONTENT_TYPE],
            direction=direction,
        )
        response["description"] = PROBLEM_DESCRIPTIONS[code]
        if code in ("429", "503"):
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before retrying.",
                }
            }
        if code == "401":
            response["headers"] = {
                "WWW-Authenticate": {
                    "schema": {"type": "string"},
                    "description": "The scheme to authenticate with.",
                }
            }
        return response


class ScopedPrimaryKeyFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fields.ScopedPrimaryKeyField"

    def map_serializer_field(self, auto_schema, direction):
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        if self.target.allow_null:
            schema["nullable"] = True
        return schema


# Components whose rows may come with fewer fields, depending on the caller:
# viewers see employees as names only, partners see enrollments without the
# employee. Only the fields every caller gets are required.
PARTIAL_COMPONENTS = {
    "Employee": ["id", "name"],
    "Enrollment": ["id", "session", "status", "attendance_at", "completed_at"],
}


def partial_components(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for name, required in PARTIAL_COMPONENTS.items():
        if name in schemas:
            schemas[name]["required"] = required
    return result


class SessionScheme(authentication.SessionScheme):
    """drf-spectacular's cookie scheme, for the toolkit's session authentication."""

    target_class = "api.authentication.SessionAuthentication"
