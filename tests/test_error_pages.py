"""Error pages as production serves them (DEBUG off): Spanish, no traceback, and the
favicon that every page links to."""

from unittest import mock

import pytest
from django.test import Client

from planes.models import CommitmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    return settings


def test_unknown_address_is_a_spanish_404(production, public_plan):
    response = Client().get(public_plan.plan.url + "no-existe/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="es-mx">' in content.lower()
    assert "<h1>Página no encontrada</h1>" in content
    assert "La página que buscas no existe o todavía no se ha publicado." in content
    assert 'href="/">Volver al inicio</a>' in content
    assert "Traceback" not in content and "Page not found" not in content


def test_a_failing_page_is_a_spanish_500_without_details(production, public_plan):
    client = Client(raise_request_exception=False)
    failure = RuntimeError("detalle interno secreto")
    with mock.patch.object(CommitmentPage, "get_context", side_effect=failure):
        response = client.get(public_plan.first.url)
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="es-mx">' in content.lower()
    assert "<h1>Error del servidor</h1>" in content
    assert "vuelve a intentarlo" in content
    for leak in ("detalle interno secreto", "Traceback", "RuntimeError", "Server Error"):
        assert leak not in content


def test_every_page_links_the_favicon_and_favicon_ico_answers(client, public_plan):
    content = client.get(public_plan.plan.url).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="48x48">' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    assert "max-age=" in response["Cache-Control"]
