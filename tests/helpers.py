"""Small helpers the tests share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


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
