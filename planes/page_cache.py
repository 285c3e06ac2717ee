"""Full-response cache for anonymous readers: public pages, API, downloads and feeds.

planes.middleware.PublicPageCacheMiddleware, placed right after the security and
static-file middleware, answers a cached copy before sessions, authentication or
any view run; this module holds what it caches, under which key and generation.

What is cached: GET (and HEAD, from the GET copy) requests without a session
cookie or Authorization header, outside the admin and document downloads, that
produced a 200, non-streaming response that sets no cookie and is not marked
private or no-store. So an editor's view (user bar, drafts) never enters the
cache, nor does a page holding a CSRF token.

Invalidation is by *generation*: every copy is stored with a token kept in the
same cache, and :func:`invalidate` replaces the token whenever something that
can appear on a public page changes (see planes/signal_handlers.py). A copy
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
from django.utils.cache import has_vary_header
from wagtail.contrib.frontend_cache.utils import PurgeBatch

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
    new_generation()
    transaction.on_commit(new_generation, robust=True)


def new_generation() -> None:
    """Start a new generation at once (every copy cached before is stale)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def per_generation(name: str, compute):
    """``compute()``'s value, kept until the next invalidation (for costly derived data)."""
    key = f"tablero:derived:{current_generation()}:{name}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, timeout=24 * 3600)
    return value


def lookup(key: str) -> tuple[str, dict | None]:
    """The current generation and the copy stored under ``key``, in one round trip."""
    found = _cache().get_many([GENERATION_KEY, key])
    return found.get(GENERATION_KEY) or current_generation(), found.get(key)


def store(key: str, frozen: dict, generation: str) -> None:
    """Keep a response's frozen copy under ``key``, good while ``generation`` is current."""
    _cache().set(key, {**frozen, "generation": generation}, settings.PAGE_CACHE_SECONDS)


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


#: Query parameters the public pages read: the plan dashboard's filters and sort order,
#: and the search page's query, filters and page (tests/test_page_cache.py keeps this in
#: step with their forms). The API keeps its whole query string: it refuses unknown
#: parameters with a 400, which is never cached.
PAGE_PARAMETERS = frozenset(
    {"institucion", "organizacion", "nivel", "valor", "tema", "situacion", "voces", "orden"}
    | {"q", "plan", "type", "page"}
)
#: Paths whose every query parameter counts (the API validates them all).
STRICT_QUERY_PREFIXES = ("/api/",)


def ignored_parameters(request) -> list[str]:
    """Query parameters of an anonymous page request that no page reads (``utm_source``,
    a random cache-buster): they would only multiply cached copies of the same page."""
    if request.path_info.startswith(STRICT_QUERY_PREFIXES):
        return []
    return [name for name in request.GET if name not in PAGE_PARAMETERS]


def canonical_url(request) -> str:
    """The request's URL without :func:`ignored_parameters`."""
    query = request.GET.copy()
    for name in ignored_parameters(request):
        del query[name]
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def cache_key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"tablero:page:{digest}"


def purge_ancestors_from_cdn(page) -> None:
    """Purge the pages that show this one's figures (Wagtail purges the page itself)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(page.get_ancestors().live().filter(depth__gt=1))
    batch.purge()


def purge_page_and_ancestors_from_cdn(page) -> None:
    """Purge a page and the pages above it (a snippet it shows changed, not the page)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(page.get_ancestors().live().filter(depth__gt=1))
    batch.purge()
