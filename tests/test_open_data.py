"""Open data: per-plan CSV/XLSX/JSON, the whole-site JSON, feeds and the open-data page."""

import csv
import io
import json
import re
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.utils.http import http_date, parse_http_date
from openpyxl import load_workbook

from demo.factories import MilestonePageFactory, activity, evidence
from demo.loader import DATA_FILE
from opendata.tables import COLUMNS
from planes.choices import ActivityStatus
from planes.models import ActionPlanPage, MilestonePage
from tests.helpers import count_queries, publish
from tests.public_data import grow

pytestmark = pytest.mark.django_db


def url(plan, table, fmt):
    return f"/datos/planes/{plan.pk}/{table}.{fmt}"


def read_csv(response) -> list[dict]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_json(response) -> list[dict]:
    return response.json()["rows"]


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}
SLUGS = {"commitments": "compromisos", "milestones": "acciones-clave", "evidence": "evidencias"}


def api_items(client, params):
    return client.get("/api/v2/pages/", {**params, "limit": 100}).json()["items"]


def published_milestones(client, plan):
    return {
        item["id"]: item
        for item in api_items(
            client,
            {
                "type": "planes.MilestonePage",
                "descendant_of": plan.pk,
                "fields": "progress,completion_level,delayed,evidence",
            },
        )
    }


def assert_round_trip(client, plan):
    """The three formats hold exactly the published milestones, with the API's figures."""
    api = published_milestones(client, plan)
    commitments = {
        item["id"]: item
        for item in api_items(
            client,
            {"type": "planes.CommitmentPage", "child_of": plan.pk, "fields": "progress"},
        )
    }
    for fmt, read in READERS.items():
        response = client.get(url(plan, "acciones-clave", fmt))
        assert response.status_code == 200, fmt
        rows = read(response)
        assert sorted(int(r["milestone_id"]) for r in rows) == sorted(api), fmt
        for row in rows:
            item = api[int(row["milestone_id"])]
            assert float(row["progress"]) == item["progress"], fmt
            assert row["completion_level"] == item["completion_level"], fmt
            assert str(row["delayed"]).lower() == str(item["delayed"]).lower(), fmt
            assert int(row["evidence_count"]) == len(item["evidence"]), fmt
        rows = read(client.get(url(plan, "compromisos", fmt)))
        assert {int(r["commitment_id"]): float(r["progress"]) for r in rows} == {
            pk: item["progress"] for pk, item in commitments.items()
        }, fmt
        rows = read(client.get(url(plan, "evidencias", fmt)))
        assert sorted(r["url"] for r in rows) == sorted(
            e["url"] for item in api.values() for e in item["evidence"]
        ), fmt


def test_round_trip_with_the_api(client, public_plan):
    assert_round_trip(client, public_plan.plan)


@pytest.mark.skipif(not DATA_FILE.exists(), reason="demo data file not merged yet")
def test_round_trip_with_the_demo_plan(client, demo):
    plan = ActionPlanPage.objects.get()
    assert_round_trip(client, plan)
    assert len(published_milestones(client, plan)) == MilestonePage.objects.live().count()


@pytest.mark.parametrize("table", ["commitments", "milestones", "evidence"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_columns_are_the_documented_ones(client, public_plan, table, fmt):
    response = client.get(url(public_plan.plan, SLUGS[table], fmt))
    assert response.status_code == 200
    rows = READERS[fmt](response)
    assert rows, (table, fmt)
    assert list(rows[0]) == [c.name for c in COLUMNS[table]]
    if fmt != "json":
        assert "attachment" in response["Content-Disposition"]


def test_csv_is_utf8_with_bom_and_keeps_accents(client, public_plan):
    response = client.get(url(public_plan.plan, "compromisos", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    first = next(r for r in rows if r["number"] == "1")
    assert first["lead_institutions"] == "Secretaría de la Función Pública"
    assert first["tags"] == "anticorrupción"
    assert first["delayed"] == "true"
    assert first["ogp_values"] == "access_to_information"


def test_xlsx_types(client, public_plan):
    rows = read_xlsx(client.get(url(public_plan.plan, "acciones-clave", "xlsx")))
    late = next(r for r in rows if r["title"] == "Mesa de diálogo")
    assert late["delayed"] is True and late["progress"] == 0
    assert late["end_date"].year == 2020


def test_drafts_never_in_exports(client, public_plan):
    for table in SLUGS.values():
        for fmt in ("csv", "json"):
            content = client.get(url(public_plan.plan, table, fmt)).content.decode("utf-8-sig")
            for secret in ("Borrador secreto", "Acción en borrador", "Título en revisión"):
                assert secret not in content, (table, fmt, secret)
            assert public_plan.draft_doc.url not in content
    rows = read_json(client.get(url(public_plan.plan, "acciones-clave", "json")))
    late = next(r for r in rows if r["milestone_id"] == public_plan.late.pk)
    assert late["progress"] == 0.0  # the pending revision's 100 % is not published


def test_json_envelope_and_site_export(client, public_plan, settings):
    settings.OPEN_DATA_LICENSE = "CC0-1.0"
    body = client.get(url(public_plan.plan, "compromisos", "json")).json()
    assert body["license"] == "CC0-1.0" and body["generated_at"]
    assert body["plan"]["plan_id"] == public_plan.plan.pk and body["table"] == "commitments"
    site = client.get("/datos/tablero.json")
    assert site.status_code == 200
    export = site.json()
    assert export["license"] == "CC0-1.0" and export["license_url"]
    assert export["generated_at"]
    (plan,) = export["plans"]
    assert plan["plan_id"] == public_plan.plan.pk and plan["progress"] == public_plan.plan.progress
    assert [c["title"] for c in plan["commitments"]] == ["Gasto abierto", "Fideicomisos"]
    assert len(plan["milestones"]) == 3 and len(plan["evidence"]) == 2
    assert list(plan["milestones"][0]) == [c.name for c in COLUMNS["milestones"]]


def test_default_licence_is_cc_by(client, public_plan):
    assert client.get("/datos/tablero.json").json()["license"] == "CC-BY-4.0"


def test_exports_revalidate_with_etag(client, public_plan):
    for path in (url(public_plan.plan, "compromisos", fmt) for fmt in ("csv", "xlsx", "json")):
        response = client.get(path)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "max-age=300" in response["Cache-Control"]
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    response = client.get("/datos/tablero.json")
    assert client.get("/datos/tablero.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_missing_plans_tables_and_formats(client, public_plan):
    assert client.get(url(public_plan.plan, "nada", "csv")).status_code == 404
    assert client.get(url(public_plan.plan, "compromisos", "pdf")).status_code == 404
    assert client.get("/datos/planes/99999/compromisos.csv").status_code == 404
    public_plan.plan.unpublish()
    assert client.get(url(public_plan.plan, "compromisos", "csv")).status_code == 404
    assert client.get("/datos/tablero.json").json()["plans"] == []


def test_feeds(client, public_plan):
    for path in (
        "/datos/actualizaciones.atom",
        f"/datos/planes/{public_plan.plan.pk}/actualizaciones.atom",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        content = response.content.decode()
        ET.fromstring(response.content)  # noqa: S314 - our own feed, well-formed
        assert "Padrón al día" in content and "Padrón publicado" in content
        assert "No publicado" not in content
    rss = client.get("/datos/actualizaciones.rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Padrón al día" in rss.content.decode()
    assert client.get("/datos/planes/99999/actualizaciones.rss").status_code == 404


def test_open_data_page_and_links(client, public_plan):
    page = client.get("/datos/")
    assert page.status_code == 200
    content = page.content.decode()
    for column in COLUMNS["milestones"]:
        assert f"<code>{column.name}</code>" in content
    assert url(public_plan.plan, "acciones-clave", "xlsx") in content
    assert 'scope="col"' in content and 'scope="row"' in content
    assert "CC-BY-4.0" in content
    assert 'href="/datos/"' in client.get("/").content.decode()
    plan_page = client.get(public_plan.plan.url).content.decode()
    assert url(public_plan.plan, "compromisos", "csv") in plan_page
    assert 'href="/datos/"' in plan_page


def test_data_dictionary_names_types_in_spanish(client, public_plan):
    content = client.get("/datos/").content.decode()
    types = set(re.findall(r"</code></th><td>([^<]+)</td>", content))
    assert types == {
        "texto",
        "número entero",
        "número (con decimales)",
        "verdadero o falso (true, false)",
        "fecha (AAAA-MM-DD)",
        "fecha y hora en UTC (ISO 8601, AAAA-MM-DDTHH:MM:SS+00:00)",
    }
    assert "<code>progress</code></th><td>número (con decimales)</td>" in content
    assert "<code>delayed</code></th><td>verdadero o falso (true, false)</td>" in content


def test_export_queries_do_not_grow_with_content(client, public_plan, django_assert_num_queries):
    paths = [
        url(public_plan.plan, "compromisos", "csv"),
        url(public_plan.plan, "acciones-clave", "xlsx"),
        url(public_plan.plan, "evidencias", "json"),
        "/datos/tablero.json",
        "/datos/actualizaciones.atom",
    ]
    client.get("/")  # warm caches
    small = {path: count_queries(client, path) for path in paths}
    grow(public_plan.plan, 6)
    for path in paths:
        with django_assert_num_queries(small[path], info=path):
            assert client.get(path).status_code == 200


def test_json_is_plain_utf8(client, public_plan):
    raw = client.get(url(public_plan.plan, "compromisos", "json")).content
    assert "Función".encode() in raw
    json.loads(raw)


FORMULA_TITLE = '=HYPERLINK("http://evil.example","clic")'


@pytest.fixture
def formula_data(public_plan):
    """A published milestone whose editor-written text looks like spreadsheet formulas."""
    public_plan.formula = publish(
        MilestonePageFactory(
            parent=public_plan.first,
            title=FORMULA_TITLE,
            expected_deliverable="+1+cmd|' /C calc'!A0",
            activities=[
                activity(
                    ActivityStatus.COMPLETED,
                    title="@SUMA(1;2)",
                    evidence=[evidence(title="-2+3", url="https://example.org/minuta")],
                )
            ],
        )
    )
    return public_plan


def test_xlsx_never_holds_formulas(client, formula_data):
    for table, column, expected in (
        ("acciones-clave", "title", FORMULA_TITLE),
        ("acciones-clave", "expected_deliverable", "+1+cmd|' /C calc'!A0"),
        ("evidencias", "activity_title", "@SUMA(1;2)"),
        ("evidencias", "title", "-2+3"),
    ):
        response = client.get(url(formula_data.plan, table, "xlsx"))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[1]]
        cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
        (cell,) = [c for c in cells if c.value == expected]
        assert cell.data_type == "s", (table, column)
        assert cell.quotePrefix, (table, column)  # stays text if edited in Excel
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), table
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml, table
    # Ordinary text is text too, without the quote prefix.
    sheet = load_workbook(
        io.BytesIO(client.get(url(formula_data.plan, "compromisos", "xlsx")).content)
    ).active
    titles = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in titles] == ["Gasto abierto", "Fideicomisos"]
    assert {(c.data_type, bool(c.quotePrefix)) for c in titles} == {("s", False)}


def test_csv_guards_against_formula_injection(client, formula_data):
    rows = read_csv(client.get(url(formula_data.plan, "acciones-clave", "csv")))
    row = next(r for r in rows if r["milestone_id"] == str(formula_data.formula.pk))
    assert row["title"] == "'" + FORMULA_TITLE
    assert row["expected_deliverable"].startswith("'+1+cmd")
    assert row["progress"] == "100.0"  # numbers are never prefixed
    evidence_rows = read_csv(client.get(url(formula_data.plan, "evidencias", "csv")))
    row = next(r for r in evidence_rows if r["milestone_id"] == str(formula_data.formula.pk))
    assert (row["activity_title"], row["title"]) == ("'@SUMA(1;2)", "'-2+3")
    assert row["url"] == "https://example.org/minuta"
    # JSON is data, not a spreadsheet: the text as it was written.
    rows = read_json(client.get(url(formula_data.plan, "acciones-clave", "json")))
    assert FORMULA_TITLE in [r["title"] for r in rows]
    # The data dictionary documents the guard where it describes the CSV format.
    page = client.get("/datos/").content.decode()
    assert "inyección de fórmulas" in page and "OWASP" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_table_etag_follows_the_data(client, public_plan, monkeypatch, fmt):
    path = url(public_plan.plan, "acciones-clave", fmt)
    first = client.get(path)
    assert first["ETag"].startswith('W/"')
    # Later (the files hold the time of writing), the same data: the same ETag, and a 304.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    assert client.get(path)["ETag"] == first["ETag"]
    revalidated = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b""
    # Publishing a change gives a new ETag, so the old one no longer matches.
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    milestone.title = "Padrón publicado y validado"
    publish(milestone)
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    # The formats of one table are different resources: each its own ETag.
    etags = {client.get(url(public_plan.plan, "acciones-clave", f))["ETag"] for f in READERS}
    assert len(etags) == len(READERS)


def test_feeds_honour_if_modified_since(client, public_plan):
    for path in (
        "/datos/actualizaciones.atom",
        f"/datos/planes/{public_plan.plan.pk}/actualizaciones.rss",
    ):
        response = client.get(path)
        last_modified = response["Last-Modified"]
        stamp = parse_http_date(last_modified)
        for since, status in (
            (last_modified, 304),
            (http_date(stamp + 3600), 304),
            (http_date(stamp - 24 * 3600), 200),
        ):
            again = client.get(path, HTTP_IF_MODIFIED_SINCE=since)
            assert again.status_code == status, (path, since)
        assert again.content == response.content
    # Without Last-Modified, If-Modified-Since alone never gives a 304.
    tomorrow = http_date(time.time() + 24 * 3600)
    response = client.get("/datos/tablero.json", HTTP_IF_MODIFIED_SINCE=tomorrow)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/datos/planes/999999/compromisos.json", "application/json"),
        ("/datos/planes/{plan}/nada.json", "application/json"),
        ("/datos/nada.json", "application/json"),
        ("/datos/planes/999999/compromisos.csv", "text/plain; charset=utf-8"),
        ("/datos/planes/999999/evidencias.xlsx", "text/plain; charset=utf-8"),
        ("/datos/planes/999999/actualizaciones.atom", "text/plain; charset=utf-8"),
    ],
)
def test_missing_data_files_are_not_html(client, public_plan, path, content_type):
    response = client.get(path.format(plan=public_plan.plan.pk))
    assert response.status_code == 404
    assert response["Content-Type"] == content_type
    message = "No existe este archivo de datos abiertos o no está publicado."
    if content_type == "application/json":
        assert response.json() == {"message": message}
    else:
        assert response.content.decode() == message
    # Pages under /datos/ keep the site's HTML 404.
    assert client.get("/datos/nada/")["Content-Type"].startswith("text/html")


PUBLIC_BASE = "https://tablero.example.org"


def test_exports_and_feeds_link_the_configured_public_address(client, public_plan, settings):
    settings.WAGTAILAPI_BASE_URL = PUBLIC_BASE
    host = {"HTTP_HOST": "interno.example.net"}
    plan = public_plan.plan
    for table in ("compromisos", "acciones-clave"):
        for fmt in ("csv", "xlsx", "json"):
            rows = READERS[fmt](client.get(url(plan, table, fmt), **host))
            assert {r["url"].split("/", 3)[2] for r in rows} == {"tablero.example.org"}, fmt
    evidence_rows = read_json(client.get(url(plan, "evidencias", "json"), **host))
    assert f"{PUBLIC_BASE}{public_plan.doc.url}" in [r["url"] for r in evidence_rows]
    (exported,) = client.get("/datos/tablero.json", **host).json()["plans"]
    assert exported["url"] == f"{PUBLIC_BASE}{plan.url}"
    assert {r["url"].split("/", 3)[2] for r in exported["milestones"]} == {"tablero.example.org"}
    feed = client.get(f"/datos/planes/{plan.pk}/actualizaciones.atom", **host).content.decode()
    assert "interno.example.net" not in feed and "localhost" not in feed
    assert f'href="{PUBLIC_BASE}{plan.url}"' in feed
    assert f'href="{PUBLIC_BASE}/datos/planes/{plan.pk}/actualizaciones.atom"' in feed
    assert f"{PUBLIC_BASE}{public_plan.on_track.url}#actualizacion-" in feed
    rss = client.get("/datos/actualizaciones.rss", **host).content.decode()
    assert "interno.example.net" not in rss and f"<link>{PUBLIC_BASE}/</link>" in rss
