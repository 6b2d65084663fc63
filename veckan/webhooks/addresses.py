"""Where a webhook may point: only at servers on the internet, never inside (issue 14).

A coordinator's URL is a request Veckan's worker makes from inside the network. Unchecked, it could
reach the server itself (127.0.0.1, an admin port), the private network (10.0.0.0/8 …) or the cloud's
metadata service (169.254.169.254, fd00:ec2::254) that hands out credentials. So the host is resolved
and every address it resolves to must be global, both when the webhook is saved and at each delivery
(DNS can change after the check). The delivery then connects to the very address that was checked,
not to a second lookup of the name, so a name that answers differently the second time (DNS
rebinding) cannot slip past.

WEBHOOK_ALLOW_PRIVATE lets tests and a developer's machine use a receiver on 127.0.0.1; it is always
off in production.
"""

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """The URL may not be used: nothing was sent. `code` says why: "invalid" (no host name or
    port), "scheme" (http outside development), "unresolvable" or "internal"."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def is_internal(address: IPAddress) -> bool:
    """Loopback, private, shared, link-local (the metadata service), reserved, documentation,
    multicast or unspecified: anything not reachable on the public internet, in IPv4 or IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:  # ::ffff:127.0.0.1 is 127.0.0.1
            address = address.ipv4_mapped
        elif address in NAT64:  # 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return not address.is_global or address.is_multicast or address.is_reserved


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, in the resolver's order; raises AddressRefused when none."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise AddressRefused(f"{host} does not resolve", "unresolvable") from error
    addresses = []
    for *_, sockaddr in found:
        # An IPv6 socket address may carry a zone ("fe80::1%eth0"); the zone says nothing here.
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise AddressRefused(f"{host} does not resolve", "unresolvable")
    return addresses


def check_url(url: str) -> IPAddress:
    """The address to connect to for `url`: the first its host resolves to, once all are checked.

    Raises AddressRefused when the scheme is neither http nor https, when the name does not
    resolve, when any address is internal (one bad answer among good ones is enough: the resolver
    may hand out either) unless WEBHOOK_ALLOW_PRIVATE, or when the scheme is http outside
    development (DEBUG): signed program data would cross the network in clear text. Plain http to a
    receiver allowed inside is fine, its traffic never leaves the network.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise AddressRefused(f"{parts.scheme}: is not http or https", "scheme")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise AddressRefused("not a valid port", "invalid") from error
    if not parts.hostname:
        raise AddressRefused("no host name", "invalid")
    addresses = resolve(parts.hostname, port)
    internal = any(is_internal(address) for address in addresses)
    if internal and not settings.WEBHOOK_ALLOW_PRIVATE:
        raise AddressRefused(f"{parts.hostname} resolves to an internal address", "internal")
    if parts.scheme == "http" and not (settings.DEBUG or internal):
        raise AddressRefused("http outside development", "scheme")
    return addresses[0]


# --- connecting to the checked address -----------------------------------------------------------------


def _pinned(connection_class, address: IPAddress):
    """A connection class that opens its socket to `address` whatever the host name is. The name is
    still used for the Host header, and for HTTPS for SNI and the certificate check."""

    class Pinned(connection_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

            def connect_to_checked(host_and_port, timeout, source_address):
                return socket.create_connection(
                    (str(address), host_and_port[1]), timeout, source_address
                )

            self._create_connection = connect_to_checked

    return Pinned


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address: IPAddress) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(_pinned(http.client.HTTPConnection, self.address), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: IPAddress) -> None:
        super().__init__()
        self.address = address

    def https_open(self, req):
        return self.do_open(
            _pinned(http.client.HTTPSConnection, self.address), req, context=self._context
        )


def opener_for(address: IPAddress, *handlers) -> urllib.request.OpenerDirector:
    """A urllib opener that connects only to `address` (the checked one), with no proxy from the
    environment (a proxy would make its own lookup of the name)."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(address),
        _PinnedHTTPSHandler(address),
        *handlers,
    )
