"""``Authorization: Api-Key <key>``: an education partner's key."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.authentication import KeyAuthentication, PartnerUser, refuse
from courses.models import ProviderAPIKey


class PartnerKeyAuthentication(KeyAuthentication):
    """The provider comes from the key; the partner holds no staff access."""

    keyword = "Api-Key"
    model = ProviderAPIKey
    related = "provider"

    def identify(self, api_key):
        provider = api_key.provider
        if not provider.is_active:
            raise refuse()
        return PartnerUser(provider), api_key


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "courses.authentication.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>` from `manage.py create_partner_key`.",
        }
