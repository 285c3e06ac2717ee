"""Hostile or absurd input gets a clear 4xx, on SQLite as on PostgreSQL, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.middleware import MAX_SEARCH_WORDS
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def board(home):
    return build_public_plan(home)


@pytest.mark.parametrize("table", ["compromisos", "acciones-clave", "evidencias"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_huge_plan_id_in_a_download_is_not_found(anonymous, board, table, fmt):
    assert anonymous.get(f"/datos/planes/{HUGE}/{table}.{fmt}").status_code == 404
    assert anonymous.get(f"/datos/planes/{board.plan.pk}/{table}.{fmt}").status_code == 200


@pytest.mark.parametrize("feed", ["actualizaciones.rss", "actualizaciones.atom"])
def test_huge_plan_id_in_a_feed_is_not_found(anonymous, board, feed):
    assert anonymous.get(f"/datos/planes/{HUGE}/{feed}").status_code == 404


@pytest.mark.parametrize(
    "endpoint", ["pages", "institutions", "organizations", "documents", "images"]
)
def test_huge_offset_is_a_400(anonymous, board, endpoint):
    response = anonymous.get(f"/api/v2/{endpoint}/", {"offset": HUGE})
    assert response.status_code == 400
    assert "offset no puede ser mayor" in response.json()["message"]
    assert anonymous.get(f"/api/v2/{endpoint}/", {"offset": "1"}).status_code == 200


@pytest.mark.parametrize("endpoint", ["institutions", "organizations", "documents", "images"])
def test_a_search_of_hundreds_of_words_is_a_400_in_the_api(anonymous, board, endpoint):
    words = " ".join(["transparencia"] * 200)
    response = anonymous.get(f"/api/v2/{endpoint}/", {"search": words})
    assert response.status_code == 400
    assert f"hasta {MAX_SEARCH_WORDS} palabras" in response.json()["message"]
    few = " ".join(["transparencia"] * MAX_SEARCH_WORDS)
    assert anonymous.get(f"/api/v2/{endpoint}/", {"search": few}).status_code == 200


def test_a_search_of_hundreds_of_words_is_a_400_in_the_admin(admin_client, board):
    words = " ".join(["transparencia"] * 200)
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": words})
    assert response.status_code == 400
    assert f"hasta {MAX_SEARCH_WORDS} palabras" in response.content.decode()
    response = admin_client.get(reverse("wagtaildocs:index"), {"q": "informe de gasto"})
    assert response.status_code == 200


def test_the_public_search_keeps_the_first_words(anonymous, board):
    words = " ".join(["gasto"] * 200)
    assert anonymous.get("/buscar/", {"q": words}).status_code == 200
