"""Redis as a cache that may go away: a cache outage makes pages slower, never failing.

Django's RedisCache raises on every call while Redis is unreachable, so one stopped Redis turned
every sign-up and login into a 500. ResilientRedisCache answers as an empty cache instead: a read
misses, a write is dropped, and the error is logged. redis-py opens a new connection on the next
call, so caching resumes by itself when Redis is back; nothing needs restarting.

Code that must know whether the cache answered (the rate limit's count, the health check) uses
`strict(cache)`, the same cache without the guard, and decides for itself.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_GUARDED = {
    "get": None,
    "get_many": {},
    "has_key": False,
    "set": None,
    # True: a lock taken with add() (allauth's rate limits) is let through rather than waited on
    # until it gives up; allauth's login limits fail open while Redis is away. Ours don't use this.
    "add": True,
    "touch": False,
    "set_many": [],
    "delete": False,
    "delete_many": None,
    "incr": None,
    "clear": None,
}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # A Redis that hangs must not hold a request either: give up after half a second.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params = {**params, "OPTIONS": options}
        super().__init__(server, params)
        self.strict = RedisCache(server, params)

    def __getattribute__(self, name):
        attr = super().__getattribute__(name)
        if name not in _GUARDED:
            return attr

        def guarded(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except RedisError as error:
                logger.warning("cache unreachable, %s answered as a miss: %s", name, error)
                if name == "get":
                    return kwargs.get("default", args[1] if len(args) > 1 else None)
                if name == "incr":
                    raise ValueError("cache unreachable") from error
                return _GUARDED[name]

        return guarded


def strict(cache):
    """The cache without the guard: its calls raise when the cache is unreachable."""
    return getattr(cache, "strict", cache)
