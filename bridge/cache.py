"""Django's Redis cache, with an unreachable Redis read as a miss.

A cache holds nothing that cannot be recomputed, so its outage must cost speed,
never a request: Django's RedisCache raises ConnectionError from a read, which
answered 500 to writes that had committed (tests/realtime/test_live_stack.py).
Rate limits and sign-in lockouts kept in the cache fail open meanwhile; the error
is logged on every call so the outage is seen.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(default: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def guarded(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                logger.exception("cache %s failed: Redis is unreachable", method.__name__)
                # Reads that miss return their caller's default, as a real miss does.
                if method.__name__ == "get":
                    return kwargs.get("default", args[1] if len(args) > 1 else None)
                return default() if callable(default) else default

        return guarded

    return wrap


class ForgivingRedisCache(RedisCache):
    get = _forgiving(None)(RedisCache.get)
    get_many = _forgiving(dict)(RedisCache.get_many)
    has_key = _forgiving(False)(RedisCache.has_key)
    set = _forgiving(None)(RedisCache.set)
    add = _forgiving(False)(RedisCache.add)
    touch = _forgiving(False)(RedisCache.touch)
    set_many = _forgiving(list)(RedisCache.set_many)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
