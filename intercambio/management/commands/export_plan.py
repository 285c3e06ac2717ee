from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from intercambio.plan_export import export_plan
from planes.models import ActionPlanPage


def find_plan(reference: str) -> ActionPlanPage:
    """The plan by its page id, else by its number, else by its slug."""
    reference = reference.strip()
    plans = ActionPlanPage.objects.all()
    if reference.isdigit():
        found = plans.filter(pk=int(reference)).first()
        if found is None:
            found = plans.filter(number=int(reference)).order_by("path").first()
    else:
        found = plans.filter(Q(slug=reference) | Q(slug=reference.lower())).first()
    if found is None:
        raise CommandError(
            _("No hay un plan de acción con id, número o slug «%(plan)s».") % {"plan": reference}
        )
    return found


class Command(BaseCommand):
    help = (
        "Escribe un plan en la plantilla XLSX (la misma que lee import_plan). El plan se "
        "indica por el id de su página, su número o su slug."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "plan", help="Id de la página del plan, su número (p. ej. 2) o su slug."
        )
        parser.add_argument("file", help="Archivo .xlsx que se escribe.")

    def handle(self, *args, **options):
        plan = find_plan(options["plan"])
        Path(options["file"]).write_bytes(export_plan(plan))
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan «%(title)s» (id %(id)s, número %(number)s) escrito en %(file)s.")
                % {
                    "title": plan.title,
                    "id": plan.pk,
                    "number": plan.number,
                    "file": options["file"],
                }
            )
        )
