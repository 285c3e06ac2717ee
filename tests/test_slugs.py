"""Slugs made from titles are ASCII, so new pages' addresses carry no %C3%B3; the slugs
already stored (Unicode ones included) keep working."""

import pytest
from wagtail.models import Page

from planes.models import MilestonePage
from tests.admin_forms import milestone_edit_data, page_form_data
from tests.helpers import add_url, edit_url

pytestmark = pytest.mark.django_db

TITLE = "Participación ciudadana en la vigilancia del gasto público"
SLUG = "participacion-ciudadana-en-la-vigilancia-del-gasto-publico"


def add_milestone(client, commitment, title, slug=""):
    url = add_url("milestonepage", commitment)
    data = page_form_data(client, url, "page-edit-form")
    data.update({"title": title, "slug": slug, "weight": "1", "action-publish": "publish"})
    return client.post(url, data)


def test_admin_add_form_makes_ascii_slugs_from_accented_titles(admin_client, public_plan):
    form = admin_client.get(add_url("milestonepage", public_plan.first)).content.decode()
    # The editor's JavaScript fills the slug as the title is typed; Wagtail's slug
    # controller makes ASCII unless this attribute asks for Unicode.
    assert 'name="slug" data-controller="w-slug"' in form
    assert "data-w-slug-allow-unicode-value" not in form
    # Without JavaScript the slug arrives blank and the server makes the same one.
    response = add_milestone(admin_client, public_plan.first, TITLE)
    assert response.status_code == 302
    page = MilestonePage.objects.get(title=TITLE)
    assert page.live and page.slug == SLUG
    assert page.url.isascii() and "%" not in page.url
    assert admin_client.get(page.url).status_code == 200
    # The same title again: a free slug beside the first, still ASCII.
    assert add_milestone(admin_client, public_plan.first, TITLE).status_code == 302
    assert sorted(MilestonePage.objects.filter(title=TITLE).values_list("slug", flat=True)) == [
        SLUG,
        f"{SLUG}-2",
    ]


def test_a_new_slug_typed_with_accents_loses_them(admin_client, public_plan):
    response = add_milestone(admin_client, public_plan.first, TITLE, slug="participación-ñ")
    assert response.status_code == 302
    assert MilestonePage.objects.get(title=TITLE).slug == "participacion-n"


def test_pages_created_in_code_get_ascii_slugs(public_plan):
    page = MilestonePage(title="Evaluación de señalización", weight=1)
    public_plan.first.add_child(instance=page)
    assert page.slug == "evaluacion-de-senalizacion"


def test_a_stored_unicode_slug_still_works_and_saves(admin_client, public_plan):
    """Content from before the setting keeps its address and stays editable."""
    page = public_plan.on_track
    Page.objects.filter(pk=page.pk).update(slug="padrón")
    page = MilestonePage.objects.get(pk=page.pk)
    page.save_revision().publish()
    page = MilestonePage.objects.get(pk=page.pk)
    assert "%C3%B3" in page.url
    assert admin_client.get(page.url).status_code == 200
    data = milestone_edit_data(admin_client, page)
    data["title"] = "Padrón publicado y validado"
    assert admin_client.post(edit_url(page), data).status_code == 302
    assert MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object().slug == "padrón"


def test_demo_and_factory_pages_have_ascii_addresses(demo):
    """The demo loader and the factories (server-side page creation) make ASCII slugs."""
    paths = list(Page.objects.values_list("url_path", flat=True))
    assert len(paths) > 50
    assert [p for p in paths if not p.isascii()] == []
