from django.core.management.base import BaseCommand

from planes.roles import setup_groups


class Command(BaseCommand):
    help = "Crea o actualiza los grupos, permisos y el flujo de aprobación (idempotente)."

    def handle(self, *args, **options):
        groups = setup_groups()
        self.stdout.write(
            self.style.SUCCESS(
                f"Grupos listos: {', '.join(group.name for group in groups.values())}"
            )
        )
