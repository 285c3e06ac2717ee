"""The XLSX template of a whole plan: one definition of its sheets and columns.

Used by the template writer (``plan_template``), the reader, the exporter and the
instructions sheet. Sheet names and headers are a file format, like the open-data
columns: they are fixed Spanish words, not translated with the interface. The instructions
(the first sheet's prose) are in the interface's language.
"""

import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from planes.choices import (
    InstitutionSector,
    IRMCompletion,
    IRMEarlyResults,
    IRMOpenGovernment,
    IRMPotentialForResults,
    IRMPotentialImpact,
    IRMSpecificity,
    OrganizationKind,
    PlanStatus,
)

#: The empty template kept in the repository (``manage.py plan_template`` writes it).
TEMPLATE_PATH = Path(__file__).resolve().parent / "plantilla_plan.xlsx"
#: More data rows than this in one sheet and the file is refused (a plan has hundreds).
MAX_ROWS = 2000
#: Lists of names (institutions, organizations, tags) are separated by this.
LIST_SEPARATOR = ";"

# Column kinds.
TEXT = "text"  # plain text
RICH = "rich"  # rich text: HTML as stored, or plain text (paragraphs by line)
INT = "int"  # positive whole number
DATE = "date"  # a date cell, or AAAA-MM-DD / DD/MM/AAAA
DECIMAL = "decimal"  # a number with at most two decimals
BOOL = "bool"  # sí / no
NULLBOOL = "nullbool"  # sí / no / empty (unknown)
CHOICE = "choice"  # one of the labels of ``choices``
INSTITUTIONS = "institutions"  # names or acronyms of the directory, separated by ";"
ORGANIZATIONS = "organizations"
TAGS = "tags"  # words separated by ";"

KIND_HELP = {
    TEXT: _("Texto."),
    RICH: _("Texto; un renglón por párrafo (también acepta el HTML que escribe la exportación)."),
    INT: _("Número entero positivo."),
    DATE: _("Fecha (celda de fecha, AAAA-MM-DD o DD/MM/AAAA)."),
    DECIMAL: _("Número de 0 a 9999.99, con hasta dos decimales."),
    BOOL: _("«sí» o «no» (vacío es «no»)."),
    NULLBOOL: _("«sí», «no» o vacío (sin dato)."),
    INSTITUTIONS: _("Nombres o siglas de instituciones, separados por «;»."),
    ORGANIZATIONS: _("Nombres o siglas de organizaciones, separados por «;»."),
    TAGS: _("Temas separados por «;»."),
}


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = TEXT
    required: bool = False
    help: str = ""  # lazy: the instructions are in the interface's language
    choices: type | None = None

    def help_text(self) -> str:
        if self.kind == CHOICE:
            labels = "; ".join(label_as_written(choice) for choice in self.choices)
            base = gettext("Uno de: %(labels)s.") % {"labels": labels}
        else:
            base = str(KIND_HELP[self.kind])
        return f"{self.help} {base}".strip()


@dataclass(frozen=True)
class Sheet:
    name: str
    model: str  # app_label.ModelName, for the fields' validators
    columns: tuple[Column, ...]
    help: str  # lazy, as the columns' help
    required: bool = True
    key: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


def _dates() -> tuple[Column, Column]:
    return (
        Column("Fecha de inicio", "start_date", DATE),
        Column("Fecha de término", "end_date", DATE, help=_("No anterior a la de inicio.")),
    )


PLAN = Sheet(
    "Plan",
    "planes.ActionPlanPage",
    (
        Column(
            "Número", "number", INT, True, _("Ordinal del plan (4 para el cuarto plan de acción).")
        ),
        Column("Título", "title", TEXT, True),
        Column("País", "country", TEXT, True),
        Column("Gobierno", "government"),
        Column("Etapa", "status", CHOICE, True, choices=PlanStatus),
        *_dates(),
        Column("Resumen", "summary", RICH),
        Column("Proceso de cocreación", "co_creation", RICH),
    ),
    _("Una sola fila: el plan. Su número lo identifica al importar de nuevo."),
    key=("number",),
)

INSTITUTIONS_SHEET = Sheet(
    "Instituciones",
    "planes.Institution",
    (
        Column("Nombre", "name", TEXT, True),
        Column("Siglas", "acronym"),
        Column("Sector", "sector", CHOICE, choices=InstitutionSector),
        Column("Sitio web", "website"),
    ),
    _(
        "Opcional. Instituciones que el plan nombra y que aún no están en el directorio: se "
        "crean. Las que ya están (mismo nombre o siglas) no se modifican."
    ),
    required=False,
    key=("name",),
)

ORGANIZATIONS_SHEET = Sheet(
    "Organizaciones",
    "planes.Organization",
    (
        Column("Nombre", "name", TEXT, True),
        Column("Siglas", "acronym"),
        Column("Tipo", "kind", CHOICE, choices=OrganizationKind),
        Column("Sitio web", "website"),
    ),
    _("Opcional. Como «Instituciones», para las organizaciones de la sociedad civil."),
    required=False,
    key=("name",),
)

#: The commitment template's sections: (field, header).
SECTION_HEADERS = (
    ("background", "Antecedentes"),
    ("problem", "Problemática"),
    ("description", "Descripción del compromiso"),
    ("proposed_solution", "Solución propuesta"),
    ("ogp_values_relevance", "Relevancia respecto a los valores de OGP"),
    ("sdg_alignment", "Alineación con la Agenda 2030 (ODS)"),
    ("gender_alignment", "Alineación con la perspectiva de género"),
    ("risk_analysis", "Análisis de riesgos (supuestos)"),
    ("pnd_alignment", "Alineación con el Plan Nacional de Desarrollo"),
    ("short_term_objective", "Objetivo a corto plazo"),
    ("end_term_objective", "Objetivo al término del plan"),
    ("global_indicator", "Indicador global"),
    ("other_actors", "Otros actores involucrados"),
    ("additional_info", "Información adicional"),
)

COMMITMENTS = Sheet(
    "Compromisos",
    "planes.CommitmentPage",
    (
        Column("Número", "number", INT, True, _("Único en el plan; identifica el compromiso.")),
        Column(
            "Identificador OGP", "ogp_id", help=_("Siglas del país y número, por ejemplo AB0012.")
        ),
        Column("Título", "title", TEXT, True),
        Column("Título corto", "short_title"),
        *_dates(),
        Column("Objetivo general", "objective"),
        Column("Acceso a la información", "value_access_to_information", BOOL),
        Column("Participación ciudadana", "value_civic_participation", BOOL),
        Column("Rendición de cuentas", "value_public_accountability", BOOL),
        Column("Tecnología e innovación", "value_technology_innovation", BOOL),
        Column("Temas", "tags", TAGS),
        Column("Instituciones responsables", "lead_institutions", INSTITUTIONS),
        Column("Organizaciones corresponsables", "organizations", ORGANIZATIONS),
        Column("ODS relacionados", "sdg_goals", help=_("Números del 1 al 17 separados por comas.")),
        *(Column(header, name, RICH) for name, header in SECTION_HEADERS),
        Column("Persona de contacto", "contact_name"),
        Column("Correo de contacto", "contact_email"),
        Column("MRI: especificidad", "irm_specificity", CHOICE, choices=IRMSpecificity),
        Column("MRI: verificable", "irm_verifiable", NULLBOOL),
        Column(
            "MRI: relevante para los valores de OGP",
            "irm_relevant_to_ogp_values",
            NULLBOOL,
        ),
        Column(
            "MRI: impacto potencial", "irm_potential_impact", CHOICE, choices=IRMPotentialImpact
        ),
        Column(
            "MRI: potencial de resultados",
            "irm_potential_for_results",
            CHOICE,
            choices=IRMPotentialForResults,
        ),
        Column(
            "MRI: cumplimiento a medio término",
            "irm_completion_midterm",
            CHOICE,
            choices=IRMCompletion,
        ),
        Column("MRI: nivel de cumplimiento", "irm_completion", CHOICE, choices=IRMCompletion),
        Column(
            "MRI: ¿contribuyó a abrir el gobierno?",
            "irm_did_it_open_government",
            CHOICE,
            choices=IRMOpenGovernment,
        ),
        Column("MRI: resultados tempranos", "irm_early_results", CHOICE, choices=IRMEarlyResults),
        Column("MRI: notas", "irm_notes"),
        Column("MRI: informe", "irm_report_url", help=_("Dirección (URL) del informe.")),
    ),
    _("Una fila por compromiso del plan."),
    key=("number",),
)

MILESTONES = Sheet(
    "Acciones clave",
    "planes.MilestonePage",
    (
        Column("Compromiso", "commitment", INT, True, _("Número del compromiso.")),
        Column("Orden", "order", INT, True, _("1, 2, 3... dentro del compromiso, sin huecos.")),
        Column("Título", "title", TEXT, True),
        Column("Descripción", "description", RICH),
        *_dates(),
        Column("Ponderación", "weight", DECIMAL, help=_("Vacío vale 1.")),
        Column("Indicador", "indicator"),
        Column("Medio de verificación", "means_of_verification"),
        Column("Entregable esperado", "expected_deliverable"),
        Column("Instituciones responsables", "responsible_institutions", INSTITUTIONS),
        Column("Organizaciones responsables", "responsible_organizations", ORGANIZATIONS),
    ),
    _("Una fila por acción clave; el número del compromiso y el orden la identifican."),
    key=("commitment", "order"),
)

ACTIVITIES = Sheet(
    "Actividades",
    "planes.Activity",
    (
        Column("Compromiso", "commitment", INT, True, _("Número del compromiso.")),
        Column("Acción clave", "milestone", INT, True, _("Orden de la acción clave.")),
        Column("Orden", "order", INT, True, _("1, 2, 3... dentro de la acción clave, sin huecos.")),
        Column("Título", "title", TEXT, True),
        Column("Descripción", "description"),
        *_dates(),
        Column("Medio de verificación", "means_of_verification"),
    ),
    _(
        "Una fila por actividad. El estado y las evidencias no viajan en la hoja: se informan "
        "en el administrador, y una importación nunca los cambia ni los borra."
    ),
    key=("commitment", "milestone", "order"),
)

#: The data sheets, in the workbook's order.
SHEETS = (PLAN, COMMITMENTS, MILESTONES, ACTIVITIES, INSTITUTIONS_SHEET, ORGANIZATIONS_SHEET)
#: The instructions sheet's name, in the interface's language (the reader knows it in both).
INSTRUCTIONS = gettext_noop("Instrucciones")


def intro() -> list[str]:
    """The instructions sheet's opening paragraphs, in the interface's language."""
    return [
        gettext("Plantilla de un plan de acción completo para Tablero."),
        gettext(
            "Cada hoja tiene una fila de encabezados (la fila 1) con los nombres exactos de las "
            "columnas; el orden de las columnas es libre. No uses fórmulas: se rechazan."
        ),
        gettext(
            "Los nombres de las hojas y de las columnas, y las opciones de las listas, se "
            "escriben como aparecen aquí, en cualquier idioma del tablero: son el formato del "
            "archivo."
        ),
        gettext(
            "Al importar de nuevo el mismo archivo nada cambia. Si cambias el archivo, se "
            "actualiza el plan por su número, cada compromiso por su número, cada acción clave "
            "por su orden y cada actividad por su orden. Lo que el archivo omite no se borra, "
            "salvo con la opción explícita de borrar lo que falta."
        ),
        gettext(
            "Las evidencias (documentos y enlaces), el estado de las actividades, las "
            "actualizaciones de avance y los documentos del plan no viajan en la hoja: se "
            "informan en el administrador, y la importación nunca los cambia ni los borra."
        ),
        gettext("Cada hoja admite hasta %(rows)s filas de datos.") % {"rows": MAX_ROWS},
    ]


def instructions_titles() -> set[str]:
    """The instructions sheet's name in Spanish and in English: a file made on a board in
    either language is read on the other."""
    titles = set()
    for language in (None, "en"):
        with translation.override(language):
            titles.add(gettext(INSTRUCTIONS))
    return titles


def spanish_label(choice) -> str:
    """A choice as the file writes it, whatever the interface's language: its Spanish label
    (the reader also accepts the key and the English label). The source strings are the
    Spanish ones: no catalog (a Spanish one falls back to the board's language)."""
    with translation.override(None):
        return str(choice.label)


def label_as_written(choice) -> str:
    """A choice in the instructions: its Spanish label, as the file writes it, and beside
    it the interface's label when that is another («Alta» (High))."""
    written = spanish_label(choice)
    shown = str(choice.label)
    return f"«{written}»" if shown == written else f"«{written}» ({shown})"


def normalize(text) -> str:
    """Case-, accent- and space-insensitive form of a name or header."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def instruction_rows() -> list[tuple[str, str, str, str]]:
    """(sheet, column, required, help) for every column: the instructions sheet's table."""
    rows = []
    for sheet in SHEETS:
        rows.append((sheet.name, "", "", str(sheet.help)))
        for column in sheet.columns:
            rows.append(
                (
                    sheet.name,
                    column.header,
                    gettext("sí") if column.required else "",
                    column.help_text(),
                )
            )
    return rows


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
FIXED_DATE = datetime.datetime(2026, 1, 1)


def build_workbook(rows: dict[str, list[list]] | None = None) -> Workbook:
    """The template with an instructions sheet, filled in with ``rows`` (cell values per
    sheet name, in the columns' order) when given."""
    rows = rows or {}
    workbook = Workbook()
    workbook.properties.creator = "Tablero"
    workbook.properties.created = workbook.properties.modified = FIXED_DATE
    info = workbook.active
    info.title = gettext(INSTRUCTIONS)
    for line in intro():
        info.append([line])
    info.append([])
    info.append([gettext("Hoja"), gettext("Columna"), gettext("Obligatoria"), gettext("Contenido")])
    for cell in info[info.max_row]:
        cell.font = Font(bold=True)
    for row in instruction_rows():
        info.append(list(row))
    for letter, width in zip("ABCD", (18, 40, 12, 100), strict=True):
        info.column_dimensions[letter].width = width
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.header for column in sheet.columns])
        for cell in worksheet[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = 14 if column.kind != TEXT else 30
        for values in rows.get(sheet.name, []):
            worksheet.append(values)
        for index, column in enumerate(sheet.columns, start=1):
            if column.kind == DATE:
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_values(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values: how two workbooks are compared (tests, round trip)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {
            ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)]
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()
