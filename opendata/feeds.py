"""Feeds of what is published, site-wide and per plan (Django syndication): progress
updates, civil-society assessments and the government's responses to them.

Only updates of live milestones under live commitments count; an update in a
draft waiting for moderation is not a row yet, so it never appears. Assessments and
responses count once published (never a draft or a change waiting for review). Links use
the configured public address (WAGTAILAPI_BASE_URL), like the API and the
exports, not the host the request came in by.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from instancia.models import current
from planes.links import page_url, public_url
from planes.models import CivilSocietyAssessment, GovernmentResponse
from planes.queries import latest_updates, live_plans

FEED_LENGTH = 50


@dataclass(frozen=True)
class Entry:
    """One feed item, whatever it reports."""

    title: str
    description: str
    milestone: object
    anchor: str
    guid: str
    published: datetime.datetime
    author: str | None


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def update_entries(root) -> list[Entry]:
    return [
        Entry(
            title=f"{u.milestone.title}{f' · {u.author.short_name}' if u.author else ''}",
            description=expand_db_html(u.text),
            milestone=u.milestone,
            anchor=f"actualizacion-{u.pk}",
            guid=f"tablero:progress-update:{u.pk}",
            published=_noon(u.date),
            author=str(u.author) if u.author else None,
        )
        for u in latest_updates(root, limit=FEED_LENGTH)
    ]


def voice_entries(root) -> list[Entry]:
    """Published assessments and responses about milestones under ``root``."""
    assessments = (
        CivilSocietyAssessment.objects.published()
        .filter(milestone__path__startswith=root.path)
        .select_related("milestone", "organization")
        .order_by("-last_published_at", "-pk")[:FEED_LENGTH]
    )
    responses = (
        GovernmentResponse.objects.published()
        .filter(assessment__milestone__path__startswith=root.path)
        .select_related("assessment__milestone", "assessment__organization", "institution")
        .order_by("-last_published_at", "-pk")[:FEED_LENGTH]
    )
    entries = [
        Entry(
            title=_("%(milestone)s · valoración de %(organization)s: %(stance)s")
            % {
                "milestone": a.milestone.title,
                "organization": a.organization.acronym or a.organization.name,
                "stance": a.get_stance_display(),
            },
            description=expand_db_html(a.comment),
            milestone=a.milestone,
            anchor=f"valoracion-{a.pk}",
            guid=f"tablero:assessment:{a.pk}",
            published=a.last_published_at or _noon(a.date),
            author=a.organization.name,
        )
        for a in assessments
    ]
    entries += [
        Entry(
            title=_("%(milestone)s · respuesta de %(institution)s a %(organization)s")
            % {
                "milestone": r.assessment.milestone.title,
                "institution": r.institution.acronym or r.institution.name,
                "organization": r.assessment.organization.acronym or r.assessment.organization.name,
            },
            description=expand_db_html(r.text),
            milestone=r.assessment.milestone,
            anchor=f"valoracion-{r.assessment_id}",
            guid=f"tablero:response:{r.pk}",
            published=r.last_published_at or _noon(r.date),
            author=r.institution.name,
        )
        for r in responses
    ]
    return entries


class ProgressUpdatesFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("Actualizaciones de avance publicadas en los compromisos de gobierno abierto.")

    def get_object(self, request, plan_id=None):
        self.request = request
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        if plan_id is None:
            return root
        return get_object_or_404(live_plans(root), pk=plan_id) if root else None

    def title(self, obj):
        base = _("Actualizaciones de avance")
        return f"{base} · {obj.title}" if obj is not None else str(base)

    def author_name(self, obj):
        """Who publishes the board (instance settings)."""
        return current(self.request).publisher

    def feed_copyright(self, obj):
        instance = current(self.request)
        return _("Licencia: %(licence)s") % {"licence": instance.licence}

    def link(self, obj):
        url = page_url(obj, self.request) if obj is not None else None
        return url or public_url("/", self.request)

    def feed_url(self, obj):
        return public_url(self.request.path, self.request)

    def items(self, obj):
        if obj is None:
            return []
        entries = update_entries(obj) + voice_entries(obj)
        entries.sort(key=lambda entry: entry.published, reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        url = page_url(item.milestone, self.request) or public_url("/", self.request)
        return f"{url}#{item.anchor}"

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_author_name(self, item):
        return item.author


class ProgressUpdatesAtomFeed(ProgressUpdatesFeed):
    feed_type = Atom1Feed
    subtitle = ProgressUpdatesFeed.description
