"""Keep the search index in step with what is published.

* Wagtail indexes a page when the page row is saved, which during a publish is
  before its inline models (a milestone's activities, evidence and updates) are
  written; so the page is indexed again once the publish is complete.
* Commitments and milestones are found by their institutions' and
  organizations' names and acronyms: renaming a directory entry re-indexes them.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published

from planes.models import Institution, Organization

from .queries import SEARCHABLE_TYPES


@receiver(page_published, dispatch_uid="search_reindex_published_page")
def reindex_published_page(sender, instance, **kwargs):
    if sender in SEARCHABLE_TYPES.values():
        index.insert_or_update_object(instance)


@receiver(post_save, sender=Institution, dispatch_uid="search_reindex_institution_pages")
@receiver(post_save, sender=Organization, dispatch_uid="search_reindex_organization_pages")
def reindex_directory_entry_pages(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return  # nothing refers to it yet
    for page in [*instance.commitments.all(), *instance.milestones.all()]:
        index.insert_or_update_object(page)
