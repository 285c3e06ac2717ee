"""Rate limits of the subscription form: counters in the site's cache, failing open.

Each counter is a fixed window: the first request adds the key with the window's
timeout, every request increments it. Keys are HMACs of the IP address or the e-mail
address (never the address itself in the cache). The cache is an optimisation here as
everywhere (cms/cache.py): when it is down, ``FaultTolerantRedisCache.incr`` raises
ValueError and any other backend error is caught too, and the request goes on without
the limit rather than failing; double opt-in still keeps anyone from being subscribed
by somebody else.
"""

import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 24 * HOUR


def _key(kind: str, value: str) -> str:
    digest = salted_hmac("avisos.limits", f"{kind}:{value}").hexdigest()[:40]
    return f"tablero:avisos:{kind}:{digest}"


def over_limit(kind: str, value: str, limit: int, seconds: int) -> bool:
    """Count one more request of ``value`` (an IP or an address); whether it exceeds
    ``limit`` in the window of ``seconds``. A limit of 0 or less turns the check off."""
    if limit <= 0 or not value:
        return False
    key = _key(kind, value)
    try:
        cache.add(key, 0, timeout=seconds)
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr, or the cache is down (cms/cache.py).
        return False
    except Exception:  # any other cache backend's failure: fail open, never a 500
        logger.warning("Límite de avisos sin comprobar: la caché no respondió.", exc_info=True)
        return False
    return count > limit
