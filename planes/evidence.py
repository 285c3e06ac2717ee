"""Evidence items of activities and civil-society assessments, read in bulk.

Each activity's (and assessment's) evidence is a StreamField; turning every
stream into blocks would fetch its documents one owner at a time. Here the raw
stream data of many owners is read at once and their documents fetched in one
query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.documents import get_document_model

from .choices import EvidenceKind
from .links import public_url


@dataclass(frozen=True)
class EvidenceItem:
    title: str
    date: datetime.date | None
    kind: str
    link: str
    document: object | None = None
    #: The id of its block in the owner's evidence stream (kept by every revision).
    block_id: str = ""

    @property
    def url(self) -> str:
        """The document's download address (resolved only when asked for), else the link."""
        return self.document.url if self.document is not None else self.link

    @property
    def sha256(self) -> str | None:
        """The file's SHA-256 recorded at upload (None for a link)."""
        checksum = getattr(self.document, "checksum", None) if self.document else None
        return checksum.sha256 if checksum else None

    @property
    def file_extension(self) -> str:
        return self.document.file_extension.lower() if self.document else ""

    @property
    def file_size(self) -> int | None:
        return document_size(self.document)

    @property
    def is_document(self) -> bool:
        return self.document is not None


def document_size(document) -> int | None:
    """A document's size in bytes: the stored figure, else asked of the storage (never
    written back, so reading a page never writes to the database)."""
    if document is None:
        return None
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def evidence_by_owner(owners: Iterable) -> dict[int, list[EvidenceItem]]:
    """Map pk → evidence items of objects with an ``evidence`` stream of EvidenceBlocks
    (activities, civil-society assessments), with one query for all their documents."""
    owners = list(owners)
    raw = {
        o.pk: [(block.get("id") or "", block.get("value") or {}) for block in o.evidence.raw_data]
        for o in owners
    }
    doc_ids = {
        v.get("document") for values in raw.values() for _id, v in values if v.get("document")
    }
    documents = (
        get_document_model().objects.select_related("checksum").in_bulk(doc_ids) if doc_ids else {}
    )
    result = {}
    for pk, values in raw.items():
        items = []
        for block_id, value in values:
            document = documents.get(value.get("document"))
            link = value.get("url") or ""
            if document is None and not link:
                continue
            items.append(
                EvidenceItem(
                    title=value.get("title", ""),
                    date=_parse_date(value.get("date")),
                    kind=value.get("kind", EvidenceKind.DELIVERABLE),
                    link=link,
                    document=document,
                    block_id=block_id,
                )
            )
        result[pk] = items
    return result


#: Activities' evidence (the name the pages, the API and the tables know).
evidence_by_activity = evidence_by_owner


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """A moment in UTC, ISO 8601 to the second («2021-02-28T18:00:00+00:00»): how the API,
    the history and the downloads all write a period's ``closed_at``."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds")


def evidence_dict(item: EvidenceItem, request) -> dict:
    """An evidence item as the API and the evidence table show it (absolute URL)."""
    return {
        "title": item.title,
        "date": iso_date(item.date),
        "kind": item.kind,
        "url": public_url(item.url, request),
        "file_extension": item.file_extension,
        "sha256": item.sha256 or "",  # empty for a link, as file_extension
    }
