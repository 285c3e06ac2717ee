"""Project-level views that belong to no domain app: health checks and the error handler."""

import sys
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error

from planes.forms import TamperedFormData

#: Seconds a reader is asked to wait while the database is unreachable.
RETRY_AFTER_SECONDS = 10
#: Database errors that mean "not reachable now" (a restart, a dropped connection).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


@never_cache
def health(request):
    """Liveness check for a load balancer: answers without touching the database.

    It is also the benchmark's baseline (bench/run.py): the cost of Django itself,
    with every middleware, on the same server.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


#: Seconds a browser may keep the /favicon.ico redirect (the icon's own address is versioned).
FAVICON_REDIRECT_MAX_AGE = 86400


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading the page: a
    redirect to the icon among the static files (no database, no page rendering)."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = f"public, max-age={FAVICON_REDIRECT_MAX_AGE}"
    return response


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def cache_status() -> str:
    cache = caches[settings.PAGE_CACHE_ALIAS]
    if hasattr(cache, "is_available"):
        return "ok" if cache.is_available() else "down"
    probe = uuid.uuid4().hex
    cache.set("tablero:readiness", probe, 10)
    return "ok" if cache.get("tablero:readiness") == probe else "down"


@never_cache
def readiness(request):
    """Readiness for a load balancer, in JSON: the database and the cache checked apart.

    200 ``ok``, or 200 ``degraded`` when only the cache is down (pages render
    without it); 503 ``unavailable`` when the database is down.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


def error_400(request, exception, template_name="400.html"):
    """A Spanish 400 page; it says what was wrong when the refusal explains itself
    (a tampered admin form: planes.forms.TamperedFormData)."""
    message = str(exception) if isinstance(exception, TamperedFormData) else ""
    return HttpResponseBadRequest(loader.render_to_string(template_name, {"message": message}))


def error_500(request, template_name="500.html"):
    """Django's 500 handler, except when the database is unreachable (a restart): then a
    503 page in Spanish with Retry-After, which browsers and balancers understand; for an
    admin form it says the changes were not saved and offers to send them again."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        in_admin = request.path.startswith("/admin/")
        context = {
            "in_admin": in_admin,
            # An admin form sent while the database was down: say plainly nothing was saved
            # (the browser keeps what was typed: static/js/tablero-keep-unsaved.js).
            "not_saved": in_admin and request.method == "POST",
            "form_url": request.path,
        }
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return server_error(request, template_name)
