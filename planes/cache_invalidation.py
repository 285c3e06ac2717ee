"""Keep cached public responses current: the app's page cache and, if set, a CDN.

Anything that can appear on a public page invalidates the whole page cache
(see planes/page_cache.py for why it is coarse). With a CDN configured
(``WAGTAILFRONTENDCACHE``), Wagtail purges the published page itself; here the
pages that summarise it (its ancestors: commitment, plan, home) are purged too.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache
from .models import Institution, Organization

#: Non-page models whose changes show on public pages (names, files, privacy, hosts).
SHOWN_ON_PAGES = (
    Institution,
    Organization,
    get_document_model(),
    PageViewRestriction,
    Site,
    Tag,
)


@receiver(page_published)
@receiver(page_unpublished)
def page_publication_changed(sender, instance, **kwargs):
    page_cache.invalidate()
    purge_ancestors_from_cdn(instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    page_cache.invalidate()


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, (Page, *SHOWN_ON_PAGES)):
        page_cache.invalidate()


@receiver(post_save)
def object_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, SHOWN_ON_PAGES):
        page_cache.invalidate()


def purge_ancestors_from_cdn(page) -> None:
    """Purge the pages that show this one's figures (Wagtail purges the page itself)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(page.get_ancestors().live().filter(depth__gt=1))
    batch.purge()
