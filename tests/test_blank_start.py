"""A blank start (`make run DEMO=no`): `setup_site` makes the board's home page the
default site's root, with no demo content, and the home page says what to do next."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import AboutPage, HomePage

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


def test_setup_site_creates_the_methodology_page_the_header_links_to(client):
    """Issue #18: on a blank board «Metodología» pointed to /acerca/, which did not exist."""
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "/acerca/" in out.getvalue()
    home = client.get("/").content.decode()
    assert 'href="/acerca/"' in home
    response = client.get("/acerca/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cómo se calcula el avance" in page
    assert "la instancia coordinadora los revisa" in page
    assert "México" not in page and "Función Pública" not in page
    about = AboutPage.objects.get()
    assert about.live and about.get_parent().pk == HomePage.objects.get().pk
    # Idempotent, and an administrator's own text is kept.
    about.body = "<p>Nuestro texto.</p>"
    about.save_revision().publish()
    call_command("setup_site", stdout=io.StringIO())
    assert AboutPage.objects.count() == 1
    assert "Nuestro texto." in client.get("/acerca/").content.decode()


def test_an_english_blank_board_has_an_english_methodology_page(client):
    from tests.helpers import board_language

    with board_language("en"):
        out = io.StringIO()
        call_command("setup_site", stdout=out)
        assert "Next step" in out.getvalue()
        page = client.get("/acerca/").content.decode()
    assert "About the dashboard and methodology" in page
    assert "How progress is calculated" in page
    assert "the coordinating body reviews it" in page
