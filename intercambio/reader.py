"""Read a plan workbook into plain rows, collecting every error in Spanish.

Nothing here writes: the result is the file's rows (typed values keyed by field) and
the list of errors, each naming sheet, row and column.
"""

import datetime
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planes.choices import FORMER_CHOICE_LABELS

from . import workbook as wb


@dataclass(frozen=True)
class CellError:
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("hoja «%(sheet)s»") % {"sheet": self.sheet})
        if self.row:
            where.append(_("fila %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("columna %(column)s") % {"column": self.column})
        place = ", ".join(where)
        return f"{place[:1].upper()}{place[1:]}: {self.message}" if place else self.message


@dataclass
class Row:
    sheet: wb.Sheet
    number: int  # the row number in the spreadsheet
    values: dict
    letters: dict  # field -> column letter

    def where(self, name: str) -> str:
        header = self.sheet.column(name).header
        return f"{self.letters.get(name, '?')} («{header}»)"

    def error(self, name: str | None, message: str) -> CellError:
        return CellError(self.sheet.name, self.number, self.where(name) if name else None, message)

    @property
    def key(self) -> tuple:
        return tuple(self.values[name] for name in self.sheet.key)


@dataclass
class ParsedFile:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)

    def sheet(self, sheet: wb.Sheet) -> list[Row]:
        return self.rows.get(sheet.name, [])


TRUE = {"si", "s", "x", "1", "true", "verdadero", "yes"}
FALSE = {"no", "n", "0", "false", "falso"}
TWO_PLACES = Decimal("0.01")
MAX_WEIGHT = Decimal("9999.99")


class CellProblem(Exception):
    pass


def text_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def rich_value(value) -> str:
    """Stored rich text: HTML kept as written (what the export writes), plain text as
    one paragraph per line."""
    text = text_value(value)
    if not text or text.startswith("<"):
        return text
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip())


#: Attributes the rich-text editor adds that carry no content (Draftail's block keys).
IGNORED_ATTRIBUTES = {"data-block-key"}


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def _tag(self, tag, attrs, close="") -> str:
        kept = sorted((k, v or "") for k, v in attrs if k not in IGNORED_ATTRIBUTES)
        return "<" + tag + "".join(f' {k}="{v}"' for k, v in kept) + close + ">"

    def handle_starttag(self, tag, attrs):
        self.parts.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self._tag(tag, attrs))

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.parts.append(escape(text))


def comparable_rich(value) -> str:
    """Rich text in one canonical form, to tell a real change from markup the editor
    rewrote: the editor's block keys, attribute order, entities, ``<br/>`` and spacing
    between tags do not count; plain text counts as its paragraphs."""
    html = rich_value(value)
    if not html:
        return ""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def date_value(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_value(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellProblem(
        _("«%(value)s» no es una fecha; escríbela como AAAA-MM-DD o DD/MM/AAAA.") % {"value": text}
    )


def int_value(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("Debe ser un número entero positivo."))
    try:
        number = Decimal(text_value(value))
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or not 1 <= number <= 32767:
        raise CellProblem(
            _("«%(value)s» no es un número entero positivo.") % {"value": text_value(value)}
        )
    return int(number)


def decimal_value(value) -> Decimal:
    if value in (None, ""):
        return Decimal("1.00")  # the model's default weight
    try:
        number = Decimal(text_value(value))
    except InvalidOperation:
        raise CellProblem(
            _("«%(value)s» no es un número.") % {"value": text_value(value)}
        ) from None
    if not Decimal(0) <= number <= MAX_WEIGHT:
        raise CellProblem(
            _("La ponderación debe estar entre 0 y %(max)s; vale %(value)s.")
            % {"max": MAX_WEIGHT, "value": text_value(value)}
        )
    if number != number.quantize(TWO_PLACES):
        raise CellProblem(_("La ponderación admite hasta dos decimales."))
    return number.quantize(TWO_PLACES)


def bool_value(value, nullable: bool) -> bool | None:
    if value in (None, ""):
        return None if nullable else False
    if isinstance(value, bool):
        return value
    text = wb.normalize(text_value(value))
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellProblem(_("Escribe «sí» o «no», no «%(value)s».") % {"value": text_value(value)})


#: The languages whose labels a choice cell may use, whatever the interface's language:
#: the template's Spanish (the source strings: ``None``, no catalog) and English (an
#: export made on an English board before exports wrote Spanish).
CHOICE_LANGUAGES = (None, "en")


def choice_index(choices) -> dict[str, str]:
    """Normalised spellings of every choice -> its stored key: the key itself, its label in
    the interface's language, in Spanish and in English (earlier ones win a tie)."""
    return _choice_index(choices, translation.get_language())


@functools.lru_cache(maxsize=64)
def _choice_index(choices, language: str | None) -> dict[str, str]:
    spellings: list[tuple[str, str]] = []
    for other in (language, *CHOICE_LANGUAGES):
        with translation.override(other):
            spellings += [(str(label), choice) for choice, label in choices.choices]
    index: dict[str, str] = {}
    for choice in choices.values:
        index.setdefault(wb.normalize(choice), choice)
    for label, choice in spellings:
        index.setdefault(wb.normalize(label), choice)
    for label, choice in FORMER_CHOICE_LABELS.get(choices, {}).items():
        index.setdefault(wb.normalize(label), str(choice))
    return index


def choice_value(value, choices) -> str:
    text = wb.normalize(text_value(value))
    if not text:
        return ""
    found = choice_index(choices).get(text)
    if found is not None:
        return found
    labels = ", ".join(f"«{label}»" for label in choices.labels)
    raise CellProblem(
        _("«%(value)s» no es una opción válida; usa una de: %(labels)s.")
        % {"value": text_value(value), "labels": labels}
    )


def list_value(value) -> list[str]:
    text = text_value(value)
    names = [part.strip() for part in text.replace("\n", wb.LIST_SEPARATOR).split(";")]
    return [name for name in names if name]


def convert(column: wb.Column, value):
    kind = column.kind
    if kind == wb.TEXT:
        return text_value(value)
    if kind == wb.RICH:
        return rich_value(value)
    if kind == wb.INT:
        return int_value(value)
    if kind == wb.DATE:
        return date_value(value)
    if kind == wb.DECIMAL:
        return decimal_value(value)
    if kind in (wb.BOOL, wb.NULLBOOL):
        return bool_value(value, kind == wb.NULLBOOL)
    if kind == wb.CHOICE:
        return choice_value(value, column.choices)
    return list_value(value)


def is_formula(cell) -> bool:
    if getattr(cell, "data_type", None) == "f":
        return True
    value = getattr(cell, "value", None)
    return (
        isinstance(value, str)
        and value.startswith("=")
        or type(value).__name__
        in (
            "ArrayFormula",
            "DataTableFormula",
        )
    )


def read_plan_file(data: bytes) -> ParsedFile:
    """Parse and validate a workbook's bytes; every problem lands in ``errors``."""
    parsed = ParsedFile()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        parsed.errors.append(
            CellError(None, None, None, _("El archivo no es un libro de Excel (.xlsx)."))
        )
        return parsed
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any reason openpyxl cannot open it means "not XLSX"
        parsed.errors.append(
            CellError(
                None, None, None, _("El archivo no es un libro de Excel (.xlsx) o está dañado.")
            )
        )
        return parsed
    try:
        _read_sheets(book, parsed)
    finally:
        book.close()
    if not parsed.errors:
        _check_rows(parsed)
    return parsed


def _read_sheets(book, parsed: ParsedFile) -> None:
    by_name = {wb.normalize(ws.title): ws for ws in book.worksheets}
    known = {wb.normalize(name) for name in wb.instructions_titles()}
    known |= {wb.normalize(sheet.name) for sheet in wb.SHEETS}
    for ws in book.worksheets:
        if wb.normalize(ws.title) not in known:
            names = ", ".join(f"«{sheet.name}»" for sheet in wb.SHEETS)
            parsed.errors.append(
                CellError(
                    ws.title,
                    None,
                    None,
                    _("Esta hoja no es de la plantilla; las hojas son: %(names)s.")
                    % {"names": names},
                )
            )
    for sheet in wb.SHEETS:
        ws = by_name.get(wb.normalize(sheet.name))
        if ws is None:
            if sheet.required:
                parsed.errors.append(
                    CellError(sheet.name, None, None, _("Falta esta hoja de la plantilla."))
                )
            continue
        parsed.rows[sheet.name] = _read_sheet(sheet, ws, parsed.errors)


def _read_sheet(sheet: wb.Sheet, ws, errors: list[CellError]) -> list[Row]:
    rows: list[Row] = []
    lines = ws.iter_rows()
    header = next(lines, None)
    headers = {wb.normalize(c.header): c for c in sheet.columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header or ()):
        title = wb.normalize(cell.value)
        if not title:
            continue
        letter = get_column_letter(index + 1)
        column = headers.get(title)
        if column is None:
            errors.append(
                CellError(
                    sheet.name,
                    1,
                    f"{letter} («{cell.value}»)",
                    _("Esta columna no es de la plantilla."),
                )
            )
        elif column.field in positions:
            errors.append(
                CellError(sheet.name, 1, f"{letter} («{cell.value}»)", _("Columna repetida."))
            )
        else:
            positions[column.field] = index
    missing = [c.header for c in sheet.columns if c.field not in positions]
    for name in missing:
        errors.append(CellError(sheet.name, 1, f"«{name}»", _("Falta esta columna.")))
    if missing or header is None:
        return rows
    model = apps.get_model(sheet.model)
    count = 0
    for line_number, line in enumerate(lines, start=2):
        cells = {name: line[i] if i < len(line) else None for name, i in positions.items()}
        raw = {name: getattr(cell, "value", None) for name, cell in cells.items()}
        if all(value in (None, "") for value in raw.values()):
            continue
        count += 1
        if count > wb.MAX_ROWS:
            errors.append(
                CellError(
                    sheet.name,
                    line_number,
                    None,
                    _("La hoja tiene más de %(max)s filas de datos; divide el archivo.")
                    % {"max": wb.MAX_ROWS},
                )
            )
            break
        letters = {name: get_column_letter(i + 1) for name, i in positions.items()}
        row = Row(sheet, line_number, {}, letters)
        for column in sheet.columns:
            cell = cells[column.field]
            if is_formula(cell):
                errors.append(
                    row.error(column.field, _("Hay una fórmula; escribe el valor, sin fórmulas."))
                )
                continue
            try:
                value = convert(column, raw[column.field])
            except CellProblem as problem:
                errors.append(row.error(column.field, str(problem)))
                continue
            if column.required and value in (None, "", []):
                errors.append(row.error(column.field, _("Este dato es obligatorio.")))
                continue
            problem = _field_problem(model, column, value)
            if problem:
                errors.append(row.error(column.field, problem))
                continue
            row.values[column.field] = value
        if len(row.values) == len(sheet.columns):
            rows.append(row)
        else:
            rows.append(None)  # a row with errors: counted, not used
    return rows


def _field_problem(model, column: wb.Column, value) -> str:
    """The model field's own validators (length, formats), in its Spanish words."""
    if value in (None, "", []) or column.kind in (wb.INSTITUTIONS, wb.ORGANIZATIONS, wb.TAGS):
        return ""
    try:
        model_field = model._meta.get_field(column.field)
    except FieldDoesNotExist:
        return ""
    try:
        model_field.run_validators(value)
    except ValidationError as error:
        return " ".join(error.messages)
    if column.field == "sdg_goals":
        bad = [n for n in re.findall(r"\d+", value) if not 1 <= int(n) <= 17]
        if bad:
            return _("Los ODS van del 1 al 17.")
    return ""


def _check_rows(parsed: ParsedFile) -> None:
    """Checks across cells and rows: dates, one plan, unique keys, references, order."""
    errors = parsed.errors
    for name in list(parsed.rows):
        parsed.rows[name] = [row for row in parsed.rows[name] if row is not None]
    for rows in parsed.rows.values():
        for row in rows:
            start, end = row.values.get("start_date"), row.values.get("end_date")
            if start and end and end < start:
                errors.append(
                    row.error(
                        "end_date",
                        _("La fecha de término es anterior a la fecha de inicio."),
                    )
                )
    plans = parsed.sheet(wb.PLAN)
    if len(plans) != 1:
        errors.append(
            CellError(
                wb.PLAN.name,
                plans[1].number if len(plans) > 1 else 2,
                None,
                _("La hoja debe tener exactamente una fila: el plan."),
            )
        )
    for sheet in wb.SHEETS[1:]:
        seen: dict = {}
        for row in parsed.sheet(sheet):
            key = tuple(wb.normalize(v) if isinstance(v, str) else v for v in row.key)
            if key in seen:
                errors.append(
                    row.error(
                        sheet.key[-1],
                        _("Repetido: ya está en la fila %(row)s.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row.number
    commitments = {row.values["number"] for row in parsed.sheet(wb.COMMITMENTS)}
    milestones = {(r.values["commitment"], r.values["order"]) for r in parsed.sheet(wb.MILESTONES)}
    for row in parsed.sheet(wb.MILESTONES):
        if row.values["commitment"] not in commitments:
            errors.append(
                row.error(
                    "commitment",
                    _("No hay compromiso %(number)s en la hoja «Compromisos».")
                    % {"number": row.values["commitment"]},
                )
            )
    for row in parsed.sheet(wb.ACTIVITIES):
        if (row.values["commitment"], row.values["milestone"]) not in milestones:
            errors.append(
                row.error(
                    "milestone",
                    _(
                        "No hay acción clave %(order)s del compromiso %(number)s en la hoja "
                        "«Acciones clave»."
                    )
                    % {"order": row.values["milestone"], "number": row.values["commitment"]},
                )
            )
    _check_order(parsed.sheet(wb.MILESTONES), ("commitment",), errors)
    _check_order(parsed.sheet(wb.ACTIVITIES), ("commitment", "milestone"), errors)


def _check_order(rows: list[Row], parent: tuple[str, ...], errors: list[CellError]) -> None:
    """Orders within one parent are 1..n without gaps (the order is the key)."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(row.values[name] for name in parent), []).append(row)
    for group in groups.values():
        orders = {row.values["order"] for row in group}
        for row in group:
            if row.values["order"] > len(orders):
                errors.append(
                    row.error(
                        "order",
                        _("El orden debe ir de 1 a %(count)s sin huecos; aquí vale %(order)s.")
                        % {"count": len(orders), "order": row.values["order"]},
                    )
                )
