"""Routing a URL to its page in two queries, whatever the page's depth.

Wagtail's ``Page.route`` walks down one level per URL segment: a query for the child with
that slug, then one for its specific object, so a milestone (home → plan → commitment →
milestone) costs six queries before its view starts. A page's URL path is stored on it
(``url_path``), so the site's root page can find the page at once and let it finish the
routing itself (``route(request, [])``: its own rules, such as «not live → 404», apply).

This skips the ``route`` of the pages in between, so it is only correct while no page type
below the root overrides ``route`` to serve sub-URLs (no ``RoutablePageMixin``):
tests/test_routing.py fails if one does.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page


class DirectRouteMixin:
    """For the site's root page type: route any descendant URL in two queries."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        found = (
            Page.objects.filter(slug=path_components[-1], url_path=url_path)
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            raise Http404
        pk, content_type_id = found
        # The content types are cached by Django: no query after the first of each type.
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        return model.objects.get(pk=pk).route(request, [])
