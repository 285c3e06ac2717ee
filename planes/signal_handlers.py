"""Every signal receiver of the domain, by what it keeps current.

* Stored progress figures (aggregation.py): on publish, unpublish, move, delete.
* Per-commitment editors groups (roles.py): on assignment changes.
* E-mails to the other voice (notifications.py): on government submissions and publications.
* Cached public responses (page_cache.py) and a CDN: on anything a public page shows
  (the civil-society assessments and responses when published, unpublished or deleted),
  and once the cache answers again after an outage (cms/cache.py).
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
    workflow_submitted,
)

from cms.cache import cache_recovered
from instancia.models import InstanceSettings

from . import page_cache
from .aggregation import refresh_aggregates_at, refresh_ancestors_of
from .models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentEditorsGroup,
    CommitmentPage,
    DocumentChecksum,
    EvidencePublication,
    FollowUpSettings,
    GovernmentResponse,
    Institution,
    MilestonePage,
    Organization,
    ReportingPeriod,
    UpdatePublication,
)
from .notifications import (
    PUBLISHED,
    SUBMITTED,
    notify_government_change,
    notify_voice_published,
)
from .roles import remove_commitment_group, sync_commitment, sync_user_roles

TRACKED = (MilestonePage, CommitmentPage)


@receiver(page_published)
@receiver(page_unpublished)
def refresh_after_publication_change(sender, instance, **kwargs):
    if isinstance(instance, TRACKED):
        refresh_ancestors_of(instance)


@receiver(post_delete, sender=MilestonePage)
@receiver(post_delete, sender=CommitmentPage)
def refresh_after_delete(sender, instance, **kwargs):
    refresh_ancestors_of(instance)


@receiver(post_page_move)
def refresh_after_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if isinstance(instance.specific_deferred, TRACKED):
        for parent in (parent_page_before, parent_page_after):
            refresh_aggregates_at(parent.path)


# When each progress update was first published (late reports, planes/history.py). ---
@receiver(page_published, sender=MilestonePage)
def record_first_publication_of_updates(sender, instance, **kwargs):
    known = set(
        UpdatePublication.objects.filter(update__milestone=instance).values_list(
            "update_id", flat=True
        )
    )
    now = timezone.now()
    UpdatePublication.objects.bulk_create(
        [
            UpdatePublication(update_id=pk, first_published_at=now)
            for pk in instance.updates.values_list("pk", flat=True)
            if pk not in known
        ],
        ignore_conflicts=True,
    )


@receiver(page_published, sender=MilestonePage)
def record_first_publication_of_evidence(sender, instance, **kwargs):
    known = set(
        EvidencePublication.objects.filter(milestone=instance).values_list("block_id", flat=True)
    )
    now = timezone.now()
    blocks = {
        block["id"]
        for activity in instance.activities.all()
        for block in activity.evidence.raw_data
        if block.get("id") and block["id"] not in known
    }
    EvidencePublication.objects.bulk_create(
        [
            EvidencePublication(milestone=instance, block_id=block_id, first_published_at=now)
            for block_id in sorted(blocks)
        ],
        ignore_conflicts=True,
    )


# Each voice hears what the other did (planes/notifications.py). -----------------
@receiver(page_published)
def tell_civil_society_of_a_publication(sender, instance, revision=None, **kwargs):
    if isinstance(instance, TRACKED):
        notify_government_change(instance, getattr(revision, "user", None), PUBLISHED)


@receiver(workflow_submitted)
def tell_civil_society_of_a_submission(sender, instance, user=None, **kwargs):
    page = instance.content_object
    if isinstance(page, Page) and isinstance(page.specific_deferred, TRACKED):
        notify_government_change(page.specific_deferred, user, SUBMITTED)


@receiver(published, sender=CivilSocietyAssessment)
@receiver(published, sender=GovernmentResponse)
def tell_the_other_side_of_a_voice(sender, instance, revision=None, **kwargs):
    # A person's submission approved by a reviewer: the revision has its author. A script
    # (the demo loader, an import) publishes with no person behind it: nobody is told.
    if getattr(revision, "user", None) is not None:
        notify_voice_published(instance)


# Assignments drive the per-commitment editors groups (planes/roles.py). ---------
@receiver(post_init, sender=CommitmentAssignment)
def remember_assignment_origin(sender, instance, **kwargs):
    """Keep the commitment and person as loaded, so a changed assignment re-syncs both."""
    instance._loaded = (instance.commitment_id, instance.user_id)


@receiver(post_save, sender=CommitmentAssignment)
def sync_after_assignment_saved(sender, instance, **kwargs):
    sync_commitment(instance.commitment)
    sync_user_roles(instance.user)
    old_commitment_id, old_user_id = getattr(instance, "_loaded", (None, None))
    if old_commitment_id and old_commitment_id != instance.commitment_id:
        old = CommitmentPage.objects.filter(pk=old_commitment_id).first()
        if old is not None:
            sync_commitment(old)
    if old_user_id and old_user_id != instance.user_id:
        old_user = type(instance.user).objects.filter(pk=old_user_id).first()
        if old_user is not None:
            sync_user_roles(old_user)
    instance._loaded = (instance.commitment_id, instance.user_id)


@receiver(post_delete, sender=CommitmentAssignment)
def sync_after_assignment_deleted(sender, instance, origin=None, **kwargs):
    # When the commitment itself is being deleted, its group goes with it.
    if (
        isinstance(origin, CommitmentAssignment)
        or getattr(origin, "model", None) is CommitmentAssignment
    ):
        sync_commitment(instance.commitment)
    sync_user_roles(instance.user)


@receiver(post_delete, sender=CommitmentEditorsGroup)
def remove_editors_group(sender, instance, **kwargs):
    remove_commitment_group(instance)


# Cached public responses: anything that can appear on a public page. -------------
#: Non-page models whose changes show on public pages (names, files, privacy, hosts).
SHOWN_ON_PAGES = (
    Institution,
    Organization,
    get_document_model(),
    PageViewRestriction,
    Site,
    Tag,
    # A period closed or reopened: the history on plans, commitments, the API, open data.
    ReportingPeriod,
    # The board's name, body, logo, colour, footer and licence show on every page and
    # export; the follow-up days decide «por vencer» and «sin actualizar» everywhere.
    InstanceSettings,
    FollowUpSettings,
)


def invalidate_what_shows(page) -> None:
    """A commitment or milestone shows on its plan's pages and the shared ones (home, API,
    search, open data): only those go stale. Any other page may show anywhere. (By the
    page's class: a deletion also signals the base Page row of the same page.)"""
    if issubclass(page.specific_class or Page, TRACKED):
        page_cache.invalidate_section(page)
    else:
        page_cache.invalidate()


@receiver(page_published)
@receiver(page_unpublished)
def page_publication_changed(sender, instance, **kwargs):
    invalidate_what_shows(instance)
    page_cache.purge_ancestors_from_cdn(instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    page_cache.invalidate()


#: Snippets the milestone pages show once published (the second voice).
VOICES = (CivilSocietyAssessment, GovernmentResponse)


@receiver(published, sender=CivilSocietyAssessment)
@receiver(published, sender=GovernmentResponse)
@receiver(unpublished, sender=CivilSocietyAssessment)
@receiver(unpublished, sender=GovernmentResponse)
def voice_publication_changed(sender, instance, **kwargs):
    """An assessment or a response shows on its milestone's page (and its evidence becomes
    downloadable): its plan's cached pages, the shared ones and the public document list
    are stale."""
    if isinstance(instance, CivilSocietyAssessment):
        milestone = instance.milestone
    else:
        milestone = instance.assessment.milestone
    page_cache.invalidate_section(milestone)
    page_cache.purge_page_and_ancestors_from_cdn(milestone)
    # The milestone's search entry holds its published assessments' words.
    index.insert_or_update_object(milestone)


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_what_shows(instance)
    elif isinstance(instance, SHOWN_ON_PAGES):
        page_cache.invalidate()
    elif isinstance(instance, VOICES) and instance.live:
        milestone = getattr(instance, "milestone", None) or instance.assessment.milestone
        page_cache.invalidate_section(milestone)


@receiver(post_save)
def object_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, SHOWN_ON_PAGES):
        page_cache.invalidate()


# Evidence files: a SHA-256 of every uploaded or replaced file. -------------------------
@receiver(post_save, sender=get_document_model())
def record_document_checksum(sender, instance, raw=False, **kwargs):
    if not raw and instance.file:
        DocumentChecksum.record(instance)


@receiver(cache_recovered)
def invalidate_after_cache_outage(sender, **kwargs):
    """An invalidation may have been lost while the cache was unreachable (a publish
    during the outage): once it answers again, everything cached before is stale."""
    page_cache.new_generation()
