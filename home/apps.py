from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def name_the_locale_after_the_language(sender, using="default", **kwargs):
    """Wagtail names the pages' locale after LANGUAGE_CODE (Locale.get_default()); with
    translations off there is one locale, a label: after TABLERO_LANGUAGE changes, `migrate`
    gives it the new code, so a board built in Spanish runs in English and back."""
    from django.conf import settings
    from wagtail.models import Locale

    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    locales = Locale.objects.using(using)
    if locales.count() == 1:
        locales.exclude(language_code=settings.LANGUAGE_CODE).update(
            language_code=settings.LANGUAGE_CODE
        )


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Inicio")

    def ready(self):
        post_migrate.connect(name_the_locale_after_the_language, sender=self)
