"""Rendered fragments (a plan's commitment cards, a commitment's milestone rows) cached by
the content's own version, so they survive the invalidation of the pages around them.

``{% cached_fragments items "planes/includes/commitment_row.html" as_name="commitment" %}``
renders the template once per item (the item under ``as_name``, in the page's context),
stores each rendering in the cache and sets it on the item as ``item.fragment``; the loop
then writes ``{{ item.fragment }}``. All the items cost one ``get_many`` (and one
``set_many`` for those rendered), however many there are.

A fragment's key is a digest of everything it shows: **every loaded value of the item**
(its columns, its stored figures, what the page computed for it such as the civil-society
summary or the change since the last close, and the directory entries prefetched with it),
the active language, the host, today's date and the follow-up settings (for «con retraso»,
«por vencer» and «sin actualizar»), the site-wide generation of the page cache (renewed
when an institution, organization, tag, document, site or period changes:
planes/page_cache.py), the ``extra`` context values the template reads, and a digest of the
templates' and template tags' source (a new release never reuses an old rendering). So a
published change to the item gives a new key at once; nothing is ever invalidated by
hand, and a fragment is never stale. Drafts never reach a fragment: the items are the
page's live pages, as before.

The template must read nothing else from the context than the item, ``request`` (for
``pageurl``) and the ``extra`` values named in the tag.

``prefetch="lead_institutions organizations"``: relations the template reads that the
items arrive *without*; they are fetched (one query per relation, ``prefetch_related_objects``)
only for the items whose fragment is not in the cache. Only relations that change with the
item's own publication may be named so (a page's parental many-to-many fields and tags are
written when it is published, which changes its ``last_published_at`` and so its key) or
with the site-wide generation (the directory's entries themselves): a fragment from the cache
then costs neither the relation's query nor its share of the digest.

They live in the ``fragments`` cache (settings.FRAGMENT_CACHE_ALIAS): Redis when there is
one, else each process's memory (a key names its content, so no process can hold a stale
one; only the generation is read from the shared cache).
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .. import page_cache
from ..content_version import content_digest, stable
from ..models.followup import followup_days

register = template.Library()

#: Seconds a fragment is kept (a key no longer asked for simply expires).
FRAGMENT_SECONDS = 24 * 3600
PREFIX = "tablero:fragment:"


def fragment_key(common: str, item) -> str:
    digest = hashlib.sha256(f"{common}:{content_digest(item)}".encode()).hexdigest()
    return f"{PREFIX}{item._meta.label}:{item.pk}:{digest}"


def common_version(context, template_name: str, extra: dict) -> str:
    """What every fragment of this rendering depends on besides its item."""
    request = context.get("request")
    return repr(
        (
            page_cache.release(),
            template_name,
            translation.get_language(),
            request.get_host() if request is not None else "",
            timezone.localdate().isoformat(),
            followup_days(),
            page_cache.current_generation(),
            sorted((name, stable(value)) for name, value in extra.items()),
        )
    )


@register.simple_tag(takes_context=True)
def cached_fragments(
    context, items, template_name, as_name="item", attribute="fragment", prefetch="", **extra
):
    """Set ``item.fragment`` (or ``attribute``) on each of ``items``: the template rendered
    for it, from the cache when its content's version was rendered before (see the module
    docstring)."""
    items = list(items)
    if not items:
        return ""
    cache = caches[settings.FRAGMENT_CACHE_ALIAS]
    common = common_version(context, template_name, extra)
    keys = [fragment_key(common, item) for item in items]
    found = cache.get_many(keys)
    rendered = {}
    fragment_template = context.template.engine.get_template(template_name)
    if prefetch.split():
        missing = [item for key, item in zip(keys, items, strict=True) if key not in found]
        prefetch_related_objects(missing, *prefetch.split())
    for key, item in zip(keys, items, strict=True):
        html = found.get(key)
        if html is None:
            with context.push(**{as_name: item, **extra}):
                html = fragment_template.render(context)
            html = rendered[key] = str(html)
        setattr(item, attribute, mark_safe(html))  # noqa: S308 - our own template's rendering
    if rendered:
        cache.set_many(rendered, FRAGMENT_SECONDS)
    return ""
