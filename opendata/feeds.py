"""Feeds of published progress updates, site-wide and per plan (Django syndication).

Only updates of live milestones under live commitments count; an update in a
draft waiting for moderation is not a row yet, so it never appears. Links use
the configured public address (WAGTAILAPI_BASE_URL), like the API and the
exports, not the host the request came in by.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from planes.links import page_url, public_url
from planes.queries import latest_updates, live_plans

FEED_LENGTH = 50


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

    def link(self, obj):
        url = page_url(obj, self.request) if obj is not None else None
        return url or public_url("/", self.request)

    def feed_url(self, obj):
        return public_url(self.request.path, self.request)

    def items(self, obj):
        if obj is None:
            return []
        return list(latest_updates(obj, limit=FEED_LENGTH))

    def item_title(self, item):
        author = item.author
        who = f" · {author.short_name}" if author else ""
        return f"{item.milestone.title}{who}"

    def item_description(self, item):
        return expand_db_html(item.text)

    def item_link(self, item):
        url = page_url(item.milestone, self.request) or public_url("/", self.request)
        return f"{url}#actualizacion-{item.pk}"

    def item_guid(self, item):
        return f"tablero:progress-update:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_author_name(self, item):
        return str(item.author) if item.author else None


class ProgressUpdatesAtomFeed(ProgressUpdatesFeed):
    feed_type = Atom1Feed
    subtitle = ProgressUpdatesFeed.description
