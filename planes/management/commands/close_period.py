"""Close a reporting period from the command line (as an approver would in the admin)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from planes.models import ReportingPeriod
from planes.periods import close_period


class Command(BaseCommand):
    help = "Cierra un periodo de reporte y guarda las cifras publicadas del plan."

    def add_arguments(self, parser):
        parser.add_argument("period_id", type=int, help="Id del periodo (ver el administrador).")
        parser.add_argument("--user", help="Persona a la que se atribuye el cierre.")

    def handle(self, period_id, user=None, **options):
        period = ReportingPeriod.objects.filter(pk=period_id).first()
        if period is None:
            raise CommandError(f"No existe el periodo {period_id}.")
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"No existe la persona «{user}».")
        try:
            pages = close_period(period, person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Periodo «{period.name}» cerrado: {pages} páginas guardadas.")
