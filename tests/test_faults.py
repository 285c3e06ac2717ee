"""Faults: the site survives a cache that is down and a database that does not answer.

The cache outage is real: the cache points at a port where nothing listens (a
stopped Redis), or at the local Redis that CI starts. The database outage goes
through Django's own hook for wrapping every query (connection.execute_wrapper),
which raises what a restarting PostgreSQL raises.
"""

import logging

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from cms.cache import CacheState
from planes.models import MilestonePage
from tests.admin_forms import milestone_edit_data
from tests.helpers import require_redis

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
UP = "redis://127.0.0.1:6379/13"


def redis_cache(url: str) -> dict:
    """The caches as production sets them with Redis: fragments share the default's."""
    default = {
        "BACKEND": "cms.cache.FaultTolerantRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    return {"default": default, "fragments": default}


@pytest.fixture(autouse=True)
def fresh_cache_state():
    CacheState.down = False
    yield
    CacheState.down = False


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache(DOWN)
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def redis_up(settings):
    require_redis(UP)
    settings.PAGE_CACHE_SECONDS = 600

    def switch(url):
        settings.CACHES = redis_cache(url)

    switch(UP)
    caches["default"].clear()
    yield switch
    switch(UP)
    caches["default"].clear()


def test_public_site_renders_without_the_cache(admin_client, public_plan, redis_down, caplog):
    caplog.set_level(logging.WARNING, logger="cms.cache")
    client = Client()  # anonymous (admin_client is the same test client, logged in)
    urls = [
        "/",
        public_plan.plan.url,
        public_plan.on_track.url,
        "/api/v2/pages/?type=planes.CommitmentPage",
        f"/datos/planes/{public_plan.plan.pk}/compromisos.csv",
        "/buscar/?q=gasto",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        # With a session the page cache is skipped, but Wagtail's site lookup still
        # uses the cache.
        assert admin_client.get(url).status_code == 200, url
    outages = [r for r in caplog.records if "no disponible" in r.getMessage()]
    assert len(outages) == 1, "logged once, not per request"


def test_readiness_reports_the_cache_and_the_database_apart(client, settings, redis_down):
    response = client.get("/salud/listo/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}
    assert client.get("/salud/").content == b"ok\n"


def test_readiness_when_everything_answers(client):
    response = client.get(reverse("readiness"))
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def refuse_queries(execute, sql, params, many, context):
    raise OperationalError("the database system is shutting down")


def test_readiness_is_503_without_the_database(client):
    with connection.execute_wrapper(refuse_queries):
        response = client.get("/salud/listo/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_readers_get_a_spanish_503_while_the_database_restarts(public_plan):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse_queries):
        response = client.get(public_plan.plan.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no responde en este instante" in response.content.decode()
    assert client.get(public_plan.plan.url).status_code == 200


def test_persistent_connections_are_checked_before_reuse(settings):
    """After a PostgreSQL restart a stale persistent connection is replaced, not used."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_publishing_while_the_cache_is_down_succeeds_and_is_not_lost(
    admin_client, public_plan, redis_up
):
    client = Client()  # an anonymous reader
    url = public_plan.on_track.url
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    redis_up(DOWN)
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    data = milestone_edit_data(admin_client, page)
    data["title"] = "Padrón publicado durante la caída"
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, "the approver sees the publish succeed"
    assert MilestonePage.objects.get(pk=page.pk).title == "Padrón publicado durante la caída"

    redis_up(UP)  # Redis is back, with the copy cached before the outage
    response = client.get(url)
    assert "Padrón publicado durante la caída" in response.content.decode()
    assert response["X-Cache"] == "MISS"


def test_an_admin_save_while_the_database_is_down_says_nothing_was_saved(admin_client, public_plan):
    """The answer to a failed save names it, keeps the form's URL and loads the script
    that kept what was typed (tests/e2e: the browser sends it again)."""
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    data = milestone_edit_data(admin_client, page)
    data["title"] = "Escrito durante la caída"
    admin_client.raise_request_exception = False
    with connection.execute_wrapper(refuse_queries):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Tus cambios no se guardaron" in body and "No se guardó nada" in body
    assert "tablero-keep-unsaved.js" in body
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in body
    assert MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object().title != (
        "Escrito durante la caída"
    )


def test_every_admin_page_loads_the_script_that_keeps_unsaved_work(admin_client):
    assert (
        "tablero-keep-unsaved.js" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )
