"""The readers' digests (#17): for each confirmed subscription, what was published on its
page since the last notice (or the confirmation), at most once a day (or weekly, as the
follow-up settings say), through ``manage.py send_follower_digests``.

Only what is public counts, never a draft: live pages published since then (the page, and
below it a plan's commitments and milestones or a commitment's milestones), read from the
live rows (a pending revision's title stays out); the evidence and progress updates that a
milestone's publication added (its live version against the revision that was live
before); and the civil-society assessments and government responses published since.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry

from instancia.models import current
from planes.links import page_url
from planes.models import (
    CivilSocietyAssessment,
    CommitmentPage,
    GovernmentResponse,
    MilestonePage,
    followup_settings,
)
from planes.tree import parent_path

from .mail import digest_message
from .models import Subscription


@dataclass(frozen=True)
class Change:
    """One line of a digest: what happened, to what, where to read it."""

    what: str
    title: str
    url: str
    when: datetime.datetime


def _public_scope(page):
    """The page and the pages below it that the public may read (live, no restriction)."""
    return Page.objects.live().public().descendant_of(page, inclusive=True)


def _previous_live_version(milestone, since):
    """The milestone as it was published last at or before ``since`` (None: unknown)."""
    entry = (
        PageLogEntry.objects.filter(
            page=milestone,
            action="wagtail.publish",
            timestamp__lte=since,
            revision__isnull=False,
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


def _evidence_ids(milestone) -> set:
    return {
        block.get("id")
        for activity in milestone.activities.all()
        for block in activity.evidence.raw_data
    }


def _update_key(update) -> tuple:
    """A progress update by what it says (a revision may hold it before it had a key)."""
    return (str(update.date), str(update.text))


def _commitments_above(milestones) -> dict[str, CommitmentPage]:
    """The commitments of these milestones, by path (one query)."""
    paths = {parent_path(m) for m in milestones}
    return {c.path: c for c in CommitmentPage.objects.filter(path__in=paths)} if paths else {}


def _named(milestone, commitments: dict) -> str:
    """«Compromiso 3. Gasto abierto · Padrón publicado»: a milestone with its commitment, so
    a reader following a whole plan knows where it belongs."""
    commitment = commitments.get(parent_path(milestone))
    if commitment is None:
        return milestone.title
    return _("Compromiso %(number)s. %(commitment)s · %(milestone)s") % {
        "number": commitment.number,
        "commitment": commitment.title,
        "milestone": milestone.title,
    }


def _milestone_additions(milestone, since, url, name: str) -> list[Change]:
    """Evidence and progress updates in the live milestone that the version live before
    ``since`` did not have (all of them if it is new; none if there is no record of the
    version before: what is new cannot be told)."""
    new_page = milestone.first_published_at and milestone.first_published_at > since
    before = None if new_page else _previous_live_version(milestone, since)
    if before is None and not new_page:
        return []
    old_evidence = _evidence_ids(before) if before else set()
    old_updates = {_update_key(update) for update in before.updates.all()} if before else set()
    when = milestone.last_published_at
    changes = []
    for activity in milestone.activities.all():
        for block in activity.evidence.raw_data:
            if block.get("id") in old_evidence:
                continue
            title = (block.get("value") or {}).get("title") or activity.title
            changes.append(Change(_("Nueva evidencia"), f"{title} ({name})", url, when))
    for update in milestone.updates.all():
        if _update_key(update) not in old_updates:
            changes.append(
                Change(
                    _("Nueva actualización de avance"),
                    f"{name} ({update.date.isoformat()})",
                    url,
                    when,
                )
            )
    return changes


def changes_since(page, since, until) -> list[Change]:
    """What was published under ``page`` (itself included) in (since, until]."""
    changes = []
    scope = _public_scope(page)
    published_pages = (
        scope.filter(last_published_at__gt=since, last_published_at__lte=until)
        .specific()
        .order_by("path")
    )
    window = {"last_published_at__gt": since, "last_published_at__lte": until}
    published_pages = list(published_pages)
    assessments = list(
        CivilSocietyAssessment.objects.published()
        .filter(milestone__in=scope.values("pk"), **window)
        .select_related("organization", "milestone")
        .order_by("milestone__path", "organization__name")
    )
    responses = list(
        GovernmentResponse.objects.published()
        .filter(assessment__milestone__in=scope.values("pk"), **window)
        .select_related("institution", "assessment__milestone")
        .order_by("assessment__milestone__path")
    )
    commitments = _commitments_above(
        [p for p in published_pages if isinstance(p, MilestonePage)]
        + [a.milestone for a in assessments]
        + [r.assessment.milestone for r in responses]
    )
    for published in published_pages:
        url = page_url(published)
        is_new = published.first_published_at and published.first_published_at > since
        milestone = isinstance(published, MilestonePage)
        name = _named(published, commitments) if milestone else published.title
        additions = _milestone_additions(published, since, url, name) if milestone else []
        # A publication that added evidence or updates is told by them, not twice.
        if is_new or not additions:
            what = _("Nueva publicación") if is_new else _("Actualización publicada")
            changes.append(Change(what, name, url, published.last_published_at))
        changes += additions
    for assessment in assessments:
        changes.append(
            Change(
                _("Valoración de la sociedad civil"),
                f"{assessment.organization.name}: {_named(assessment.milestone, commitments)}",
                page_url(assessment.milestone),
                assessment.last_published_at,
            )
        )
    for response in responses:
        milestone = response.assessment.milestone
        changes.append(
            Change(
                _("Respuesta del gobierno"),
                f"{response.institution.name}: {_named(milestone, commitments)}",
                page_url(response.assessment.milestone),
                response.last_published_at,
            )
        )
    return changes


def purge_pending(now: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the subscriptions never confirmed within AVISOS_PENDING_DAYS; how many."""
    limit = now - datetime.timedelta(days=settings.AVISOS_PENDING_DAYS)
    stale = Subscription.objects.pending().filter(created_at__lt=limit)
    if dry_run:
        return stale.count()
    deleted, _rows = stale.delete()
    return deleted


def masked(email: str) -> str:
    """``a…@example.org``: enough for an operator to tell rows apart in a dry run."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def send_follower_digests(day: datetime.date, dry_run: bool = False, write=print) -> int:
    """Send (or, dry, print) the day's digests not sent yet; return how many."""
    now = timezone.now()
    purged = purge_pending(now, dry_run)
    if purged:
        write(
            _("Suscripciones sin confirmar borradas: %(n)s") % {"n": purged}
            if not dry_run
            else _("Se borrarían %(n)s suscripciones sin confirmar.") % {"n": purged}
        )
    if not followup_settings().sends_on(day):
        write(_("Hoy no toca: los avisos son semanales (los lunes)."))
        return 0
    sent = 0
    # Subscriptions of one page sent together share their last notice: what changed is
    # read once per page and starting point.
    found: dict[tuple, list[Change]] = {}
    board = None
    subscriptions = Subscription.objects.confirmed().select_related("page").order_by("pk")
    for subscription in subscriptions:
        if subscription.last_sent_at and timezone.localdate(subscription.last_sent_at) >= day:
            continue  # one notice a day at most
        page = subscription.page
        if not page.live:
            continue  # unpublished: nothing of it is public now
        key = (page.pk, subscription.since)
        if key not in found:
            found[key] = changes_since(page, subscription.since, now)
        changes = found[key]
        if not changes:
            continue
        board = board or current().board_name
        message = digest_message(subscription, page, changes, board)
        if dry_run:
            write(f"--- {masked(subscription.email)}: {message.subject}\n{message.body}")
            sent += 1
            continue
        with transaction.atomic():
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
            message.send()
        sent += 1
    return sent
