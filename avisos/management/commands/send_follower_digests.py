"""manage.py send_follower_digests [--dry-run] [--date AAAA-MM-DD]: the readers' digests."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from avisos.digests import send_follower_digests


class Command(BaseCommand):
    help = (
        "Envía a cada persona suscrita a un plan o compromiso un resumen de lo publicado "
        "desde su último aviso; una vez al día como máximo. Borra las suscripciones que "
        "nunca se confirmaron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Muestra, no envía.")
        parser.add_argument("--date", help="El día de los avisos (AAAA-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Fecha no válida «{date}»: usa AAAA-MM-DD.") from error
        count = send_follower_digests(day, dry_run=dry_run, write=self.stdout.write)
        verb = "se enviarían" if dry_run else "enviados"
        self.stdout.write(f"Avisos {verb}: {count}")
