from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planes"
    verbose_name = _("Planes de acción")

    def ready(self):
        from . import signal_handlers  # noqa: F401
