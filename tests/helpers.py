"""Small helpers the tests share."""

import os
from contextlib import contextmanager

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cms.settings.base import interface_language


def publish(page):
    """Publish the page's current state as a new revision; return it fresh from the database."""
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def count_queries(client, path, params=None) -> int:
    """The SQL queries of one successful GET: the baseline that a test, once the content has
    grown, holds the same request to with pytest-django's ``django_assert_num_queries``."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params or {}).status_code == 200, path
    return len(queries)


def edit_url(page) -> str:
    """The page's editor in Wagtail's admin."""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model_name: str, parent) -> str:
    """The admin form that creates a ``planes`` page of ``model_name`` under ``parent``."""
    return reverse("wagtailadmin_pages:add", args=["planes", model_name, parent.pk])


#: What Wagtail's admin says when it turns a PermissionDenied into a redirect.
NO_PERMISSION = "Lo sentimos, no tienes permisos para acceder a esta área."


def assert_sent_to_dashboard(client, response, message=NO_PERMISSION):
    """The admin refused: the person is sent to the dashboard, which shows ``message``."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    dashboard = client.get(response.url)
    shown = [str(m).strip() for m in get_messages(dashboard.wsgi_request)]
    assert message in shown, shown


def require_redis(url: str) -> None:
    """Skip unless Redis answers at ``url`` (CI starts it, so there its absence fails)."""
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis no responde en 127.0.0.1:6379 (lo arranca .ci/run)")


@contextmanager
def board_language(code: str):
    """The board as TABLERO_LANGUAGE=`code` makes it (settings and the active language)."""
    language = interface_language(code)
    with override_settings(**language), translation.override(language["LANGUAGE_CODE"]):
        yield
