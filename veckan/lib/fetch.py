"""Fetching a URL someone gave us (an organisation's calendar), without letting it reach inside.

A URL typed into a form is a request our server makes for a stranger (server-side request forgery,
OWASP): it must not reach the loopback interface, the private network the servers run on, or a
cloud's metadata address (169.254.169.254). So the host name is resolved here, every address it
gives is checked, and the connection goes to the checked address itself, so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot slip past. A redirect is a new
URL and is checked the same way. The whole fetch has a deadline and a size limit: a slow or endless
answer ends in a FetchError, not a worker held for minutes.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 3
USER_AGENT = "Innovationsveckan-import/1 (+https://innovationsveckan.nu)"


class FetchError(Exception):
    """The URL could not be fetched; the message is for the person who gave it."""


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local,
    shared (100.64/10), reserved, multicast and unspecified ones, in IPv4 and IPv6 (also IPv4
    written inside IPv6)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def public_addresses(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, if all of them are public; FetchError otherwise."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("Adressen %(host)s finns inte.") % {"host": host}) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses or not all(is_public_address(address) for address in addresses):
        raise FetchError(
            _("Adressen %(host)s går inte att hämta från: den pekar inte ut på internet.")
            % {"host": host}
        )
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kwargs) -> None:
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, **kwargs) -> None:
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address we connect to.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
    accept: str = "*/*",
) -> bytes:
    """The body of `url` (http or https, public addresses only), within `timeout` seconds in all
    and at most `max_bytes`. Raises FetchError saying what went wrong."""
    deadline = time.monotonic() + timeout
    for _redirect in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(_("Adressen ska börja med https:// (eller http://)."))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = public_addresses(parts.hostname, port)[0]
        connection_class = (
            _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        )
        left = deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        connection = connection_class(parts.hostname, address, port=port, timeout=left)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": accept})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise FetchError(
                    _("Servern svarade med felkod %(status)s.") % {"status": response.status}
                )
            return _read(response, deadline=deadline, max_bytes=max_bytes)
        except TimeoutError:
            raise _too_slow() from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(
                _("Det gick inte att hämta adressen: %(reason)s") % {"reason": error}
            ) from None
        finally:
            connection.close()
    raise FetchError(_("Adressen skickar vidare för många gånger."))


def _read(response: http.client.HTTPResponse, *, deadline: float, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                _("Filen är för stor: högst %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}
            )
        if time.monotonic() > deadline:
            raise _too_slow()
        chunks.append(chunk)
    return b"".join(chunks)


def _too_slow() -> FetchError:
    return FetchError(_("Servern svarade inte i tid. Försök igen senare."))
