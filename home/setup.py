"""A board from nothing: the home page as the default site's root (no demo content)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from instancia.models import current

from .models import AboutPage, HomePage

#: The about page's slug: the header's «Metodología» link points to /acerca/.
ABOUT_SLUG = "acerca"


def site_address() -> tuple[str, int]:
    """Host and port of WAGTAILADMIN_BASE_URL, so full URLs (API, feeds, exports) are right."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


@transaction.atomic
def ensure_home(title: str | None = None) -> tuple[HomePage, bool]:
    """The board's home page as the default site's root, created once (Wagtail's initial
    "Welcome" page removed); returns (home, created). Idempotent."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        for page in root.get_children().exclude(content_type__app_label="home"):
            if not Site.objects.filter(root_page=page).exclude(hostname="localhost").exists():
                page.delete()
        home = HomePage(title=title or _("Tablero de Gobierno Abierto"), slug="inicio")
        root.add_child(instance=home)
        home.save_revision().publish()
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=home.title
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        if (site.hostname, site.port) == ("localhost", 80):
            site.hostname, site.port = hostname, port
        site.save()
    return home, created


def about_body() -> str:
    """A neutral introduction naming the instance's coordinating body (no country): the
    page adds the progress rules below it; administrators rewrite it as they wish."""
    paragraphs = (
        _(
            "Este tablero da seguimiento público a los compromisos de los planes de acción "
            "de gobierno abierto. Las instituciones responsables y las organizaciones de la "
            "sociedad civil informan sus avances; %(body)s los revisa antes de publicarlos."
        )
        % {"body": current().body},
        _(
            "Abajo se explica cómo se calcula el avance de cada actividad, acción clave, "
            "compromiso y plan."
        ),
    )
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


@transaction.atomic
def ensure_about(home: HomePage) -> tuple[AboutPage, bool]:
    """The about / methodology page under the home page (the header links to it), created
    once and published; returns (page, created). Idempotent."""
    page = AboutPage.objects.child_of(home).filter(slug=ABOUT_SLUG).first()
    if page is not None:
        return page, False
    page = AboutPage(
        title=_("Acerca del tablero y metodología"), slug=ABOUT_SLUG, body=about_body()
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, True
