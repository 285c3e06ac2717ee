"""A board from nothing: the home page as the default site's root (no demo content)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import HomePage


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
