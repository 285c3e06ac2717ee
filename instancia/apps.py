from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstanciaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "instancia"
    verbose_name = _("Instancia")
