"""Writing many rows fast: batched inserts into one table, slugs and dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.db import connections, router
from django.utils import timezone
from django.utils.text import slugify


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` nearly equal whole numbers (the first ones get the rest)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, objs: Sequence, fields: Sequence, *, returning: bool = False) -> list:
    """INSERT ``objs`` into ``model``'s own table only, in batches; the new pks if asked.

    ``QuerySet.bulk_create`` refuses multi-table models, so pages are written in
    two steps with the machinery it uses itself: the ``wagtailcore_page`` rows
    (returning their ids), then each page type's rows with ``page_ptr_id`` set.
    """
    using = router.db_for_write(model)
    connection = connections[using]
    size = max(connection.ops.bulk_batch_size(list(fields), objs), 1)
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        size = 1
    returning_fields = [model._meta.pk] if returning else None
    pks = []
    for batch in chunks(objs, size):
        rows = model._base_manager._insert(
            batch, fields=fields, returning_fields=returning_fields, using=using
        )
        if returning:
            pks.extend(row[0] for row in rows)
    return pks


def unique_slug(text: str, taken: set[str], max_length: int = 80) -> str:
    """A slug for ``text`` not in ``taken`` (siblings' slugs), which it joins."""
    base = slugify(text)
    if len(base) > max_length:  # cut at a word boundary
        base = base[: max_length + 1].rsplit("-", 1)[0]
    base = base.strip("-") or "pagina"
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The generator --------------------------------------------------------------------
