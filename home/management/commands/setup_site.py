"""An empty board: the home page and the default site, without demo content."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.setup import ensure_about, ensure_home


class Command(BaseCommand):
    help = "Crea la página de inicio del tablero (sin contenido de demostración). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("--title", help="Nombre del tablero (por omisión, genérico).")

    def handle(self, *args, title=None, **options):
        home, created = ensure_home(title)
        message = (
            _("Página de inicio creada: «%(title)s».")
            if created
            else _("Página de inicio ya existente: «%(title)s».")
        )
        self.stdout.write(message % {"title": home.title})
        about, created = ensure_about(home)
        message = (
            _("Página de metodología creada: «%(title)s» (%(url)s).")
            if created
            else _("Página de metodología ya existente: «%(title)s» (%(url)s).")
        )
        self.stdout.write(message % {"title": about.title, "url": about.url})
        self.stdout.write(
            _(
                "Siguiente paso: crea la primera cuenta de administración con "
                "`manage.py createsuperuser`, entra a /admin/ y agrega un plan de acción bajo "
                "la página de inicio (o impórtalo de un XLSX en Configuración → Importar plan)."
            )
        )
