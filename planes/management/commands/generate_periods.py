"""Create a plan's reporting periods from its dates."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from planes.models import ActionPlanPage
from planes.periods import FREQUENCIES, generate_periods


class Command(BaseCommand):
    help = "Crea los periodos de reporte de un plan a partir de sus fechas."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--months", type=int, default=6, choices=sorted(FREQUENCIES))
        parser.add_argument("--report-days", type=int, default=30)

    def handle(self, plan_id, months, report_days, **options):
        plan = ActionPlanPage.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No existe el plan {plan_id}.")
        try:
            created = generate_periods(plan, months=months, report_days=report_days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for period in created:
            self.stdout.write(f"{period.pk}\t{period}")
        self.stdout.write(f"{len(created)} periodos creados (los días ya cubiertos se omiten).")
