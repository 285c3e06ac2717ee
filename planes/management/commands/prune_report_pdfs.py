"""Delete stored self-assessment PDFs that no longer match their plan's published content
(planes/report_pdf.py): older versions, reports of unpublished or deleted plans."""

from django.core.management.base import BaseCommand

from planes.report_pdf import current_pdf_names, prune_pdfs, stored_pdfs


class Command(BaseCommand):
    help = (
        "Borra los PDF del informe de autoevaluación que ya no corresponden al contenido "
        "publicado de su plan (versiones anteriores, planes despublicados o borrados)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Sólo muestra lo que se borraría."
        )

    def handle(self, dry_run=False, **options):
        keep = current_pdf_names()
        if dry_run:
            outdated = [pdf.name for pdf in stored_pdfs() if pdf.name not in keep]
            for name in outdated:
                self.stdout.write(f"Se borraría {name}")
            self.stdout.write(f"{len(outdated)} PDF desactualizados.")
            return
        deleted = prune_pdfs(keep=keep)
        for name in deleted:
            self.stdout.write(f"Borrado {name}")
        self.stdout.write(f"{len(deleted)} PDF desactualizados borrados.")
