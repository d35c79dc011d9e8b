"""The client's IP address and the admin's allowed networks.

Rate limits (django-ratelimit), login lockouts (django-axes) and the admin
network gate must all see the same address: behind nginx that is the header
named by RATELIMIT_IP_META_KEY (e.g. HTTP_X_REAL_IP), never REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


def client_ip(request):
    """The visitor's address as RATELIMIT_IP_META_KEY says to read it (REMOTE_ADDR by default)."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if not key:
        return request.META.get("REMOTE_ADDR") or ""
    if callable(key):
        return key(request)
    if "." in key:  # a dotted path to a callable, as django-ratelimit accepts
        return import_string(key)(request)
    # A proxy header may carry a list ("client, proxy1"): the first is the client.
    return request.META.get(key, "").split(",")[0].strip()


def rate_limit_address(group, request):
    """The address the rate limits count a request under (a django-ratelimit key callable).

    The client's, masked as django-ratelimit masks it (IPv6 to its /64). A request without a valid
    proxy header never came through nginx (which always sets it): a health check or a direct hit
    on gunicorn counts under its peer address instead of failing with a 500.
    """
    for candidate in (client_ip(request), request.META.get("REMOTE_ADDR") or ""):
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if address.version == 4:
            prefix = getattr(settings, "RATELIMIT_IPV4_MASK", 32)
        else:
            prefix = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return "unknown"


@lru_cache(maxsize=8)
def parse_networks(cidrs):
    """ADMIN_ALLOWED_NETWORKS as ip_network objects; a bad entry raises ValueError."""
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def admin_reachable_from(ip):
    """True when ADMIN_ALLOWED_NETWORKS is empty or contains `ip`."""
    networks = parse_networks(tuple(settings.ADMIN_ALLOWED_NETWORKS))
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)
