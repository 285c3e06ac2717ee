from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """Open data: per-plan tables (CSV, XLSX, JSON), the whole-site JSON, feeds, /datos/."""

    name = "opendata"
    verbose_name = _("Datos abiertos")
