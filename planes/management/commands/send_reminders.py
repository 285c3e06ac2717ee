"""manage.py send_reminders [--dry-run] [--date AAAA-MM-DD]: the day's reminder digests."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planes.reminders import send_digests


class Command(BaseCommand):
    help = (
        "Envía a cada persona editora asignada el resumen de lo que debe y a cada persona "
        "aprobadora los envíos que esperan revisión; una vez al día como máximo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Muestra, no envía.")
        parser.add_argument("--date", help="El día de los recordatorios (AAAA-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Fecha no válida «{date}»: usa AAAA-MM-DD.") from error
        count = send_digests(day, dry_run=dry_run, write=self.stdout.write)
        verb = "se enviarían" if dry_run else "enviados"
        self.stdout.write(f"Recordatorios {verb}: {count}")
