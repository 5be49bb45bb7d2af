"""System checks: what badges need from the environment in production."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from credentials.keys import encryption_key


def base_url(app_configs=None, **kwargs) -> list:
    parts = urlsplit(settings.KYNDIG_BASE_URL)
    scheme_ok = parts.scheme == "https" or (
        parts.scheme == "http" and not settings.PRODUCTION
    )
    if scheme_ok and parts.netloc and not parts.path:
        return []
    return [
        checks.Error(
            "KYNDIG_BASE_URL must be the site's address, e.g. "
            "https://kyndig.kommune.dk (https in production, no path): "
            "badges carry it for good.",
            id="credentials.E001",
        )
    ]


def key_encryption_key(app_configs=None, **kwargs) -> list:
    try:
        encryption_key()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="credentials.E002")]
    return []


def register() -> None:
    checks.register(base_url)
    checks.register(key_encryption_key)
