from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planes"
    verbose_name = _("Planes de acción")

    def ready(self):
        # Django's convention: receivers connect once the app registry is ready.
        from . import signal_handlers  # noqa: F401
