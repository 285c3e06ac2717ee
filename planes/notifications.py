"""Who is told what by e-mail, so each voice hears what the other did.

* When the government submits or publishes a change to a commitment (the commitment
  page or one of its milestones), the commitment's civil-society editors are told.
* When a civil-society assessment is published, the commitment's government editors are
  told; when the government's response to it is published, its civil-society editors.

Messages are rendered here in the recipient's language and queued after the change is
saved (planes/mail.py): a mail server that is down never fails the publication.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from instancia.models import current

from .links import page_url
from .mail import send_after_commit
from .models import CommitmentAssignment, CommitmentPage, EditorRole, MilestonePage

logger = logging.getLogger(__name__)

#: What the government did, as the e-mails say it.
SUBMITTED, PUBLISHED = "submitted", "published"


def commitment_of(page) -> CommitmentPage | None:
    """The commitment a page belongs to (itself, or a milestone's parent)."""
    page = page.specific_deferred
    if isinstance(page, CommitmentPage):
        return page
    if isinstance(page, MilestonePage):
        parent = page.get_parent()
        return parent.specific if parent else None
    return None


def assigned_editors(commitment, role):
    """Active people assigned to the commitment in ``role``, with an e-mail."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            commitment_assignments__commitment=commitment,
            commitment_assignments__role=role,
        )
        .exclude(email="")
        .distinct()
    )


def civil_society_editors(commitment):
    return assigned_editors(commitment, EditorRole.CIVIL_SOCIETY)


def is_civil_society_editor(user, commitment) -> bool:
    return CommitmentAssignment.objects.filter(
        user=user, commitment=commitment, role=EditorRole.CIVIL_SOCIETY
    ).exists()


def notify_government_change(page, actor, event: str) -> int:
    """Tell the other voice, never failing the change itself (a fault is logged)."""
    try:
        return _notify_government_change(page, actor, event)
    except Exception:
        logger.exception("No se pudo avisar del cambio en la página %s", page.pk)
        return 0


def _notify_government_change(page, actor, event: str) -> int:
    """Tell the commitment's civil-society editors that the government submitted or
    published a change to ``page``; returns how many were told. Nobody is told of a
    change made by civil society itself or by a script (no person behind it)."""
    commitment = commitment_of(page)
    if commitment is None or actor is None or is_civil_society_editor(actor, commitment):
        return 0
    recipients = list(civil_society_editors(commitment).exclude(pk=actor.pk))
    context = {
        "page": page,
        # What was submitted may retitle the page: its latest draft's title.
        "title": page.draft_title or page.title,
        "commitment": commitment,
        "event": event,
        "actor": actor.get_full_name() or actor.get_username(),
        "public_url": page_url(page) if event == PUBLISHED else None,
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    if recipients:
        context["instance"] = current()
    for person in recipients:
        _send(person, "planes/email/government_change", context)
    return len(recipients)


def notify_voice_published(voice) -> int:
    """Tell the other side that an assessment (to the government's editors) or a response
    (to civil society's) was published; never fails the publication."""
    try:
        return _notify_voice_published(voice)
    except Exception:
        logger.exception("No se pudo avisar de la publicación de %r", voice)
        return 0


def _notify_voice_published(voice) -> int:
    assessment = getattr(voice, "assessment", None) or voice
    is_response = assessment is not voice
    milestone = assessment.milestone
    commitment = commitment_of(milestone)
    if commitment is None:
        return 0
    role = EditorRole.CIVIL_SOCIETY if is_response else EditorRole.GOVERNMENT
    recipients = list(assigned_editors(commitment, role))
    context = {
        "assessment": assessment,
        "response": voice if is_response else None,
        "milestone": milestone,
        "commitment": commitment,
        "public_url": page_url(milestone),
    }
    if recipients:
        context["instance"] = current()
    for person in recipients:
        _send(person, "planes/email/voice_published", context)
    return len(recipients)


def _send(person, template: str, context: dict) -> None:
    context = {
        **context,
        "person": person.get_full_name() or person.get_username(),
        # The board's name and the coordinating body (instance settings), once a message.
        "instance": context.get("instance") or current(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    send_after_commit(person.email, subject, text, html)
