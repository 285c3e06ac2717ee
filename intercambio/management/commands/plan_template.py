from pathlib import Path

from django.core.management.base import BaseCommand

from intercambio.plan_export import template_bytes
from intercambio.workbook import TEMPLATE_PATH


class Command(BaseCommand):
    help = (
        "Escribe la plantilla XLSX vacía de un plan (por omisión, intercambio/plantilla_plan.xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(TEMPLATE_PATH))

    def handle(self, *args, **options):
        Path(options["file"]).write_bytes(template_bytes())
        self.stdout.write(self.style.SUCCESS(f"Plantilla escrita en {options['file']}."))
