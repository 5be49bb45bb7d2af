"""The client's address, as the sign-in lockout and the API throttles see it.

Behind a reverse proxy REMOTE_ADDR is the proxy. Its X-Forwarded-For is
trusted only when REMOTE_ADDR is one of ``settings.TRUSTED_PROXIES``
(``DJANGO_TRUSTED_PROXIES``); the header is read from the right, past every
trusted proxy, because the entries on the left are whatever the client sent.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _within(remote, proxies):
        return remote
    client = remote
    for address in reversed(_forwarded_for(request)):
        if _parse(address) is None:
            break  # Not written by a proxy: stop at the last known hop.
        client = address
        if not _within(address, proxies):
            break
    return client


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of ``TRUSTED_PROXIES`` (addresses or CIDR ranges)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _forwarded_for(request) -> list[str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in header.split(",") if part.strip()]


def _parse(address: str):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in network for network in networks)
