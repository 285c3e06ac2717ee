"""The API listing's items, each cached by its content's version (as the pages' fragments
are: planes/templatetags/fragments.py), so a listing after a publication serialises only
the items that changed.

An item's key is a digest of: the release (code of the templates, models and API), the
language, the scheme and host (the item's URLs are absolute), the fields and type asked
for, today's date and the follow-up settings («con retraso», «por vencer»), the item's
loaded columns, and the version of its plan's section (renewed by every publication under
the plan, civil society's voices included, and by any site-wide change such as a directory
entry renamed or a document replaced: planes/page_cache.py). So a published change gives
new keys at once, and a draft never reaches an item: the items are the listing's live,
public pages.

Relations and what the serialiser reads beside the page (prefetches, evidence documents,
civil society's summaries) are loaded only for the items not in the cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation

from .. import page_cache
from ..content_version import content_digest
from ..models.followup import followup_days

#: Seconds an item is kept (a key no longer asked for simply expires).
ITEM_SECONDS = 24 * 3600
PREFIX = "tablero:api-item:"
#: The query parameters that change an item's representation (the rest choose the items).
SHAPE_PARAMETERS = ("type", "fields")


def common_version(request) -> str:
    return repr(
        (
            page_cache.release(),
            translation.get_language(),
            request.build_absolute_uri("/"),
            [(name, request.GET.getlist(name)) for name in SHAPE_PARAMETERS],
            timezone.localdate().isoformat(),
            followup_days(),
        )
    )


def cached_representations(request, items: list, prepare, serialise) -> list:
    """Each item's representation, from the cache when its version was serialised before;
    ``prepare(missing)`` loads what the serialiser reads for the others, and
    ``serialise(missing)`` gives their representations in order."""
    if not items:
        return []
    cache = caches[settings.FRAGMENT_CACHE_ALIAS]
    common = common_version(request)
    sections = page_cache.section_versions(items)
    keys = [
        PREFIX
        + hashlib.sha256(
            f"{common}:{item._meta.label}:{item.pk}:{sections[item.pk]}:"
            f"{content_digest(item)}".encode()
        ).hexdigest()
        for item in items
    ]
    found = cache.get_many(keys)
    missing = [(key, item) for key, item in zip(keys, items, strict=True) if key not in found]
    if missing:
        missing_items = [item for _key, item in missing]
        prepare(missing_items)
        fresh = dict(zip([key for key, _item in missing], serialise(missing_items), strict=True))
        cache.set_many(fresh, ITEM_SECONDS)
        found.update(fresh)
    return [found[key] for key in keys]
