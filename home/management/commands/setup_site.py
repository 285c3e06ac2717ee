"""An empty board: the home page and the default site, without demo content."""

from django.core.management.base import BaseCommand

from home.setup import ensure_home


class Command(BaseCommand):
    help = "Crea la página de inicio del tablero (sin contenido de demostración). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("--title", help="Nombre del tablero (por omisión, genérico).")

    def handle(self, *args, title=None, **options):
        home, created = ensure_home(title)
        self.stdout.write(
            f"Página de inicio {'creada' if created else 'ya existente'}: «{home.title}»."
        )
        self.stdout.write(
            "Siguiente paso: crea la primera cuenta de administración con "
            "`manage.py createsuperuser`, entra a /admin/ y agrega un plan de acción bajo la "
            "página de inicio (o impórtalo de un XLSX en Configuración → Importar plan)."
        )
