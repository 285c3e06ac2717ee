"""Open-data downloads: per-plan tables in CSV, XLSX and JSON, and the whole-site JSON.

Rows come from opendata/tables.py (the same values as the API). CSV is UTF-8
with a BOM so spreadsheet programs read accents correctly; XLSX is written
with openpyxl; JSON wraps the rows with the generation time and the licence.

Spreadsheet formula injection (OWASP "CSV injection"): published text is
written by editors, and a title such as ``=HYPERLINK(...)`` must never become a
live formula. In XLSX every text is a text cell (never a formula); in CSV a
text that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
leading apostrophe, as the open-data page documents.

Every download carries a weak ETag computed from its data (for a table: the
format, the table, its columns and rows; for JSON: the content without the
generation time), not from the bytes, which hold the time of writing (XLSX's ZIP
entries and workbook dates, JSON's ``generated_at``). The same data gives the
same ETag, so a client revalidating gets a 304; changed data gives a new one.
"""

import csv
import datetime
import hashlib
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from wagtail.models import Site

from instancia.models import current
from planes import page_cache
from planes.links import (
    DOWNLOAD_FORMATS,
    SITE_TABLE_SLUGS,
    TABLE_SLUGS,
    plan_download_urls,
    site_download_url,
)
from planes.models.followup import followup_days
from planes.queries import live_plans

from .datapackage import data_package
from .tables import (
    COLUMNS,
    DATE,
    SHEET_NAMES,
    TABLE_LABELS,
    Dataset,
    envelope,
    plan_row,
    site_export,
)

#: Content type of each of the download formats (planes.links.DOWNLOAD_FORMATS).
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
SLUG_TABLES = {slug: table for table, slug in TABLE_SLUGS.items()}
SITE_SLUG_TABLES = {slug: table for table, slug in SITE_TABLE_SLUGS.items()}


def _site_root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.root_page


def _weak_etag(content) -> str:
    """A weak ETag of ``content``: the data a download holds, never its generation time
    (weak: the same data, not necessarily the same bytes)."""
    digest = hashlib.md5(  # noqa: S324 - a cache validator, not security
        json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()
    return f'W/"{digest}"'


#: First characters that make a spreadsheet program read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_formula_like(value):
        return f"'{value}"  # OWASP's guard: the cell is read as text, not as a formula
    return "" if value is None else value


def csv_response(table: str, rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    names = [c.name for c in COLUMNS[table]]
    writer = csv.writer(response)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in names])
    return response


def _text_cell(sheet, value: str):
    """A cell that is text whatever it starts with: never a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True  # and stays text if someone edits it in Excel
    return cell


def xlsx_bytes(table: str, rows: list[dict]) -> bytes:
    """The table as an XLSX file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(SHEET_NAMES.get(table, TABLE_LABELS[table]))[:31])
    columns = COLUMNS[table]
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = []
        for column in columns:
            value = row[column.name]
            if column.type == DATE and value:
                value = datetime.date.fromisoformat(value)
            elif isinstance(value, str):
                value = _text_cell(sheet, value)
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: str, rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(table, rows), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def json_response(request, content: dict) -> JsonResponse:
    response = JsonResponse(envelope(request, **content), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = _weak_etag(content)
    return response


def _table_response(request, dataset, table: str, fmt: str, filename: str, **content):
    """One table of ``dataset`` in ``fmt``; ``content`` goes into the JSON (the plan)."""
    rows = dataset.table(table)
    columns = [c.name for c in COLUMNS[table]]
    if fmt in ("csv", "xlsx"):
        write = csv_response if fmt == "csv" else xlsx_response
        response = write(table, rows, filename)
        response["ETag"] = _weak_etag(
            {"format": fmt, "table": table, "columns": columns, "rows": rows}
        )
        return response
    return json_response(request, {**content, "table": table, "columns": columns, "rows": rows})


#: Formats of a plan's tables kept per plan version (JSON holds its generation time).
CACHED_FORMATS = ("csv", "xlsx")
#: Response headers kept with a cached file.
CACHED_HEADERS = ("Content-Type", "Content-Disposition", "ETag")


@require_safe
def plan_table(request, plan_id: int, table: str, fmt: str):
    if table not in SLUG_TABLES or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    table = SLUG_TABLES[table]
    plan = get_object_or_404(live_plans(_site_root(request)), pk=plan_id)

    def generate():
        return _table_response(
            request,
            Dataset(plan, request),
            table,
            fmt,
            f"plan-{plan.number}-{TABLE_SLUGS[table]}",
            plan=plan_row(plan, request),
        )

    if fmt not in CACHED_FORMATS:
        return generate()
    # A CSV or XLSX of the plan is written once per version of the plan (any publication
    # under it, or anything shown everywhere, renews it: planes.page_cache), language and
    # day and follow-up settings (the «con retraso», «por vencer» columns), whether or not
    # the page cache is on.
    name = (
        f"export:{table}:{fmt}:{get_language()}:{timezone.localdate().isoformat()}"
        f":{followup_days()}"
    )
    stored = page_cache.per_section(plan, {name: lambda: _freeze(generate())})[name]
    response = HttpResponse(stored["content"])
    for header, value in stored["headers"].items():
        response[header] = value
    return response


def _freeze(response) -> dict:
    return {
        "content": response.content,
        "headers": {h: response[h] for h in CACHED_HEADERS if response.has_header(h)},
    }


@require_safe
def site_table(request, table: str, fmt: str):
    """One table of every published plan of the site (the data package's resources)."""
    if table not in SITE_SLUG_TABLES or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    table = SITE_SLUG_TABLES[table]
    dataset = Dataset(_site_root(request), request)
    return _table_response(request, dataset, table, fmt, f"tablero-{SITE_TABLE_SLUGS[table]}")


@require_safe
def datapackage_json(request):
    """The Frictionless Data Package that describes the site's tables (their CSV)."""
    _site_root(request)
    package = data_package(request)
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = _weak_etag(package)
    return response


@require_safe
def site_json(request):
    data = site_export(_site_root(request), request)
    content = {k: v for k, v in data.items() if k != "generated_at"}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = _weak_etag(content)
    return response


#: The tables of the data dictionary on /datos/, in its order (every one of COLUMNS).
OPEN_DATA_PAGE_TABLES = (
    "commitments",
    "milestones",
    "evidence",
    "assessments",
    "irm",
    "snapshots",
    "plans",
)


@require_safe
def open_data_page(request):
    plans = [
        {"plan": plan, "downloads": plan_download_urls(plan)}
        for plan in live_plans(_site_root(request))
    ]
    return render(
        request,
        "opendata/open_data.html",
        {
            "plans": plans,
            "tables": [
                {"name": name, "label": TABLE_LABELS[name], "columns": COLUMNS[name]}
                for name in OPEN_DATA_PAGE_TABLES
            ],
            "site_downloads": [
                {
                    "label": TABLE_LABELS[name],
                    "urls": {fmt: site_download_url(name, fmt) for fmt in DOWNLOAD_FORMATS},
                }
                for name in OPEN_DATA_PAGE_TABLES
            ],
            "formats": list(DOWNLOAD_FORMATS),
            "license": current(request).licence,
            "license_url": current(request).licence_link,
            "publisher": current(request).publisher,
            "title": _("Datos abiertos"),
        },
    )
