"""Open-data downloads: per-plan tables in CSV, XLSX and JSON, and the whole-site JSON.

Rows come from planes/opendata.py (the same values as the API). CSV is UTF-8
with a BOM so spreadsheet programs read accents correctly; XLSX is written
with openpyxl; JSON wraps the rows with the generation time and the licence.
"""

import csv
import datetime
import hashlib
import io
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from wagtail.models import Site

from .opendata import (
    COLUMNS,
    DATE,
    TABLE_LABELS,
    TABLE_SLUGS,
    Dataset,
    envelope,
    plan_row,
    site_export,
)
from .queries import live_plans

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
SLUG_TABLES = {slug: table for table, slug in TABLE_SLUGS.items()}


def plan_download_urls(plan) -> dict[str, str]:
    """``{"commitments_csv": "/datos/planes/4/compromisos.csv", ...}`` for a plan."""
    return {
        f"{table}_{fmt}": reverse(
            "planes:plan_table", kwargs={"plan_id": plan.pk, "table": slug, "fmt": fmt}
        )
        for table, slug in TABLE_SLUGS.items()
        for fmt in FORMATS
    }


def _site_root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.root_page


def _weak_etag(content) -> str:
    """A weak ETag of the content without the generation time (it changes every request)."""
    digest = hashlib.md5(  # noqa: S324 - a cache validator, not security
        json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()
    return f'W/"{digest}"'


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def csv_response(table: str, rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    names = [c.name for c in COLUMNS[table]]
    writer = csv.writer(response)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in names])
    return response


def xlsx_response(table: str, rows: list[dict], filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(TABLE_LABELS[table])[:31])
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
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def json_response(request, content: dict) -> JsonResponse:
    response = JsonResponse(envelope(request, **content), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = _weak_etag(content)
    return response


@require_safe
def plan_table(request, plan_id: int, table: str, fmt: str):
    if table not in SLUG_TABLES or fmt not in FORMATS:
        raise Http404
    table = SLUG_TABLES[table]
    plan = get_object_or_404(live_plans(_site_root(request)), pk=plan_id)
    rows = Dataset(plan, request).table(table)
    filename = f"plan-{plan.number}-{TABLE_SLUGS[table]}"
    if fmt == "csv":
        response = csv_response(table, rows, filename)
    elif fmt == "xlsx":
        response = xlsx_response(table, rows, filename)
    else:
        response = json_response(
            request,
            {
                "plan": plan_row(plan, request),
                "table": table,
                "columns": [c.name for c in COLUMNS[table]],
                "rows": rows,
            },
        )
    return response


@require_safe
def site_json(request):
    data = site_export(_site_root(request), request)
    content = {k: v for k, v in data.items() if k != "generated_at"}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = _weak_etag(content)
    return response


@require_safe
def open_data_page(request):
    plans = [
        {"plan": plan, "downloads": plan_download_urls(plan)}
        for plan in live_plans(_site_root(request))
    ]
    return render(
        request,
        "planes/open_data.html",
        {
            "plans": plans,
            "tables": [
                {"name": name, "label": TABLE_LABELS[name], "columns": COLUMNS[name]}
                for name in ("commitments", "milestones", "evidence", "plans")
            ],
            "formats": list(FORMATS),
            "license": settings.OPEN_DATA_LICENSE,
            "license_url": settings.OPEN_DATA_LICENSE_URL,
            "title": _("Datos abiertos"),
        },
    )
