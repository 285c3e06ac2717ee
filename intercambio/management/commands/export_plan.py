from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intercambio.plan_export import export_plan
from planes.models import ActionPlanPage


class Command(BaseCommand):
    help = "Escribe un plan en la plantilla XLSX (la misma que lee import_plan)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int, help="Id de la página del plan.")
        parser.add_argument("file", help="Archivo .xlsx que se escribe.")

    def handle(self, *args, **options):
        plan = ActionPlanPage.objects.filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"No hay un plan de acción con id {options['plan_id']}.")
        Path(options["file"]).write_bytes(export_plan(plan))
        self.stdout.write(self.style.SUCCESS(f"Plan «{plan.title}» escrito en {options['file']}."))
