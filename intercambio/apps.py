from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntercambioConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intercambio"
    verbose_name = _("Importar y exportar planes")
