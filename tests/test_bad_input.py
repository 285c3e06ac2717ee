"""Hostile or absurd input gets a clear 4xx, on SQLite as on PostgreSQL, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.middleware import MAX_SEARCH_WORDS
from planes.models import MilestonePage
from tests.admin_forms import milestone_edit_data

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("table", ["compromisos", "acciones-clave", "evidencias"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_huge_plan_id_in_a_download_is_not_found(anonymous, public_plan, table, fmt):
    assert anonymous.get(f"/datos/planes/{HUGE}/{table}.{fmt}").status_code == 404
    assert anonymous.get(f"/datos/planes/{public_plan.plan.pk}/{table}.{fmt}").status_code == 200


@pytest.mark.parametrize("feed", ["actualizaciones.rss", "actualizaciones.atom"])
def test_huge_plan_id_in_a_feed_is_not_found(anonymous, public_plan, feed):
    assert anonymous.get(f"/datos/planes/{HUGE}/{feed}").status_code == 404


@pytest.mark.parametrize(
    "endpoint", ["pages", "institutions", "organizations", "documents", "images"]
)
def test_huge_offset_is_a_400(anonymous, public_plan, endpoint):
    response = anonymous.get(f"/api/v2/{endpoint}/", {"offset": HUGE})
    assert response.status_code == 400
    assert "offset no puede ser mayor" in response.json()["message"]
    assert anonymous.get(f"/api/v2/{endpoint}/", {"offset": "1"}).status_code == 200


@pytest.mark.parametrize("endpoint", ["institutions", "organizations", "documents", "images"])
def test_a_search_of_hundreds_of_words_is_a_400_in_the_api(anonymous, public_plan, endpoint):
    words = " ".join(["transparencia"] * 200)
    response = anonymous.get(f"/api/v2/{endpoint}/", {"search": words})
    assert response.status_code == 400
    assert f"hasta {MAX_SEARCH_WORDS} palabras" in response.json()["message"]
    few = " ".join(["transparencia"] * MAX_SEARCH_WORDS)
    assert anonymous.get(f"/api/v2/{endpoint}/", {"search": few}).status_code == 200


def test_a_search_of_hundreds_of_words_is_a_400_in_the_admin(admin_client, public_plan):
    words = " ".join(["transparencia"] * 200)
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": words})
    assert response.status_code == 400
    assert f"hasta {MAX_SEARCH_WORDS} palabras" in response.content.decode()
    response = admin_client.get(reverse("wagtaildocs:index"), {"q": "informe de gasto"})
    assert response.status_code == 200


def test_the_public_search_keeps_the_first_words(anonymous, public_plan):
    words = " ".join(["gasto"] * 200)
    assert anonymous.get("/buscar/", {"q": words}).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activities-0-id", "abc"),
        ("updates-0-id", "abc"),
        ("activities-0-evidence-0-value-document", "abc"),
        ("activities-0-evidence-count", "abc"),
        ("activities-TOTAL_FORMS", "99999999"),
    ],
)
def test_tampered_admin_form_is_a_400_and_saves_nothing(admin_client, public_plan, field, value):
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    revisions = page.revisions.count()
    data = milestone_edit_data(admin_client, page)
    data[field] = value
    admin_client.raise_request_exception = False
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 400
    assert "No se guardó nada" in response.content.decode()
    assert page.revisions.count() == revisions


def test_another_pages_activity_cannot_be_copied_in(admin_client, public_plan):
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    foreign = MilestonePage.objects.get(pk=public_plan.verified.pk).activities.first()
    data = milestone_edit_data(admin_client, page)
    data["activities-0-id"] = str(foreign.pk)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 400
    assert "no pertenece a esta página" in response.content.decode()
    assert MilestonePage.objects.get(pk=public_plan.verified.pk).activities.first() == foreign


def test_an_untouched_form_still_saves(admin_client, public_plan):
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    data = milestone_edit_data(admin_client, page)
    data["title"] = "Padrón publicado y revisado"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
