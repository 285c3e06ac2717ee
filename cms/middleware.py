"""Project-wide request guards that belong to no domain app."""

import re

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

#: Searches longer than this are refused: Wagtail's search builds one nested query
#: node per word, and some hundred words exhaust Python's recursion limit.
MAX_SEARCH_WORDS = 32
MAX_SEARCH_LENGTH = 1000
#: Query parameters that hold a search (the admin's and choosers' ``q``, the API's ``search``).
SEARCH_PARAMETERS = ("q", "search")
#: Where the limit applies; the public search page (/buscar/) already keeps the first words.
GUARDED_PREFIXES = ("/api/", "/admin/")
WORD_RE = re.compile(r"\S+")


def search_too_long(value: str) -> bool:
    return len(value) > MAX_SEARCH_LENGTH or len(WORD_RE.findall(value)) > MAX_SEARCH_WORDS


class SearchLimitMiddleware:
    """A clear 400 for an over-long search in the API and the admin, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(GUARDED_PREFIXES) and any(
            search_too_long(request.GET.get(name, "")) for name in SEARCH_PARAMETERS
        ):
            message = _(
                "La búsqueda admite hasta %(words)s palabras y %(chars)s caracteres; "
                "acórtala y vuelve a intentarlo."
            ) % {"words": MAX_SEARCH_WORDS, "chars": MAX_SEARCH_LENGTH}
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"message": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


#: What Wagtail's admin needs beyond the site's policy: it writes small inline scripts
#: (its configuration and some widgets) that neither a hash nor a nonce can cover.
ADMIN_POLICY_UPDATE = {"script-src": ["'unsafe-inline'"]}


class AdminContentSecurityPolicyMiddleware:
    """The site's Content-Security-Policy, widened for the Wagtail admin only.

    Placed after django-csp's middleware, so its update is on the response when
    django-csp builds the header. The public site keeps ``script-src 'self'``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/admin/"):
            response._csp_update = ADMIN_POLICY_UPDATE
        return response
