"""Full-response cache for anonymous readers: public pages, API, downloads and feeds.

planes.middleware.PublicPageCacheMiddleware, placed right after the security and
static-file middleware, answers a cached copy before sessions, authentication or
any view run; this module holds what it caches, under which key and generation.

What is cached: GET (and HEAD, from the GET copy) requests without a session
cookie or Authorization header, outside the admin and document downloads, that
produced a 200, non-streaming response that sets no cookie and is not marked
private or no-store. So an editor's view (user bar, drafts) never enters the
cache, nor does a page holding a CSRF token.

Invalidation is by *generation*, in two levels. Every copy is stored with a token made of
the site-wide generation and its *section*'s, both kept in the same cache; a copy whose
token is not the current one is stale: it is ignored at once, on every app server
sharing the cache (Redis with ``REDIS_URL``), and is overwritten or expires. A hit costs
one round trip (``get_many`` of the tokens and the copy).

Sections follow the URL. A plan's pages (the plan, its commitments and milestones, its
report) are the section named by the plan's first path segment; everything else (the home
page, search, directories, the API, open data, feeds) is the *shared* section. Whatever
shows a plan's content is in its section or in the shared one, so publishing under a plan
(:func:`invalidate_section`) renews that plan's section and the shared one, and every
other plan's pages stay cached. What can show anywhere (an institution's name, a
document, a page moved, a plan itself published or renamed) renews everything
(:func:`invalidate`).

The same tokens version what is derived from a plan's published content and costly to
compute on a page cache miss (:func:`per_section`: the plan dashboard's figures and filter
options, the plan's CSV and XLSX files) and from everything published
(:func:`per_generation`: the search's ranking).

Why not Django's UpdateCacheMiddleware/FetchFromCacheMiddleware: they have no
invalidation at all (only expiry), and flushing a shared Redis would take
sessions and other data with it.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import has_vary_header
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

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


#: The code whose output the cached renderings hold: a new release never reuses them.
RELEASE_SOURCES = (
    ("templates", "**/*.html"),
    ("planes/templatetags", "*.py"),
    ("planes/api", "*.py"),
    ("planes/models", "*.py"),
)


@memoize
def release() -> str:
    """A digest of the templates, template tags, API serialisation and models: fragments
    and API items cached by a former release (kept in a shared Redis across a deploy) are
    never reused by the next."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in RELEASE_SOURCES:
        for path in sorted((root / folder).glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
    """Start a new generation at once (every copy cached before is stale); the plans'
    sections are read again (a plan may have been published, renamed or removed)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    _cache().delete(PLAN_SECTIONS_KEY)


def per_generation(name: str, compute):
    """``compute()``'s value, kept until the next invalidation of the shared section (any
    publication) or of everything (for costly derived data)."""
    found = _cache().get_many([GENERATION_KEY, SHARED_SECTION_KEY])
    generation = found.get(GENERATION_KEY) or current_generation()
    key = f"tablero:derived:{generation}:{_token(found, SHARED_SECTION_KEY)}:{name}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, timeout=24 * 3600)
    return value


def section_version(page) -> str:
    """The version of what ``page``'s section shows (a plan: its pages, its downloads): the
    site-wide generation and the section's token, one round trip. It changes with every
    :func:`invalidate_section` of a page under it and every :func:`invalidate`; the same
    version means the same published content (today's date aside)."""
    segment = page_segment(page)
    section_key = SHARED_SECTION_KEY if segment is None else _section_key(segment)
    found = _cache().get_many([GENERATION_KEY, section_key])
    generation = found.get(GENERATION_KEY) or current_generation()
    return f"{generation}:{_token(found, section_key)}"


def section_versions(pages) -> dict[int, str]:
    """:func:`section_version` of each of ``pages`` by primary key: one round trip, however
    many pages and sections."""
    roots = site_roots()
    keys = {}
    for page in pages:
        segment = next(
            (
                first_segment(page.url_path[len(root) :])
                for root in roots
                if page.url_path.startswith(root) and page.url_path != root
            ),
            None,
        )
        keys[page.pk] = SHARED_SECTION_KEY if segment is None else _section_key(segment)
    found = _cache().get_many([GENERATION_KEY, *set(keys.values())])
    generation = found.get(GENERATION_KEY) or current_generation()
    tokens = {key: _token(found, key) for key in set(keys.values())}
    return {pk: f"{generation}:{tokens[key]}" for pk, key in keys.items()}


def per_section(page, computes: dict) -> dict:
    """``{name: compute()}`` for ``page``'s section at its current :func:`section_version`:
    each value computed once per publication under the section (two round trips for any
    number of values; the missing ones are stored with one ``set_many``)."""
    version = section_version(page)
    keys = {
        name: "tablero:section-derived:" + hashlib.sha256(f"{version}:{name}".encode()).hexdigest()
        for name in computes
    }
    found = _cache().get_many(list(keys.values()))
    values, missing = {}, {}
    for name, key in keys.items():
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = computes[name]()
    if missing:
        _cache().set_many(missing, timeout=24 * 3600)
    return values


SHARED_SECTION_KEY = "tablero:page-cache:section:*shared*"
#: The first path segments that are plans' sections (kept in the cache, rebuilt on a miss).
PLAN_SECTIONS_KEY = "tablero:page-cache:plan-sections"


def _section_key(segment: str) -> str:
    return f"tablero:page-cache:section:{segment}"


def first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]


def site_roots() -> list[str]:
    """The URL paths of the sites' root pages, longest first: from Wagtail's own cache of
    them (``Site.get_site_root_paths``, renewed when a site changes), so no query."""
    return sorted({root.root_path for root in Site.get_site_root_paths()}, key=len, reverse=True)


def page_segment(page) -> str | None:
    """The first segment of the page's URL below its site's root (None: the root itself)."""
    for root in site_roots():
        if page.url_path.startswith(root) and page.url_path != root:
            return first_segment(page.url_path[len(root) :])
    return None


def plan_sections() -> frozenset[str]:
    """The first path segments of the live plans (one query; cached until a plan changes)."""
    plans = Page.objects.live().filter(
        content_type__app_label="planes", content_type__model="actionplanpage"
    )
    sections = frozenset(filter(None, (page_segment(plan) for plan in plans.only("url_path"))))
    _cache().set(PLAN_SECTIONS_KEY, sections, timeout=None)
    return sections


def _token(found: dict, key: str) -> str:
    token = found.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not _cache().add(key, token, timeout=None):
            token = _cache().get(key) or token
    return token


def lookup(request, key: str) -> tuple[str, dict | None]:
    """The request's current token and the copy stored under ``key``, in one round trip."""
    segment = first_segment(request.path_info)
    section_key = _section_key(segment)
    found = _cache().get_many(
        [GENERATION_KEY, SHARED_SECTION_KEY, PLAN_SECTIONS_KEY, section_key, key]
    )
    sections = found.get(PLAN_SECTIONS_KEY)
    if sections is None:
        sections = plan_sections()
    if segment not in sections:
        section_key = SHARED_SECTION_KEY
    generation = found.get(GENERATION_KEY) or current_generation()
    return f"{generation}:{_token(found, section_key)}", found.get(key)


def invalidate_section(page) -> None:
    """Make stale what can show ``page`` (a commitment's or a milestone's content): its
    plan's section and the shared one; now and again once the transaction commits."""
    segment = page_segment(page)
    if segment is None:
        invalidate()
        return
    keys = [_section_key(segment), SHARED_SECTION_KEY]

    def renew():
        _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    renew()
    transaction.on_commit(renew, robust=True)


def store(key: str, frozen: dict, token: str) -> None:
    """Keep a response's frozen copy under ``key``, good while ``token`` is current."""
    _cache().set(key, {**frozen, "generation": token}, settings.PAGE_CACHE_SECONDS)


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
#: the self-assessment report's period, and the search page's query, filters and page
#: (tests/test_page_cache.py keeps this in step with their forms). The API keeps its
#: whole query string: it refuses unknown parameters with a 400, which is never cached.
PAGE_PARAMETERS = frozenset(
    {"institucion", "organizacion", "nivel", "valor", "tema", "situacion", "voces", "orden"}
    | {"q", "plan", "type", "page"}
    | {"periodo"}  # the self-assessment report of a closed period
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
