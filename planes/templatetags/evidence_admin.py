"""Admin template helpers for the evidence rules (planes/document_access.py)."""

from django import template

from ..document_access import is_published_evidence

register = template.Library()


@register.filter
def published_evidence(document) -> bool:
    """Whether published content links to the document (then nobody deletes it)."""
    return bool(document and document.pk) and is_published_evidence(document)
