"""System checks of the API toolkit."""

import ipaddress

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection
from rest_framework.throttling import SimpleRateThrottle

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


@checks.register(checks.Tags.caches)
def cache_tables_check(app_configs, **kwargs):
    """Warn when a migrated database lacks a DatabaseCache table: every
    throttled request (partner writes, anonymous calls) would fail."""
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError:
        return []  # No database to look at yet; the first request will tell.
    if "django_migrations" not in tables:
        return []  # Never migrated: Django already says to run migrate.
    return [
        checks.Warning(
            f"The cache table {name!r} is missing.",
            hint="Run `manage.py migrate` (or `manage.py createcachetable`).",
            id="api.W001",
        )
        for name in _database_cache_tables()
        if name not in tables
    ]


def _database_cache_tables() -> list[str]:
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == DATABASE_CACHE
    ]


@checks.register(checks.Tags.security)
def trusted_proxies_check(app_configs, **kwargs):
    """Each ``DJANGO_TRUSTED_PROXIES`` entry is an address or a network; a
    host name would fail every request that asks for the client address."""
    errors = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"DJANGO_TRUSTED_PROXIES: {entry!r} is not an IP address "
                    "or network.",
                    hint="Name proxies by address or CIDR range, e.g. 10.0.0.0/8.",
                    id="api.E001",
                )
            )
    return errors


@checks.register()
def throttle_rates_check(app_configs, **kwargs):
    """Each rate reads as DRF's ``<number>/<s|m|h|d…>``; DRF reads it on every
    request, so a bad one would fail them all."""
    rates = {
        "ANON_THROTTLE_RATE": settings.ANON_THROTTLE_RATE,
        **{
            f"{scope} throttle rate": rate
            for scope, rate in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].items()
        },
    }
    return [
        checks.Error(
            f"{name}: {rate!r} is not a rate.",
            hint='Write it as requests per period, e.g. "120/min" or "10/s".',
            id="api.E002",
        )
        for name, rate in rates.items()
        if not _readable_rate(rate)
    ]


def _readable_rate(rate) -> bool:
    try:
        # DRF's own reading, without a throttle instance (it needs none).
        SimpleRateThrottle.parse_rate(None, rate)
    except (AttributeError, ValueError, KeyError, IndexError):
        return False
    return True
