from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Búsqueda")

    def ready(self):
        # Django's convention: receivers connect once the app registry is ready.
        from . import signal_handlers  # noqa: F401
