from django.core.management.base import BaseCommand, CommandError

from demo.scale import HEAVY_SLUG, ScaleError, ScaleOptions, generate

DEFAULTS = ScaleOptions()


class Command(BaseCommand):
    help = (
        "Genera contenido sintético a escala nacional para pruebas de rendimiento: planes, "
        "compromisos y acciones clave publicados bajo la página de inicio, con actividades, "
        "evidencias, actualizaciones, directorio y temas, e indexados para la búsqueda. "
        "Requiere haber ejecutado antes migrate, setup_roles y load_demo. Una acción clave "
        "adicional, con el identificador «"
        + HEAVY_SLUG.format(count="N")
        + "» (N = --heavy-evidence, por omisión «"
        + HEAVY_SLUG.format(count=DEFAULTS.heavy_evidence)
        + "»), bajo el primer compromiso generado, tiene exactamente N evidencias para medir "
        "su vista de edición en el administrador."
    )

    def add_arguments(self, parser):
        def number(name, default, text):
            parser.add_argument(
                name, type=int, default=default, help=f"{text} (por omisión: {default})."
            )

        number("--plans", DEFAULTS.plans, "Planes de acción, de dos años cada uno, hacia atrás")
        number("--commitments", DEFAULTS.commitments, "Compromisos en total, repartidos por plan")
        number(
            "--milestones",
            DEFAULTS.milestones,
            "Acciones clave en total, repartidas por compromiso",
        )
        number(
            "--evidence",
            DEFAULTS.evidence,
            "Evidencias en total, repartidas entre las actividades de las acciones clave",
        )
        number("--updates", DEFAULTS.updates, "Actualizaciones de avance en total")
        number(
            "--heavy-evidence",
            DEFAULTS.heavy_evidence,
            "Evidencias de la acción clave adicional «accion-con-N-evidencias»; 0 para no crearla",
        )
        number(
            "--pending-submissions",
            DEFAULTS.pending_submissions,
            "Acciones clave con un borrador enviado al flujo de aprobación SFP (tareas "
            "pendientes de las personas aprobadoras; no se envían correos)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Semilla del generador para repetir el mismo contenido (por omisión, al azar).",
        )

    def handle(self, *args, **options):
        scale = ScaleOptions(
            plans=options["plans"],
            commitments=options["commitments"],
            milestones=options["milestones"],
            evidence=options["evidence"],
            updates=options["updates"],
            heavy_evidence=options["heavy_evidence"],
            pending_submissions=options["pending_submissions"],
            seed=options["seed"],
        )
        try:
            report = generate(scale, log=self.stdout.write)
        except ScaleError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            self.style.SUCCESS(
                f"Contenido sintético listo (semilla {report.seed}): {len(report.plans)} planes, "
                f"{len(report.commitments)} compromisos, {len(report.milestones)} acciones clave, "
                f"{report.activities} actividades, {report.evidence} evidencias, "
                f"{report.updates} actualizaciones, {report.pending_submissions} envíos a revisión."
            )
        )
        heavy = report.heavy_milestone
        if heavy is not None:
            self.stdout.write(
                f"Acción clave con {scale.heavy_evidence} evidencias: {heavy.url_path} "
                f"(edición: /admin/pages/{heavy.pk}/edit/)"
            )
        self.stdout.write("Tiempos (segundos):")
        for step, seconds in report.timings.items():
            self.stdout.write(f"  {step:<26} {seconds:7.2f}")
