"""``Authorization: Bearer <token>``: a staff member's personal API token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.authentication import KeyAuthentication, audit_as, refuse
from employees.models import ApiToken


class BearerTokenAuthentication(KeyAuthentication):
    """A personal token carries exactly its user's access."""

    keyword = "Bearer"
    model = ApiToken
    related = "user"

    def identify(self, token):
        user = token.user
        if not user.is_active:
            raise refuse()
        audit_as(user)
        return user, token


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "employees.authentication.BearerTokenAuthentication"
    name = "staffToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token from `manage.py create_api_token`.",
        }
