"""A blank start (`make run DEMO=no`): `setup_site` makes the board's home page the
default site's root, with no demo content, and the home page says what to do next."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_setup_site_gives_an_empty_board_that_says_what_to_do_next(client):
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "createsuperuser" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk and home.live
    assert not Page.objects.filter(title__icontains="welcome").exists()
    page = client.get("/").content.decode()
    assert "Aún no hay planes de acción publicados" in page
    assert "createsuperuser" in page and 'href="/admin/"' in page
    assert "México" not in page


def test_setup_site_is_idempotent(client):
    call_command("setup_site", stdout=io.StringIO())
    call_command("setup_site", "--title", "Otro nombre", stdout=io.StringIO())
    assert HomePage.objects.count() == 1
    assert client.get("/").status_code == 200
