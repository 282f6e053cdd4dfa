"""The client's address, read from X-Forwarded-For only as far as the configured proxies vouch for it.

Behind a reverse proxy or load balancer every request comes from the proxy's address. The proxy
adds the address it received the request from to the end of X-Forwarded-For, but anything before
that is whatever the client sent, so it cannot be believed. The client's address is therefore
found by walking X-Forwarded-For from the right, past the trusted proxies (settings.TRUSTED_PROXIES,
from DJANGO_TRUSTED_PROXIES), to the first address that is not one of them. With no trusted proxies,
or a request that did not come from one, the header is ignored and REMOTE_ADDR is the client.

django-axes (AXES_CLIENT_IP_CALLABLE) and the password-reset limits use this.
"""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_proxies(proxies):
    """The networks named (addresses or CIDR ranges); ValueError naming a bad entry."""
    return _networks(tuple(proxies))


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The address of the client that made `request` (see the module's docstring)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = parse_proxies(settings.TRUSTED_PROXIES)
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not an address: nothing left of it can be believed
        client = hop
        if not _trusted(hop, networks):
            break
    return client
