"""Issue #16, checked again: generated periods never overlap, the history downloads,
the API and the report agree on which pages they show, closed periods stay read-only."""

import datetime
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from planes.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def signed_in_superuser(client):
    user = get_user_model().objects.create_superuser("revisora", "r@example.org", "x")
    client.force_login(user)
    return client


def _overlaps(periods):
    ordered = sorted(periods, key=lambda p: p.start_date)
    return [(a.name, b.name) for a, b in itertools.pairwise(ordered) if b.start_date <= a.end_date]


def test_generating_never_overlaps_existing_periods(admin_client, public_plan):
    plan = public_plan.plan
    plan.start_date, plan.end_date = datetime.date(2019, 9, 1), datetime.date(2021, 8, 31)
    plan.save()
    # Four semesters, the first closed; then quarters are asked for over the same dates.
    semesters = admin_client.post(
        reverse("periodos:generate"), {"plan": plan.pk, "months": 6, "report_days": 30}
    )
    assert semesters.status_code == 302
    first = ReportingPeriod.objects.filter(plan=plan).order_by("start_date").first()
    call_command("close_period", first.pk, stdout=io.StringIO())
    # One semester is deleted, leaving a gap that quarters may fill.
    ReportingPeriod.objects.get(plan=plan, name="Periodo 3").delete()
    response = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 3, "report_days": 30},
        follow=True,
    )
    page = response.content.decode()
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert _overlaps(periods) == []
    new = sorted(
        (p.start_date, p.end_date, p.name)
        for p in periods
        if p.name not in {"Periodo 1", "Periodo 2", "Periodo 4"}
    )
    # The gap (2020-09-01 – 2021-02-28) is filled with its two quarters, nothing else.
    assert [(s, e) for s, e, _n in new] == [
        (datetime.date(2020, 9, 1), datetime.date(2020, 11, 30)),
        (datetime.date(2020, 12, 1), datetime.date(2021, 2, 28)),
    ]
    assert {n for _s, _e, n in new} == {"Periodo 3", "Periodo 5"}
    assert "Se crearon 2 periodos." in page
    assert "«Periodo 1 (01/09/2019–29/02/2020)»" in page
    # Generating again: everything is covered, nothing is created, the message says so.
    again = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 3, "report_days": 30},
        follow=True,
    ).content.decode()
    assert "No se creó ningún periodo" in again
    assert ReportingPeriod.objects.filter(plan=plan).count() == len(periods)


def test_one_generated_period_is_said_in_the_singular(admin_client, public_plan):
    plan = public_plan.plan
    plan.start_date, plan.end_date = datetime.date(2020, 1, 1), datetime.date(2020, 6, 30)
    plan.save()
    page = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 6, "report_days": 30},
        follow=True,
    ).content.decode()
    assert "Se creó 1 periodo." in page


def test_quarters_over_the_demos_semesters_create_no_overlap(demo, client):
    from planes.models import ActionPlanPage

    admin_client = signed_in_superuser(client)

    plan = ActionPlanPage.objects.get()
    before = ReportingPeriod.objects.filter(plan=plan).count()
    admin_client.post(
        reverse("periodos:generate"), {"plan": plan.pk, "months": 3, "report_days": 30}
    )
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert _overlaps(periods) == []
    assert len(periods) == before  # the semesters already cover the plan's dates
    open_ones = [p for p in periods if not p.is_closed]
    assert len({(p.start_date, p.end_date) for p in open_ones}) == len(open_ones)


def _closed(plan, name="Semestre 1", start=(2019, 9, 1), end=(2020, 2, 29)):
    period = ReportingPeriod.objects.create(
        plan=plan, name=name, start_date=datetime.date(*start), end_date=datetime.date(*end)
    )
    call_command("close_period", period.pk, stdout=io.StringIO())
    return ReportingPeriod.objects.get(pk=period.pk)


def test_an_unpublished_page_leaves_every_history_after_the_close(client, public_plan):
    import csv

    from openpyxl import load_workbook

    from planes.models import MilestonePage

    plan = public_plan.plan
    period = _closed(plan)
    gone = public_plan.on_track.pk
    kept = public_plan.late.pk

    def everywhere():
        """The page ids each public door shows for the closed period."""
        shown = {}
        for base in (f"/datos/planes/{plan.pk}/historia", "/datos/historia"):
            response = client.get(f"{base}.csv")
            assert response.status_code == 200
            rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
            shown[f"{base}.csv"] = {int(r["page_id"]) for r in rows}
            data = client.get(f"{base}.json").json()
            shown[f"{base}.json"] = {r["page_id"] for r in data["rows"]}
            book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content))
            sheet = book.worksheets[0]
            header = [c.value for c in next(sheet.iter_rows(max_row=1))]
            column = header.index("page_id")
            shown[f"{base}.xlsx"] = {
                row[column] for row in sheet.iter_rows(min_row=2, values_only=True)
            }
        api = client.get(f"/api/v2/periods/{period.pk}/").json()
        shown["api"] = {s["page_id"] for s in api["snapshots"]}
        return shown

    before = everywhere()
    assert all(gone in ids and kept in ids for ids in before.values()), before
    report = client.get(f"/informes/{plan.pk}/", {"periodo": period.pk}).content.decode()
    assert public_plan.on_track.title in report

    MilestonePage.objects.get(pk=gone).unpublish()
    after = everywhere()
    assert all(gone not in ids and kept in ids for ids in after.values()), after
    report = client.get(f"/informes/{plan.pk}/", {"periodo": period.pk}).content.decode()
    assert public_plan.on_track.title not in report
    assert public_plan.late.title in report


def _add_evidence(milestone_pk, title, day, document=None):
    from planes.models import MilestonePage
    from tests.helpers import publish

    milestone = MilestonePage.objects.get(pk=milestone_pk)
    activity = milestone.activities.first()
    activity.evidence.append(
        (
            "evidence",
            {
                "title": title,
                "date": day,
                "kind": "deliverable",
                "document": document,
                "url": "" if document else "https://example.org/" + title.replace(" ", "-"),
            },
        )
    )
    activity.save()
    return publish(milestone)


def _pdf(client, plan, **query):
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        pytest.skip(f"WeasyPrint sin sus bibliotecas del sistema: {error}")
    pypdf = pytest.importorskip("pypdf")
    response = client.get(reverse("planes:self_assessment_pdf", args=[plan.pk]), query)
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    links = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    }
    return text, links


def test_the_reports_evidence_links_are_absolute_and_real_links_in_the_pdf(
    client, public_plan, settings
):
    settings.WAGTAILAPI_BASE_URL = "https://tablero.example.org"
    plan = public_plan.plan
    _add_evidence(
        public_plan.on_track.pk,
        "Minuta firmada",
        datetime.date(2020, 1, 10),
        document=public_plan.doc,
    )
    absolute = "https://tablero.example.org" + public_plan.doc.url
    html = client.get(f"/informes/{plan.pk}/").content.decode()
    assert f'href="{absolute}"' in html
    assert f'href="{public_plan.doc.url}"' not in html
    _text, links = _pdf(client, plan)
    assert absolute in links
    assert "https://example.org/Minuta-firmada" not in links  # a document: its own address


def test_a_closed_periods_report_marks_evidence_reported_after_the_close(client, public_plan):
    plan = public_plan.plan
    _add_evidence(public_plan.on_track.pk, "Acta a tiempo", datetime.date(2020, 1, 10))
    period = _closed(plan)
    _add_evidence(public_plan.on_track.pk, "Acta tardia", datetime.date(2020, 1, 15))
    html = client.get(f"/informes/{plan.pk}/", {"periodo": period.pk}).content.decode()

    def row(title):
        start = html.index(title)
        return html[start : html.index("</tr>", start)]

    assert "informado después del cierre" in row("Acta tardia")
    assert "informado después del cierre" not in row("Acta a tiempo")
    assert html.count("informado después del cierre") == 1
    text, _links = _pdf(client, plan, periodo=period.pk)
    flat = " ".join(text.split())
    assert "Acta tardia (2020-01-15, informado después del cierre" in flat
    assert "Acta a tiempo (2020-01-10, http" in flat


def test_the_irm_dataset_has_the_notes_and_a_whole_sheet_name(client, public_plan):
    import csv

    from openpyxl import load_workbook

    from planes.models import CommitmentPage
    from tests.helpers import publish

    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.irm_notes = "Notas del MRI sobre el compromiso"
    publish(commitment)
    plan = public_plan.plan
    api = client.get(f"/api/v2/pages/{commitment.pk}/").json()
    assert api["irm_notes"] == commitment.irm_notes
    rows = client.get(f"/datos/planes/{plan.pk}/mri.json").json()["rows"]
    by_id = {r["commitment_id"]: r for r in rows}
    assert by_id[commitment.pk]["irm_notes"] == api["irm_notes"]
    response = client.get(f"/datos/planes/{plan.pk}/mri.csv")
    csv_rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert {r["irm_notes"] for r in csv_rows} >= {api["irm_notes"]}
    book = load_workbook(io.BytesIO(client.get(f"/datos/planes/{plan.pk}/mri.xlsx").content))
    assert book.sheetnames == ["Evaluación del MRI"]
    assert "<code>irm_notes</code>" in client.get("/datos/").content.decode()


def test_closed_at_is_one_utc_moment_everywhere(client, public_plan, settings):
    import csv

    settings.TIME_ZONE = "America/Mexico_City"
    plan = public_plan.plan
    period = _closed(plan)
    expected = period.closed_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
    assert expected.endswith("+00:00")
    listing = client.get("/api/v2/periods/", {"plan": plan.pk}).json()["items"]
    detail = client.get(f"/api/v2/periods/{period.pk}/").json()
    history = client.get(f"/api/v2/pages/{public_plan.on_track.pk}/").json()["history"]
    response = client.get(f"/datos/planes/{plan.pk}/historia.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    json_rows = client.get(f"/datos/planes/{plan.pk}/historia.json").json()["rows"]
    seen = {
        listing[0]["closed_at"],
        detail["closed_at"],
        history[0]["period"]["closed_at"],
        *(r["closed_at"] for r in rows),
        *(r["closed_at"] for r in json_rows),
    }
    assert seen == {expected}
    assert {s["taken_at"] for s in detail["snapshots"]} == {expected}


def test_the_history_resource_is_keyed_typed_and_constrained(client, public_plan):
    resources = {r["name"]: r for r in client.get("/datos/datapackage.json").json()["resources"]}
    schema = resources["snapshots"]["schema"]
    assert schema["primaryKey"] == ["period_id", "page_id"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["closed_at"]["type"] == "datetime"
    assert fields["kind"]["constraints"] == {"enum": ["plan", "commitment", "milestone"]}
    assert fields["completion_level"]["constraints"]["enum"] == [
        "not_started",
        "limited",
        "substantial",
        "complete",
    ]
    irm = {f["name"]: f for f in resources["irm"]["schema"]["fields"]}
    assert "no_evidence" in irm["irm_completion"]["constraints"]["enum"]
    evidence = {f["name"]: f for f in resources["evidence"]["schema"]["fields"]}
    assert evidence["kind"]["constraints"] == {"enum": ["deliverable", "management"]}
