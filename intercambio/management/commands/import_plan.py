from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from intercambio.plan_import import (
    CREATE,
    DELETE,
    UNCHANGED,
    UPDATE,
    ImportRefused,
    can_import,
    preview_plan,
    refusal_message,
)


class Command(BaseCommand):
    help = (
        "Importa un plan completo desde la plantilla XLSX: muestra lo que se crea, actualiza "
        "o borra y lo aplica en una sola transacción (o nada, si hay errores)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Archivo .xlsx con la plantilla llena.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Sólo muestra la vista previa; no escribe."
        )
        parser.add_argument(
            "--user", help="Usuario que firma las revisiones (administración o aprobación)."
        )
        parser.add_argument(
            "--delete-missing",
            action="store_true",
            help="Borra los compromisos, acciones clave y actividades que el archivo omite.",
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("No existe el usuario «%(user)s».") % {"user": options["user"]}
                ) from None
            if not can_import(user):
                raise CommandError(refusal_message())
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("No se puede leer «%(path)s»: %(reason)s.")
                % {"path": path, "reason": error.strerror}
            ) from None
        with transaction.atomic():
            plan_import = preview_plan(data, delete_missing=options["delete_missing"])
            report = plan_import.report
            if report.ok and not options["dry_run"]:
                try:
                    report = plan_import.apply(user)
                except ImportRefused as error:
                    raise CommandError(str(error)) from None
        for change in report.changes:
            if change.action != UNCHANGED or options["verbosity"] > 1:
                self.stdout.write(str(change))
        counts = report.counts()
        self.stdout.write(
            _(
                "Se crean %(created)s, se actualizan %(updated)s, sin cambios %(unchanged)s, "
                "se borran %(deleted)s."
            )
            % {
                "created": counts[CREATE],
                "updated": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
                "deleted": counts[DELETE],
            }
        )
        if not report.ok:
            details = "\n".join(str(error) for error in report.errors)
            raise CommandError(
                _("El archivo tiene %(count)s error(es); no se importó nada.")
                % {"count": len(report.errors)}
                + f"\n{details}"
            )
        if options["dry_run"]:
            self.stdout.write(_("Vista previa: no se escribió nada (--dry-run)."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Plan importado: %(title)s (id %(id)s).")
                    % {"title": report.plan.title, "id": report.plan.pk}
                )
            )
