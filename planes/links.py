"""Public addresses: absolute URLs on the configured public host, and a plan's downloads.

A leaf module (it imports nothing of the project), so the API's serializer
fields, the exports and the feeds all build links the same way. Absolute URLs
start with the configured public address, ``WAGTAILAPI_BASE_URL`` (the one
Wagtail's API uses for ``detail_url``), never with whatever host a request came
in by.
"""

from django.urls import reverse
from wagtail.api.utils import get_full_url

#: Export tables and their Spanish URL slugs (/datos/planes/<id>/<slug>.<format>).
TABLE_SLUGS = {
    "commitments": "compromisos",
    "milestones": "acciones-clave",
    "evidence": "evidencias",
    "snapshots": "historia",
    "assessments": "valoraciones",
    "irm": "mri",
}
#: Every table of the whole site, one download each (/datos/<slug>.<format>): the per-plan
#: tables and the plans themselves.
SITE_TABLE_SLUGS = {"plans": "planes", **TABLE_SLUGS}
#: Download formats of the export tables.
DOWNLOAD_FORMATS = ("csv", "xlsx", "json")


def public_url(url: str | None, request=None) -> str | None:
    """``url`` (a path such as ``/datos/``) on the configured public address.

    ``WAGTAILAPI_BASE_URL`` (scheme and host), or the site's root URL when it is
    not set; a URL that already names its host (an external evidence link) is kept.
    """
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    return get_full_url(request, url if url.startswith("/") else f"/{url}")


def page_url(page, request=None) -> str | None:
    """A page's public address (see :func:`public_url`), or None if it has no URL."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    _site_id, _root_url, path = parts
    return public_url(path, request)


def plan_download_urls(plan) -> dict[str, str]:
    """``{"commitments_csv": "/datos/planes/4/compromisos.csv", ...}`` for a plan."""
    return {
        f"{table}_{fmt}": reverse(
            "opendata:plan_table", kwargs={"plan_id": plan.pk, "table": slug, "fmt": fmt}
        )
        for table, slug in TABLE_SLUGS.items()
        for fmt in DOWNLOAD_FORMATS
    }


def site_download_url(table: str, fmt: str) -> str:
    """``/datos/compromisos.csv``: one table of every published plan of the site."""
    return reverse("opendata:site_table", kwargs={"table": SITE_TABLE_SLUGS[table], "fmt": fmt})
