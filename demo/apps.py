from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content, synthetic national scale and test factories.

    Installed by the dev and test settings (and by the benchmark's content
    build), never in production: nothing else imports it.
    """

    name = "demo"
    verbose_name = _("Demostración y escala sintética")
