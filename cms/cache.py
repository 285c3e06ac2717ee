"""Redis as an optimisation, never a dependency.

:class:`FaultTolerantRedisCache` is Django's Redis backend with every operation
guarded: while Redis is unreachable, reads miss, writes are dropped and the site
renders without the cache. The outage is logged once when it starts and once
when it ends, not on every request, and the end sends :data:`cache_recovered`
so that what was missed meanwhile (an invalidation on publish) is made good.

The state is per process: every app server that saw the outage reports its
recovery. Short socket timeouts (``OPTIONS`` in settings) keep a stopped or
unreachable Redis from stalling requests.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: Sent (sender: the backend) when a cache answers again after failing in this process.
cache_recovered = Signal()

#: Errors that mean "the cache is not there": connection refused, timeouts, resets.
CACHE_ERRORS = (RedisError, OSError)


class CacheState:
    """Whether this process last found the cache down (shared by every backend instance,
    as Django creates one per thread)."""

    down = False

    @classmethod
    def failed(cls, error: Exception) -> None:
        if not cls.down:
            cls.down = True
            logger.warning("Caché no disponible; el sitio sigue sin ella: %s", error)

    @classmethod
    def answered(cls, backend) -> bool:
        """Note an answer; True if it ends an outage (after the recovery handlers ran)."""
        if not cls.down:
            return False
        cls.down = False
        logger.warning("Caché disponible de nuevo.")
        cache_recovered.send(sender=type(backend))
        return True


def _guarded(fallback, reread=False):
    """Run a cache operation; on a cache error, note the outage and return ``fallback``.

    A read (``reread``) that ends an outage is made again after the recovery
    handlers ran, so it sees what they changed (a new page-cache generation).
    """

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                result = method(self, *args, **kwargs)
            except CACHE_ERRORS as error:
                CacheState.failed(error)
                return fallback(*args, **kwargs) if callable(fallback) else fallback
            if CacheState.answered(self) and reread:
                return wrapper(self, *args, **kwargs)
            return result

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


class FaultTolerantRedisCache(RedisCache):
    get = _guarded(_default, reread=True)(RedisCache.get)
    get_many = _guarded({}, reread=True)(RedisCache.get_many)
    has_key = _guarded(False, reread=True)(RedisCache.has_key)
    add = _guarded(False)(RedisCache.add)
    set = _guarded(None)(RedisCache.set)
    set_many = _guarded(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _guarded(False)(RedisCache.touch)
    delete = _guarded(False)(RedisCache.delete)
    delete_many = _guarded(None)(RedisCache.delete_many)
    clear = _guarded(None)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        try:
            result = super().incr(key, delta, version)
        except CACHE_ERRORS as error:
            CacheState.failed(error)
            # As for a missing key: the caller cannot count on the cache now.
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from error
        CacheState.answered(self)
        return result

    def is_available(self) -> bool:
        """Ask the cache itself (a round trip), for the readiness check."""
        try:
            self._cache.get_client(write=False).ping()
        except CACHE_ERRORS as error:
            CacheState.failed(error)
            return False
        CacheState.answered(self)
        return True
