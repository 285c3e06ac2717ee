"""Who may choose, download, replace and delete which evidence document.

Wagtail asks one permission policy for every document view (the Documents
listing, the chooser, edit, delete, bulk actions); Tablero's extends Wagtail's
collection-and-owner policy with the evidence rules:

* Evidence that published content links to is immutable for editors: replacing
  it means uploading a new document and changing the page, which goes through
  review. Approvers and administrators may replace it (the new file gets its
  own SHA-256). Nobody deletes it while it is published: the page would lose
  the proof of an activity that still counts as done, so the evidence is first
  taken off the page and that change published.
* Editors do not delete a document that any content (a draft included) uses.
* Editors choose and download their own uploads and the documents of the
  commitments they are assigned to (and, like everyone, published evidence);
  approvers and administrators, every document.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .models import CommitmentPage
from .page_cache import per_generation
from .permissions import is_moderator
from .queries import public_document_ids

ALTERING = frozenset({"change", "delete"})


def published_evidence_ids() -> set[int]:
    """Documents that published content links to (kept until the next publication)."""
    return per_generation("public-document-ids", public_document_ids)


def is_published_evidence(document) -> bool:
    return document.pk in published_evidence_ids()


def is_in_use(document) -> bool:
    """Whether any content (a page draft included) refers to the document."""
    return ReferenceIndex.get_references_to(document).exists()


def assigned_document_ids(user) -> set[int]:
    """Documents the pages of the person's commitments refer to, drafts included
    (Wagtail's reference index follows each page's latest saved version)."""
    paths = list(
        CommitmentPage.objects.filter(assignments__user=user).values_list("path", flat=True)
    )
    if not paths:
        return set()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    page_ids = [str(pk) for pk in Page.objects.filter(under).values_list("pk", flat=True)]
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    ).values_list("to_object_id", flat=True)
    return {int(pk) for pk in references if str(pk).isdigit()}


def editor_scope(user) -> Q:
    """The documents an editor works with: their uploads and their commitments' documents."""
    return Q(uploaded_by_user=user) | Q(pk__in=assigned_document_ids(user))


def may_download(user, document) -> bool:
    """The download rule: published evidence for all; the rest within the chooser's scope."""
    if is_published_evidence(document):
        return True
    if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return False
    if is_moderator(user):
        return True
    return document.uploaded_by_user_id == user.pk or document.pk in assigned_document_ids(user)


class EvidencePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, with the evidence rules of this module."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if actions & ALTERING:
            actions -= self._refused_alterations(user, instance)
        if "choose" in actions and not self._may_choose(user, instance):
            actions.discard("choose")
        if not actions:
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        documents = super().instances_user_has_any_permission_for(user, actions)
        if not user.is_authenticated or is_moderator(user):
            return documents
        if set(actions) & ALTERING:
            # The Documents listing: published evidence is no longer the editor's to alter.
            documents = documents.exclude(pk__in=published_evidence_ids())
        if "choose" in actions:
            documents = documents.filter(editor_scope(user))
        return documents

    def _refused_alterations(self, user, document) -> set[str]:
        if is_published_evidence(document):
            return set(ALTERING) if not is_moderator(user) else {"delete"}
        if not is_moderator(user) and is_in_use(document):
            return {"delete"}
        return set()

    def _may_choose(self, user, document) -> bool:
        if is_moderator(user) or document.uploaded_by_user_id == user.pk:
            return True
        return document.pk in assigned_document_ids(user)
