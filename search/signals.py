"""Keep the search index in step with what is published.

Wagtail indexes a page when the page row is saved, which during a publish is
before its inline models (a milestone's activities, evidence and updates) are
written; so the page is indexed again once the publish is complete.
"""

from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published

from .queries import SEARCHABLE_TYPES


@receiver(page_published, dispatch_uid="search_reindex_published_page")
def reindex_published_page(sender, instance, **kwargs):
    if sender in SEARCHABLE_TYPES.values():
        index.insert_or_update_object(instance)
