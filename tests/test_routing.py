"""Routing a URL to its page in two queries whatever its depth (planes/routing.py): the
same pages answer, drafts and unknown paths still give 404, and the query count does not
grow with the page's depth."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_every_depth_answers_with_its_own_page(client, public_plan):
    for page in (public_plan.plan, public_plan.first, public_plan.on_track):
        response = client.get(page.url)
        assert response.status_code == 200
        assert response.context["page"].pk == page.pk
        assert type(response.context["page"]) is type(page.specific)


def test_routing_costs_the_same_at_every_depth(client, public_plan):
    with CaptureQueriesContext(connection) as plan_queries:
        client.get(public_plan.plan.url)
    slug_lookups = [
        q for q in plan_queries.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]
    ]
    assert len(slug_lookups) == 1  # the page found by its URL path at once
    with CaptureQueriesContext(connection) as milestone_queries:
        client.get(public_plan.on_track.url)
    slug_lookups = [
        q for q in milestone_queries.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]
    ]
    assert len(slug_lookups) == 1  # not one per level (home → plan → commitment → milestone)


def test_drafts_and_unknown_paths_are_not_found(client, public_plan):
    assert client.get(public_plan.draft_commitment.url).status_code == 404
    assert client.get(public_plan.draft_milestone.url).status_code == 404
    assert client.get(public_plan.plan.url + "no-existe/").status_code == 404
    assert client.get("/no-existe/tampoco/").status_code == 404
    # The right slug under the wrong parent is not the page.
    wrong_parent = public_plan.second.url + public_plan.on_track.slug + "/"
    assert client.get(wrong_parent).status_code == 404


def test_a_live_page_under_an_unpublished_parent_still_answers(client, public_plan):
    """Wagtail's own routing serves it (only the page itself must be live); so does ours."""
    public_plan.first.unpublish()
    assert client.get(public_plan.first.url).status_code == 404
    assert client.get(public_plan.on_track.url).status_code == 200


def test_no_page_type_routes_sub_urls():
    """The direct route skips the pages in between: correct only while none of them
    serves sub-URLs of its own (a RoutablePageMixin page would need Wagtail's walk)."""
    project_apps = {"home", "planes"}
    for model in apps.get_models():
        if issubclass(model, Page) and model._meta.app_label in project_apps:
            if model is HomePage:
                continue
            assert model.route is Page.route, f"{model.__name__} overrides route()"
