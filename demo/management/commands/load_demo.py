from django.core.management.base import BaseCommand

from demo.loader import DEMO_ACCOUNTS, DemoLoader
from planes.models import ActionPlanPage


class Command(BaseCommand):
    help = (
        "Carga el contenido de demostración: el Cuarto Plan de Acción de México 2019-2021 "
        "y cuentas de prueba para cada rol. Puede ejecutarse varias veces sin duplicar nada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="No hace nada si ya existe algún plan de acción.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and ActionPlanPage.objects.exists():
            self.stdout.write("Ya hay contenido; no se carga la demostración.")
            return
        DemoLoader(stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS("Contenido de demostración listo."))
        self.stdout.write("Cuentas de demostración (sólo para pruebas locales):")
        for username, (password, _full_name, group, _superuser) in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {username:<12} {password:<22} {group}")
