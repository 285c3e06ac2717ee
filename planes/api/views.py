"""The API's own pages: the OpenAPI description, the human-readable page and JSON 404s."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from instancia.models import current

from .openapi import build_openapi


@require_safe
def openapi_json(request):
    return JsonResponse(
        build_openapi(current(request)), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_safe
def api_page(request):
    base = request.build_absolute_uri("/api/v2/")
    return render(
        request,
        "planes/api.html",
        {
            "base": base,
            "limit_max": settings.WAGTAILAPI_LIMIT_MAX,
            "max_age": settings.PUBLIC_DATA_MAX_AGE,
            "license": current(request).licence,
            "license_url": current(request).licence_link,
        },
    )


def not_found(request, *args, **kwargs):
    return JsonResponse({"message": _("No existe este recurso de la API.")}, status=404)
