"""Counting requests per client in the shared cache, so a form can't be used to flood us.

The count lives in Django's cache, which every app server shares (the database table by default,
Redis when REDIS_URL is set). Each hit renews the count's expiry, so a client is let through again
once it has been quiet for a whole window. That never allows more than `limit` hits in any
`window_seconds`, and a client that keeps trying stays blocked until it stops.

Not exact under races: the database cache's incr() is a read and a write, not one atomic step, so
two processes counting the same client at the same instant may both see the same number and let one
extra request through. For a form's flood guard that is acceptable; Redis counts atomically.

When the shared cache is unreachable (Redis stopped), the rule is stated by the caller:
- fail closed (the default, for every form that sends email or writes): the count moves to this
  process's memory, so the limit still holds, per server, and an outage never turns a form into an
  unlimited mail sender;
- fail open (`fail_open=True`, for pages that only read): the request is let through.
"""

import hashlib
import hmac
import ipaddress
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from veckan.lib.cache import strict
from veckan.lib.email import mailbox

logger = logging.getLogger(__name__)

# The fail-closed count while the shared cache is down: key -> (count, expires at), this process only.
_local: dict[str, tuple[int, float]] = {}
_local_lock = threading.Lock()


def hit(key: str, *, limit: int, window_seconds: int, fail_open: bool = False) -> bool:
    """Count one request for `key`; True while it is within `limit` for the window."""
    # Hashed: keys stay short and safe for any backend, and no IP address sits in the cache as text.
    cache_key = "ratelimit:" + hashlib.sha256(key.encode()).hexdigest()
    try:
        return _count(strict(cache), cache_key, limit=limit, window_seconds=window_seconds)
    except Exception as error:  # the backend's own connection errors: Redis's, or the database's
        logger.warning(
            "rate limit's cache unreachable (%s): failing %s",
            error,
            "open" if fail_open else "closed",
        )
        if fail_open:
            return True
        return _count_here(cache_key, limit=limit, window_seconds=window_seconds)


def _count_here(cache_key: str, *, limit: int, window_seconds: int) -> bool:
    now = time.monotonic()
    with _local_lock:
        for stale in [k for k, (_, expires) in _local.items() if expires <= now]:
            del _local[stale]
        count = _local.get(cache_key, (0, 0.0))[0] + 1
        _local[cache_key] = (count, now + window_seconds)
    return count <= limit


def _count(cache, cache_key: str, *, limit: int, window_seconds: int) -> bool:
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr(): this hit starts a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        return limit >= 1
    # Most backends' incr() writes the value back with the default timeout; set ours again.
    cache.touch(cache_key, timeout=window_seconds)
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The address of the client, as far as this server can know it.

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says reverse proxies (load balancers) stand in
    front: then the address the outermost trusted proxy added to X-Forwarded-For, counted from the
    *end*: proxies append to whatever the client sent, so the first hop is whatever a client wants
    it to be, and a limit keyed on it could be dodged with a new made-up address each time. allauth
    reads the same setting (ALLAUTH_TRUSTED_PROXY_COUNT), so its login limits agree with ours.
    """
    address = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or (1 if settings.BEHIND_PROXY else 0)
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-count] if len(hops) >= count else hops[0]
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        return address[:64]


def client_network(request: HttpRequest) -> str:
    """What a limit counts as one client: an IPv4 address whole, an IPv6 address by its network
    (settings.RATELIMIT_IPV6_PREFIX, /64 by default), since one machine holds a whole /64."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        prefix = getattr(settings, "RATELIMIT_IPV6_PREFIX", 64)
        return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))
    return str(parsed)


def network_mark(network: str) -> str:
    """A client network (client_network) as a short keyed hash, for what must be kept about
    where something came from (votes, sign-ups): the same place shares a mark, and nobody can
    read an address back from it."""
    if not network:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), network.encode(), hashlib.sha256)
    return digest.hexdigest()[:10]


@dataclass(frozen=True)
class MailLimit:
    """How often a form may send email: per sender (the client's network, or whoever else sends)
    and per target address, so the form can neither flood from one place nor bury one inbox
    from many.

    Every form that emails an address a visitor types in checks one of these before sending; a
    visitor over either limit gets the form's "try again later" answer and no email goes out.
    """

    form: str
    per_sender: int
    sender_window_seconds: int
    per_address: int
    address_window_seconds: int

    def allows(self, request: HttpRequest, address: str) -> bool:
        return self.allows_from(client_network(request), address)

    def allows_from(self, sender: str, address: str) -> bool:
        return self.allows_address(address) and hit(
            f"{self.form}:{sender}",
            limit=self.per_sender,
            window_seconds=self.sender_window_seconds,
        )

    def allows_address(self, address: str) -> bool:
        """The per-address half alone, for mail whose sender is limited elsewhere (allauth)."""
        return hit(
            f"{self.form}-address:{mailbox(address)}",
            limit=self.per_address,
            window_seconds=self.address_window_seconds,
        )
