"""The whole plan from a spreadsheet: template, import (preview, errors, idempotence,
deletions), export and the round trip, through the management commands."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from wagtail.models import Page, Revision

from intercambio import workbook as wb
from intercambio.plan_export import export_plan, template_bytes
from planes.choices import ActivityStatus
from planes.models import (
    ActionPlanPage,
    Activity,
    CommitmentPage,
    Institution,
    MilestonePage,
    Organization,
)
from tests.helpers import board_language

TEMPLATE = Path(__file__).resolve().parents[1] / "intercambio" / "plantilla_plan.xlsx"


def headers(sheet):
    return [c.header for c in sheet.columns]


def data_sheets(data: bytes) -> dict[str, list[tuple]]:
    """A workbook's cell values but the instructions sheet's."""
    names = {sheet.name for sheet in wb.SHEETS}
    return {name: rows for name, rows in wb.cell_values(data).items() if name in names}


def small_plan(**overrides) -> dict[str, list[list]]:
    """A valid file's rows: one plan, two commitments, three milestones, activities."""
    rows = {
        "Plan": [
            [
                7,
                "Séptimo Plan",
                "México",
                "Gobierno",
                "Implementación",
                "2024-01-01",
                "2025-12-31",
                "Un resumen.",
                None,
            ]
        ],
        "Instituciones": [
            # A label the sector had before (older exports still import).
            ["Secretaría de Prueba", "SEPRU", "Administración Pública Federal", None]
        ],
        "Organizaciones": [["Colectivo Abierto", "CoA", None, None]],
    }
    commitment = {c.field: None for c in wb.COMMITMENTS.columns}
    c1 = dict(
        commitment,
        number=1,
        title="Datos abiertos",
        ogp_id="MX0101",
        value_access_to_information="sí",
        tags="datos; salud",
        lead_institutions="sepru",
        organizations="Colectivo Abierto",
        start_date="2024-01-01",
        end_date="2025-06-30",
        problem="Línea uno\nLínea dos",
    )
    c2 = dict(commitment, number=2, title="Participación", lead_institutions="Secretaría de prueba")
    rows["Compromisos"] = [[c[f.field] for f in wb.COMMITMENTS.columns] for c in (c1, c2)]
    milestone = {c.field: None for c in wb.MILESTONES.columns}
    rows["Acciones clave"] = [
        [m[f.field] for f in wb.MILESTONES.columns]
        for m in (
            dict(
                milestone,
                commitment=1,
                order=1,
                title="Publicar",
                weight=2,
                responsible_institutions="SEPRU",
                start_date="01/02/2024",
                end_date="2024-12-31",
            ),
            dict(milestone, commitment=1, order=2, title="Evaluar"),
            dict(
                milestone, commitment=2, order=1, title="Consultar", responsible_organizations="coa"
            ),
        )
    ]
    activity = {c.field: None for c in wb.ACTIVITIES.columns}
    rows["Actividades"] = [
        [a[f.field] for f in wb.ACTIVITIES.columns]
        for a in (
            dict(activity, commitment=1, milestone=1, order=1, title="Reunir datos"),
            dict(activity, commitment=1, milestone=1, order=2, title="Publicar datos"),
            dict(activity, commitment=2, milestone=1, order=1, title="Convocar"),
        )
    ]
    rows.update(overrides)
    return rows


def xlsx(rows: dict[str, list[list]], *, drop_sheets=(), header_overrides=None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in wb.SHEETS:
        if sheet.name in drop_sheets:
            continue
        ws = book.create_sheet(sheet.name)
        ws.append((header_overrides or {}).get(sheet.name, headers(sheet)))
        for row in rows.get(sheet.name, []):
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path, data: bytes, name="plan.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def footprint():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Institution.objects.count(),
        Organization.objects.count(),
        Activity.objects.count(),
    )


def test_the_template_in_the_repository_is_what_the_code_writes():
    assert wb.cell_values(TEMPLATE.read_bytes()) == wb.cell_values(template_bytes())
    book = load_workbook(TEMPLATE)
    assert book.sheetnames == [wb.INSTRUCTIONS, *(s.name for s in wb.SHEETS)]
    assert [c.value for c in book["Compromisos"][1]] == headers(wb.COMMITMENTS)


def test_import_creates_the_plan_published_with_revisions_and_the_new_directory(
    home, admin_user, tmp_path
):
    path = write(tmp_path, xlsx(small_plan()))
    out, _err = run_import(path, "--user", "admin")
    assert "Se crea: Institución «Secretaría de Prueba»" in out
    assert "Se crean 11," in out  # 2 entries, the plan, 2 commitments, 3 milestones, 3 activities
    plan = ActionPlanPage.objects.get(number=7)
    assert plan.live and plan.get_parent().pk == home.pk
    first = CommitmentPage.objects.child_of(plan).get(number=1)
    assert first.live and first.revisions.count() == 1
    assert first.latest_revision.user == admin_user
    assert [i.acronym for i in first.lead_institutions.all()] == ["SEPRU"]
    assert [o.name for o in first.organizations.all()] == ["Colectivo Abierto"]
    assert sorted(t.name for t in first.tags.all()) == ["datos", "salud"]
    assert first.problem == "<p>Línea uno</p><p>Línea dos</p>"
    assert first.value_access_to_information and not first.value_civic_participation
    milestones = list(MilestonePage.objects.child_of(first).order_by("path"))
    assert [m.title for m in milestones] == ["Publicar", "Evaluar"]
    assert str(milestones[0].start_date) == "2024-02-01"
    assert milestones[0].weight == 2 and milestones[1].weight == 1
    assert [a.title for a in milestones[0].activities.all()] == ["Reunir datos", "Publicar datos"]
    assert {a.status for a in Activity.objects.all()} == {ActivityStatus.NOT_STARTED}
    assert Organization.objects.get(acronym="CoA").commitments.count() == 1


def test_importing_the_same_file_again_changes_nothing(home, admin_user, tmp_path):
    path = write(tmp_path, xlsx(small_plan()))
    run_import(path)
    before = footprint()
    out, _err = run_import(path)
    assert "Se crean 0, se actualizan 0, sin cambios 11, se borran 0." in out
    assert footprint() == before


def test_a_changed_file_updates_by_number_and_order_and_keeps_the_evidence(
    home, admin_user, tmp_path
):
    run_import(write(tmp_path, xlsx(small_plan())))
    milestone = MilestonePage.objects.get(title="Publicar")
    page = milestone.get_latest_revision_as_object()
    activities = list(page.activities.all())
    first = activities[0]
    first.status = ActivityStatus.COMPLETED
    first.evidence = [
        (
            "evidence",
            {
                "title": "Acta",
                "date": "2024-03-01",
                "kind": "deliverable",
                "document": None,
                "url": "https://example.org/acta",
            },
        )
    ]
    page.activities = activities
    page.save_revision(user=admin_user).publish(user=admin_user)
    rows = small_plan()
    rows["Actividades"][0][headers(wb.ACTIVITIES).index("Título")] = "Reunir los datos"
    rows["Acciones clave"][1][headers(wb.MILESTONES).index("Título")] = "Evaluar resultados"
    # Commitment 2 omitted (with its milestone and activity): kept.
    rows["Compromisos"] = rows["Compromisos"][:1]
    rows["Acciones clave"] = rows["Acciones clave"][:2]
    rows["Actividades"] = rows["Actividades"][:2]
    revisions = Revision.objects.count()
    out, _err = run_import(write(tmp_path, xlsx(rows), "v2.xlsx"))
    assert "Se actualiza: Actividad 1.1.1 «Reunir los datos» (Título)" in out
    assert "Se actualiza: Acción clave 1.2 «Evaluar resultados» (Título)" in out
    assert Revision.objects.count() == revisions + 2  # the two milestones, nothing else
    activity = MilestonePage.objects.get(pk=milestone.pk).activities.all()[0]
    assert activity.title == "Reunir los datos"
    assert activity.status == ActivityStatus.COMPLETED and len(activity.evidence) == 1
    assert CommitmentPage.objects.filter(number=2).exists()


def test_delete_missing_deletes_only_what_the_file_omits(home, admin_user, tmp_path):
    run_import(write(tmp_path, xlsx(small_plan())))
    rows = small_plan()
    rows["Compromisos"] = rows["Compromisos"][:1]
    rows["Acciones clave"] = rows["Acciones clave"][:1]
    rows["Actividades"] = rows["Actividades"][:1]
    path = write(tmp_path, xlsx(rows), "v2.xlsx")
    out, _err = run_import(path, "--dry-run", "--delete-missing")
    assert "se borran 3" in out  # activity 1.1.2, milestone 1.2, commitment 2
    assert CommitmentPage.objects.count() == 2
    out, _err = run_import(path, "--delete-missing")
    assert list(CommitmentPage.objects.values_list("number", flat=True)) == [1]
    assert list(MilestonePage.objects.values_list("title", flat=True)) == ["Publicar"]
    assert [a.title for a in MilestonePage.objects.get().activities.all()] == ["Reunir datos"]


def test_dry_run_writes_nothing(home, tmp_path):
    before = footprint()
    out, _err = run_import(write(tmp_path, xlsx(small_plan())), "--dry-run")
    assert "Se crea: Plan 7 «Séptimo Plan»" in out and "no se escribió nada" in out
    assert footprint() == before


def test_an_editor_who_cannot_publish_is_refused(home, groups, tmp_path):
    from django.contrib.auth import get_user_model

    from planes.permissions import GOVERNMENT_EDITORS

    editor = get_user_model().objects.create_user("editora", password="x")
    editor.groups.add(groups[GOVERNMENT_EDITORS])
    before = footprint()
    with pytest.raises(CommandError, match="Sólo la administración"):
        run_import(write(tmp_path, xlsx(small_plan())), "--user", "editora")
    assert footprint() == before


def cell_of(sheet, header, row=0):
    return headers(sheet).index(header), row


def bad(rows=None, **kwargs) -> bytes:
    return xlsx(rows or small_plan(), **kwargs)


def with_cell(sheet, header, value, row=0):
    rows = small_plan()
    rows[sheet.name][row][headers(sheet).index(header)] = value
    return xlsx(rows)


def many_activities():
    rows = small_plan()
    base = rows["Actividades"][0]
    position = headers(wb.ACTIVITIES).index("Orden")
    rows["Actividades"] = [[*base[:position], n, *base[position + 1 :]] for n in range(1, 10_001)]
    return xlsx(rows)


def with_extra_sheet():
    book = load_workbook(io.BytesIO(xlsx(small_plan())))
    book.create_sheet("Hoja1").append(["notas"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_formula():
    rows = small_plan()
    rows["Acciones clave"][0][headers(wb.MILESTONES).index("Ponderación")] = "=1+1"
    return xlsx(rows)


BAD_FILES = {
    "not xlsx": (lambda: b"nombre,fecha\nplan,2024", [None, None, None, "no es un libro de Excel"]),
    "a csv renamed": (lambda: "á,é".encode("latin-1"), [None, None, None, "no es un libro"]),
    "wrong sheet": (
        lambda: bad(drop_sheets=("Compromisos",)),
        ["Compromisos", None, None, "Falta esta hoja"],
    ),
    "unexpected sheet": (with_extra_sheet, ["Hoja1", None, None, "no es de la plantilla"]),
    "two plan rows": (
        lambda: bad(small_plan(Plan=small_plan()["Plan"] * 2)),
        ["Plan", 3, None, "exactamente una fila"],
    ),
    "missing column": (
        lambda: bad(header_overrides={"Acciones clave": headers(wb.MILESTONES)[:-1]}),
        ["Acciones clave", 1, "«Organizaciones responsables»", "Falta esta columna"],
    ),
    "unknown institution": (
        lambda: with_cell(wb.COMMITMENTS, "Instituciones responsables", "SEPRU; Nadie"),
        ["Compromisos", 2, "M («Instituciones responsables»)", "«Nadie» no está en el directorio"],
    ),
    "date that does not parse": (
        lambda: with_cell(wb.MILESTONES, "Fecha de inicio", "31 de febrero"),
        ["Acciones clave", 2, "E («Fecha de inicio»)", "no es una fecha"],
    ),
    "end before start": (
        lambda: with_cell(wb.COMMITMENTS, "Fecha de término", "2023-01-01"),
        ["Compromisos", 2, "F («Fecha de término»)", "anterior a la fecha de inicio"],
    ),
    "weight out of range": (
        lambda: with_cell(wb.MILESTONES, "Ponderación", -3),
        ["Acciones clave", 2, "G («Ponderación»)", "entre 0 y 9999.99"],
    ),
    "weight too large": (
        lambda: with_cell(wb.MILESTONES, "Ponderación", 10_000),
        ["Acciones clave", 2, "G («Ponderación»)", "entre 0 y 9999.99"],
    ),
    "duplicate commitment number": (
        lambda: with_cell(wb.COMMITMENTS, "Número", 1, row=1),
        ["Compromisos", 3, "A («Número»)", "Repetido: ya está en la fila 2"],
    ),
    "duplicate milestone order": (
        lambda: with_cell(wb.MILESTONES, "Orden", 1, row=1),
        ["Acciones clave", 3, "B («Orden»)", "Repetido"],
    ),
    "formula": (with_formula, ["Acciones clave", 2, "G («Ponderación»)", "fórmula"]),
    "10,000 rows": (many_activities, ["Actividades", None, None, "más de 2000 filas"]),
    "bad OGP id": (
        lambda: with_cell(wb.COMMITMENTS, "Identificador OGP", "mx-1"),
        ["Compromisos", 2, "B («Identificador OGP»)", "formato de OGP"],
    ),
    "unknown choice": (
        lambda: with_cell(wb.PLAN, "Etapa", "Eterna"),
        ["Plan", 2, "E («Etapa»)", "no es una opción válida"],
    ),
    "milestone of no commitment": (
        lambda: with_cell(wb.MILESTONES, "Compromiso", 9),
        ["Acciones clave", 2, "A («Compromiso»)", "No hay compromiso 9"],
    ),
    "order with a gap": (
        lambda: with_cell(wb.ACTIVITIES, "Orden", 5, row=1),
        ["Actividades", 3, "C («Orden»)", "sin huecos"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_whole_with_spanish_errors_naming_the_cell(
    case, home, admin_user, tmp_path
):
    make, (sheet, row, column, words) = BAD_FILES[case]
    before = footprint()
    with pytest.raises(CommandError, match="no se importó nada"):
        run_import(write(tmp_path, make()), "--user", "admin")
    assert footprint() == before
    from intercambio.plan_import import preview_plan

    errors = preview_plan(make()).report.errors
    assert any(
        (e.sheet, e.row if row else None, e.column if column else None) == (sheet, row, column)
        and words in e.message
        for e in errors
    ), [str(e) for e in errors]
    text = str(next(e for e in errors if words in e.message))
    if sheet:
        assert text.startswith(f"Hoja «{sheet}»")
    if row:
        assert f"fila {row}" in text
    if column:
        assert f"columna {column}" in text


def test_an_error_in_a_valid_looking_file_rolls_everything_back(home, tmp_path):
    """A plan whose commitment 2 fails the page's own validation: nothing is written."""
    rows = small_plan()
    rows["Compromisos"][1][headers(wb.COMMITMENTS).index("ODS relacionados")] = "5, 30"
    before = footprint()
    with pytest.raises(CommandError):
        run_import(write(tmp_path, xlsx(rows)))
    assert footprint() == before


def test_export_import_into_a_blank_board_export_again_gives_the_same_workbook(demo, tmp_path):
    plan = ActionPlanPage.objects.get()
    first = tmp_path / "primera.xlsx"
    call_command("export_plan", plan.pk, str(first), stdout=io.StringIO())
    exported = wb.cell_values(first.read_bytes())
    assert len(exported["Compromisos"]) == 14 and len(exported["Acciones clave"]) > 40
    # A blank board: the plan's pages and the directory gone.
    plan.delete()
    Institution.objects.all().delete()
    Organization.objects.all().delete()
    out, _err = run_import(str(first), "--user", "admin")
    assert "se actualizan 0" in out
    again = ActionPlanPage.objects.get()
    assert again.live and again.commitments_total == 13
    assert wb.cell_values(export_plan(again)) == exported
    # And importing it once more changes nothing.
    before = footprint()
    out, _err = run_import(str(first))
    assert "Se crean 0, se actualizan 0" in out
    assert footprint() == before


#: One file's choice cells spelled three ways: (status, sector, kind, specificity, impact).
SPELLINGS = {
    "spanish": (
        "IMPLEMENTACION",
        "administración pública federal",
        "Organización de la sociedad civil",
        "alta",
        "Transformador",
    ),
    "english": (
        "Implementation",
        "FEDERAL PUBLIC ADMINISTRATION",
        "civil society organization",
        "High",
        "transformative",
    ),
    "key": ("implementation", "federal", "cso", "high", "transformative"),
}


def spelled(spelling: str) -> dict[str, list[list]]:
    status, sector, kind, specificity, impact = SPELLINGS[spelling]
    rows = small_plan()
    rows["Plan"][0][headers(wb.PLAN).index("Etapa")] = status
    rows["Instituciones"][0][headers(wb.INSTITUTIONS_SHEET).index("Sector")] = sector
    rows["Organizaciones"][0][headers(wb.ORGANIZATIONS_SHEET).index("Tipo")] = kind
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("MRI: especificidad")] = specificity
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("MRI: impacto potencial")] = impact
    return rows


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_choice_is_read_by_its_key_or_its_spanish_or_english_label_in_any_language(
    home, tmp_path, language, spelling
):
    """Issue #18: an English board read the template's Spanish choices as errors."""
    path = write(tmp_path, xlsx(spelled(spelling)))
    with board_language(language):
        run_import(path)
        plan = ActionPlanPage.objects.get(number=7)
        assert plan.status == "implementation"
        assert Institution.objects.get(acronym="SEPRU").sector == "federal"
        assert Organization.objects.get(acronym="CoA").kind == "cso"
        first = CommitmentPage.objects.get(number=1)
        assert (first.irm_specificity, first.irm_potential_impact) == ("high", "transformative")
        before = footprint()
        run_import(path)
        assert footprint() == before


def test_a_choice_that_is_no_label_is_refused_naming_the_labels(home, tmp_path):
    rows = small_plan()
    rows["Plan"][0][headers(wb.PLAN).index("Etapa")] = "En curso"
    with board_language("en"), pytest.raises(CommandError) as error:
        run_import(write(tmp_path, xlsx(rows)))
    assert "“En curso” is not a valid option" in str(error.value)
    assert str(error.value).startswith("The file has 1 error(s); nothing was imported.")
    assert "«Implementation»" in str(error.value)


@pytest.mark.parametrize(("exported_in", "imported_in"), [("es", "en"), ("en", "es")])
def test_an_export_from_a_board_in_one_language_imports_into_a_board_in_the_other(
    home, tmp_path, exported_in, imported_in
):
    rows = spelled("key")
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("MRI: nivel de cumplimiento")] = (
        "Substantial"
    )
    with board_language(exported_in):
        run_import(write(tmp_path, xlsx(rows), "origen.xlsx"))
        plan = ActionPlanPage.objects.get(number=7)
        exported = tmp_path / "exportado.xlsx"
        call_command("export_plan", plan.pk, str(exported), stdout=io.StringIO())
    first = data_sheets(exported.read_bytes())
    # The file is the template's: Spanish labels, whatever the interface's language.
    assert first["Plan"][1][headers(wb.PLAN).index("Etapa")] == "Implementación"
    plan.delete()
    Institution.objects.all().delete()
    Organization.objects.all().delete()
    with board_language(imported_in):
        run_import(str(exported))
        again = ActionPlanPage.objects.get(number=7)
        commitment = CommitmentPage.objects.child_of(again).get(number=1)
        assert commitment.irm_completion == "substantial"
        assert Institution.objects.get(acronym="SEPRU").sector == "federal"
        # The same data (the instructions are in each board's language).
        assert data_sheets(export_plan(again)) == first
        before = footprint()
        run_import(str(exported))
        assert footprint() == before


def test_topics_in_any_order_and_rich_text_the_editor_rewrote_are_no_change(
    home, admin_user, tmp_path
):
    """Issue #18: the same file imported again recorded topic changes and new revisions."""
    rows = small_plan()
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("Temas")] = "salud; Datos;datos"
    rows["Acciones clave"][0][headers(wb.MILESTONES).index("Descripción")] = (
        "Primer párrafo\nSegundo & último"
    )
    path = write(tmp_path, xlsx(rows))
    run_import(path)
    # The admin's rich-text editor stores its own markup (block keys, entities).
    commitment = CommitmentPage.objects.get(number=1).get_latest_revision_as_object()
    commitment.problem = (
        '<p data-block-key="a1b2c">Línea uno</p>\n<p data-block-key="d3e4f">Línea dos</p>'
    )
    commitment.save_revision(user=admin_user).publish(user=admin_user)
    milestone = MilestonePage.objects.get(title="Publicar").get_latest_revision_as_object()
    milestone.description = (
        '<p data-block-key="x9y8z">Primer párrafo</p>'
        '<p data-block-key="q1w2e">Segundo &amp; último</p>'
    )
    milestone.save_revision(user=admin_user).publish(user=admin_user)
    before = footprint()
    out, _err = run_import(path)
    assert "Se crean 0, se actualizan 0, sin cambios 11, se borran 0." in out
    assert footprint() == before
    # A real change to the text still counts.
    rows["Acciones clave"][0][headers(wb.MILESTONES).index("Descripción")] = "Otro texto"
    out, _err = run_import(write(tmp_path, xlsx(rows), "v2.xlsx"), "--dry-run")
    assert "Se actualiza: Acción clave 1.1 «Publicar» (Descripción)" in out


def test_export_plan_finds_the_plan_by_id_number_or_slug(home, tmp_path):
    run_import(write(tmp_path, xlsx(small_plan())))
    plan = ActionPlanPage.objects.get(number=7)
    expected = wb.cell_values(export_plan(plan))
    for reference in (str(plan.pk), "7", plan.slug, plan.slug.upper()):
        target = tmp_path / f"{reference}.xlsx"
        out = io.StringIO()
        call_command("export_plan", reference, str(target), stdout=out)
        assert f"(id {plan.pk}, número 7)" in out.getvalue()
        assert wb.cell_values(target.read_bytes()) == expected
    with pytest.raises(CommandError, match="No hay un plan de acción con id, número o slug «99»"):
        call_command("export_plan", "99", str(tmp_path / "x.xlsx"), stdout=io.StringIO())
    with board_language("en"), pytest.raises(CommandError, match="no-such-plan"):
        call_command("export_plan", "no-such-plan", str(tmp_path / "x.xlsx"))


def test_the_template_gives_neutral_examples():
    """Issue #18: the help named one country's plan (its fourth plan, its OGP ids)."""
    help_texts = " ".join(row[3] for row in wb.instruction_rows())
    assert "AB0012" in help_texts
    assert not re.search(r"\bMX\d|Cuarto Plan", help_texts)
