"""The two middlewares of the public site, and the conditional GET they share.

PublicPageCacheMiddleware: anonymous responses from the cache (planes/page_cache.py).

PublicDataMiddleware: HTTP behaviour of the public API, the open-data downloads
and the feeds.

For paths under /api/ and /datos/ only:

* Read-only: any method other than GET, HEAD and OPTIONS answers a JSON 405
  with ``Allow: GET, HEAD, OPTIONS``. This runs before Django's CSRF check (a
  view-level check), so a write never gets the CSRF 403 HTML page instead.
* CORS open for reading: ``Access-Control-Allow-Origin: *`` on GET/HEAD, and
  preflight (OPTIONS with Access-Control-Request-Method) answered here; a plain
  OPTIONS answers 204 with ``Allow`` where the view itself does not handle it.
* ``Cache-Control: public, max-age=PUBLIC_DATA_MAX_AGE`` on successful data
  responses (not on HTML pages, which may carry an editor's user bar).
* A strong ETag from the body, and 304 Not Modified when the client's
  If-None-Match matches, or, without If-None-Match, when If-Modified-Since is
  not older than the response's Last-Modified (the feeds send one): Django's
  conditional GET.
* A 404 for a data file under /datos/ is not the site's HTML page: JSON
  ``{"message": ...}`` for a ``.json`` address, plain text for the other formats.

A tiny middleware instead of django-cors-headers: the rules are these few lines.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from . import page_cache
from .page_cache import EXCLUDED_PREFIXES, KEPT_HEADERS

PREFIXES = ("/api/", "/datos/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOWED_METHODS = ", ".join(SAFE_METHODS)
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since, Content-Type"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Disposition"
#: Data files under /datos/ whose 404 is not the HTML page: extension → JSON or not.
DATA_FILE_SUFFIXES = {".json": True, ".csv": False, ".xlsx": False, ".atom": False, ".rss": False}


def is_public_data_path(path: str) -> bool:
    return path.startswith(PREFIXES)


def conditional_response(request, response):
    """A 304 instead of ``response`` when the client's If-None-Match or If-Modified-Since
    says it already has it (Django's conditional GET on the response's own validators)."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def method_not_allowed() -> JsonResponse:
    response = JsonResponse(
        {
            "message": _(
                "La API y los datos abiertos son de sólo lectura: "
                "sólo se admiten GET, HEAD y OPTIONS."
            )
        },
        status=405,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Allow"] = ALLOWED_METHODS
    return response


def data_file_not_found(path: str, response):
    """The JSON or plain-text 404 of a missing data file, or ``response`` as it is."""
    if not path.startswith("/datos/") or not response.get("Content-Type", "").startswith(
        "text/html"
    ):
        return response
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in DATA_FILE_SUFFIXES:
        return response
    message = _("No existe este archivo de datos abiertos o no está publicado.")
    if DATA_FILE_SUFFIXES[suffix]:
        return JsonResponse(
            {"message": message}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")


class PublicDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_data_path(request.path_info):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            response["Access-Control-Allow-Origin"] = "*"
            return response
        if request.method not in SAFE_METHODS:
            response = method_not_allowed()
        else:
            response = self.get_response(request)
            if request.method == "OPTIONS" and response.status_code == 405:
                # A plain OPTIONS to a view that only knows GET and HEAD (require_safe).
                response = HttpResponse(status=204)
                response["Allow"] = ALLOWED_METHODS
        if response.status_code == 404:
            response = data_file_not_found(request.path_info, response)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_DATA_MAX_AGE)
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        return conditional_response(request, response)


class PublicPageCacheMiddleware:
    """Serve and store anonymous responses (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache.enabled() or not page_cache.is_cacheable_request(request):
            response = self.get_response(request)
            if request.path_info.startswith(EXCLUDED_PREFIXES[:2]) or (
                settings.SESSION_COOKIE_NAME in request.COOKIES
                and not response.has_header("Cache-Control")
            ):
                # Admin screens and what a logged-in person sees stay out of shared caches.
                patch_cache_control(response, private=True)
            return response

        if page_cache.ignored_parameters(request):
            # Parameters no page reads: one redirect to the URL that is cached, instead of
            # a new copy (and a new rendering) per random query string.
            return HttpResponsePermanentRedirect(page_cache.canonical_url(request))

        # One round trip to a shared cache: the current generation and this URL's copy,
        # which is only good if it was stored under that generation.
        key = page_cache.cache_key(request)
        generation, stored = page_cache.lookup(request, key)
        if stored is not None and stored.get("generation") == generation:
            return self.rebuild(request, stored)

        response = self.get_response(request)
        if page_cache.is_cacheable_response(request, response):
            self.prepare_headers(request, response)
            page_cache.store(key, self.freeze(response), generation)
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
