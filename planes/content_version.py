"""What a cached rendering of a model instance depends on: a digest of every value loaded on
it, stable across processes (planes/templatetags/fragments.py, planes/api/representations.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import hashlib
import uuid

from django.db import models

SIMPLE = (str, int, float, bool, decimal.Decimal, datetime.date, uuid.UUID, type(None))


def stable(value, depth: int = 0):
    """A representation of ``value`` that is the same for the same content in any process
    (never a memory address)."""
    if isinstance(value, SIMPLE):
        return repr(value)
    if isinstance(value, dict):
        return repr([(str(k), stable(v, depth)) for k, v in value.items()])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stable(v, depth) for v in value]
        return repr(sorted(items) if isinstance(value, (set, frozenset)) else items)
    if isinstance(value, models.Model):
        if depth >= 2:
            return repr((value._meta.label, value.pk))
        return repr((value._meta.label, loaded_values(value, depth + 1)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return repr([(f.name, stable(getattr(value, f.name), depth)) for f in fields])
    # Anything else (a rich-text or stream value): its text. An unstable text only costs
    # a cache miss, never a stale fragment.
    return repr((type(value).__name__, str(value)))


def loaded_values(obj, depth: int = 0) -> list:
    """Every public attribute loaded on ``obj`` and the related objects prefetched with it."""
    values = [
        (name, stable(value, depth))
        for name, value in sorted(vars(obj).items())
        if not name.startswith("_")
    ]
    prefetched = getattr(obj, "_prefetched_objects_cache", {})
    for name in sorted(prefetched):
        values.append((name, [stable(related, depth + 1) for related in prefetched[name]]))
    # Related objects loaded with select_related (an assessment's organization).
    related = obj._state.fields_cache
    for name in sorted(related):
        values.append((name, stable(related[name], depth + 1)))
    return values


def content_digest(item) -> str:
    """A digest of :func:`loaded_values` of ``item``, computed once per item and request
    (before any fragment of it is rendered: a page may render several of one item)."""
    digest = item.__dict__.get("_fragment_digest")
    if digest is None:
        digest = hashlib.sha256(repr(loaded_values(item)).encode()).hexdigest()
        item._fragment_digest = digest
    return digest
