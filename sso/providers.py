"""Which OpenID Connect provider signs a person in, and Authlib's client for it.

A provider is either the one from the environment (``OIDC_ISSUER`` and friends)
or a municipality's row in the database. Both become a ``Provider``; nothing
else in the app needs to know which.
"""

import hashlib
from dataclasses import dataclass

from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from django.conf import settings
from django.core.cache import cache

from employees.models import Department
from sso.models import IdentityProvider

ENV_KEY = "env"
# Signing algorithms an ID token may use: asymmetric ones with keys from the
# provider's JWKS. "none" and the HMAC family (keyed with the client secret,
# which a leaked secret would let anyone forge) are never accepted.
ALLOWED_ALGS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with a configuration we refuse."""


@dataclass(frozen=True)
class Provider:
    key: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    claim_email: str
    claim_employee_number: str
    claim_groups: str
    # None: the environment's provider serves every municipality of the install.
    municipality_id: int | None

    @classmethod
    def from_row(cls, row: IdentityProvider) -> "Provider":
        return cls(
            key=f"db{row.pk}",
            issuer=row.issuer.rstrip("/"),
            client_id=row.client_id,
            client_secret=row.client_secret,
            scopes=row.scopes,
            claim_email=row.claim_email,
            claim_employee_number=row.claim_employee_number,
            claim_groups=row.claim_groups,
            municipality_id=row.municipality_id,
        )


def env_provider() -> Provider | None:
    if not settings.OIDC_ISSUER:
        return None
    municipality_id = None
    if settings.OIDC_MUNICIPALITY:
        municipality_id = (
            Department.objects.roots()
            .filter(code=settings.OIDC_MUNICIPALITY)
            .values_list("pk", flat=True)
            .first()
        )
    return Provider(
        key=ENV_KEY,
        issuer=settings.OIDC_ISSUER.rstrip("/"),
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=settings.OIDC_SCOPES,
        claim_email=settings.OIDC_CLAIM_EMAIL,
        claim_employee_number=settings.OIDC_CLAIM_EMPLOYEE_NUMBER,
        claim_groups=settings.OIDC_CLAIM_GROUPS,
        municipality_id=municipality_id,
    )


def sso_enabled() -> bool:
    return (
        bool(settings.OIDC_ISSUER)
        or IdentityProvider.objects.filter(is_active=True).exists()
    )


def row_for_email(email: str) -> IdentityProvider | None:
    """The active OpenID Connect row whose domains include the e-mail's."""
    domain = email.rpartition("@")[2].strip().lower()
    if domain:
        for row in IdentityProvider.objects.filter(is_active=True):
            if domain in row.domains():
                return row
    return None


def provider_for_email(email: str) -> Provider | None:
    """The provider of the e-mail's domain, else the environment's."""
    row = row_for_email(email)
    return Provider.from_row(row) if row else env_provider()


def provider_by_key(key: str | None) -> Provider | None:
    if key == ENV_KEY:
        return env_provider()
    if key and key.startswith("db") and key[2:].isdigit():
        row = IdentityProvider.objects.filter(pk=int(key[2:]), is_active=True).first()
        return Provider.from_row(row) if row else None
    return None


def _cache_key(provider: Provider) -> str:
    digest = hashlib.sha256(f"{provider.issuer} {provider.client_id}".encode())
    return f"sso:metadata:{digest.hexdigest()}"


def client_for(provider: Provider) -> DjangoOAuth2App:
    """Authlib's client, with the provider's discovery document (and keys)
    from the cache when another request fetched them lately."""
    metadata = cache.get(_cache_key(provider)) or {}
    return DjangoOAuth2App(
        DjangoIntegration(f"sso_{provider.key}"),
        f"sso_{provider.key}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": settings.OIDC_TIMEOUT,
        },
        **metadata,
    )


def load_metadata(provider: Provider, client: DjangoOAuth2App) -> dict:
    """Discovery, checked: the document must name the issuer we were given
    (OpenID Connect Discovery §4.3), and only asymmetric signatures count."""
    metadata = client.load_server_metadata()
    if metadata.get("issuer", "").rstrip("/") != provider.issuer:
        raise ProviderUnavailable("issuer mismatch in discovery")
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    metadata["id_token_signing_alg_values_supported"] = [
        alg for alg in offered if alg in ALLOWED_ALGS
    ]
    return metadata


def remember_metadata(provider: Provider, client: DjangoOAuth2App) -> None:
    """Keep discovery and the key set (a rotated key refetched) for a while."""
    if settings.OIDC_METADATA_SECONDS and client.server_metadata.get("_loaded_at"):
        cache.set(
            _cache_key(provider),
            client.server_metadata,
            settings.OIDC_METADATA_SECONDS,
        )
