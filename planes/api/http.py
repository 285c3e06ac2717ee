"""HTTP behaviour of the public API, the open-data downloads and the feeds.

For paths under /api/ and /datos/ only:

* CORS open for reading: ``Access-Control-Allow-Origin: *`` on GET/HEAD, and
  preflight (OPTIONS with Access-Control-Request-Method) answered here.
* ``Cache-Control: public, max-age=PUBLIC_DATA_MAX_AGE`` on successful data
  responses (not on HTML pages, which may carry an editor's user bar).
* A strong ETag from the body, and 304 Not Modified when the client's
  If-None-Match matches (Django's conditional GET).

A tiny middleware instead of django-cors-headers: the rules are these few lines.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

PREFIXES = ("/api/", "/datos/")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since, Content-Type"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Disposition"


def is_public_data_path(path: str) -> bool:
    return path.startswith(PREFIXES)


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
        response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_DATA_MAX_AGE)
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,
            response=response,
        )
