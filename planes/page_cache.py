"""Full-response cache for anonymous readers: public pages, API, downloads and feeds.

One middleware, placed right after the security and static-file middleware,
answers a cached copy before sessions, authentication or any view run.

What is cached: GET (and HEAD, from the GET copy) requests without a session
cookie or Authorization header, outside the admin and document downloads, that
produced a 200, non-streaming response that sets no cookie and is not marked
private or no-store. So an editor's view (user bar, drafts) never enters the
cache, nor does a page holding a CSRF token.

Invalidation is by *generation*: every copy is stored with a token kept in the
same cache, and :func:`invalidate` replaces the token whenever something that
can appear on a public page changes (see planes/cache_invalidation.py). A copy
with another token is stale: everything cached before is ignored at once, on
every app server sharing the cache (Redis with ``REDIS_URL``), and is
overwritten or expires. A hit costs one round trip (``get_many`` of the token
and the copy). Publishing is rare next to
reading, so a coarse, always-correct invalidation is the right trade: a
commitment's progress is shown on its plan, the home page, directory pages,
search results, the API and the exports alike.

Why not Django's UpdateCacheMiddleware/FetchFromCacheMiddleware: they have no
invalidation at all (only expiry), and flushing a shared Redis would take
sessions and other data with it.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)

from .api.http import conditional_response

GENERATION_KEY = "tablero:page-cache:generation"
#: Paths never cached: the admins, document downloads (files, with privacy rules) and the
#: health check (it must answer for this server, and it is the benchmark's baseline).
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documentos/", "/salud/")
#: Response headers kept with a cached copy (the rest are per-request).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Vary",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def current_generation() -> str:
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add(): if another server set it meanwhile, use theirs.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def invalidate() -> None:
    """Make every cached response stale, now and again once the transaction commits.

    The second bump closes the window in which a reader could cache the old
    content under the new generation before the publishing transaction commits.
    (Done even with the page cache off: :func:`per_generation` values depend on it.)
    """
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def per_generation(name: str, compute):
    """``compute()``'s value, kept until the next invalidation (for costly derived data)."""
    key = f"tablero:derived:{current_generation()}:{name}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, timeout=24 * 3600)
    return value


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # someone logged in (or with a session): never share their view
    return "HTTP_AUTHORIZATION" not in request.META


def is_cacheable_response(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # it set a cookie or holds a CSRF token: it belongs to one visitor
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return not has_vary_header(response, "Authorization")


def cache_key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"tablero:page:{digest}"


class PublicPageCacheMiddleware:
    """Serve and store anonymous responses (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not is_cacheable_request(request):
            response = self.get_response(request)
            if request.path_info.startswith(EXCLUDED_PREFIXES[:2]) or (
                settings.SESSION_COOKIE_NAME in request.COOKIES
                and not response.has_header("Cache-Control")
            ):
                # Admin screens and what a logged-in person sees stay out of shared caches.
                patch_cache_control(response, private=True)
            return response

        # One round trip to a shared cache: the current generation and this URL's copy,
        # which is only good if it was stored under that generation.
        key = cache_key(request)
        found = _cache().get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored = found.get(key)
        if stored is not None and stored.get("generation") == generation:
            return self.rebuild(request, stored)

        response = self.get_response(request)
        if is_cacheable_response(request, response):
            self.prepare_headers(request, response)
            frozen = self.freeze(response)
            frozen["generation"] = generation
            _cache().set(key, frozen, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def prepare_headers(request, response) -> None:
        """Headers every anonymous copy carries, so a CDN may keep it too."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        if response.get("Content-Type", "").startswith("text/html"):
            # The same URL differs for a logged-in editor (user bar).
            patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def freeze(response) -> dict:
        return {
            "status": response.status_code,
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        }

    @staticmethod
    def rebuild(request, stored: dict):
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Cache"] = "HIT"
        return conditional_response(request, response)
