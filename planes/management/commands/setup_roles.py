from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from planes.roles import setup_groups


class Command(BaseCommand):
    help = "Crea o actualiza los grupos, permisos y el flujo de aprobación (idempotente)."

    def handle(self, *args, **options):
        groups = setup_groups()
        self.stdout.write(
            self.style.SUCCESS(
                _("Grupos listos: %(names)s.")
                % {"names": ", ".join(group.name for group in groups.values())}
            )
        )
