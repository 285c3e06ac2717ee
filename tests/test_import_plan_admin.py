"""The admin screens: upload → preview → confirm, the template and a plan's download."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page

from intercambio import workbook as wb
from planes.models import ActionPlanPage, CommitmentPage
from tests.test_import_plan import small_plan, with_cell, xlsx


def upload(client, data: bytes, **extra):
    return client.post(
        reverse("intercambio_import"),
        {"file": SimpleUploadedFile("plan.xlsx", data), **extra},
    )


def test_upload_previews_then_confirm_imports_and_links_to_the_plan(home, admin_client):
    response = upload(admin_client, xlsx(small_plan()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Se crea" in page and "Séptimo Plan" in page and "Confirmar e importar" in page
    assert not ActionPlanPage.objects.exists()  # the preview writes nothing
    response = admin_client.post(reverse("intercambio_confirm"))
    assert response.status_code == 200
    plan = ActionPlanPage.objects.get(number=7)
    assert plan.live and CommitmentPage.objects.child_of(plan).count() == 2
    assert reverse("wagtailadmin_explore", args=[plan.pk]) in response.content.decode()
    # The same file again: nothing to confirm.
    response = upload(admin_client, xlsx(small_plan()))
    assert "no hay nada que importar" in response.content.decode()


def test_a_bad_upload_lists_the_errors_by_sheet_row_and_column(home, admin_client):
    pages = Page.objects.count()
    response = upload(admin_client, with_cell(wb.MILESTONES, "Ponderación", 20000))
    html = response.content.decode()
    assert "no se importó nada" in html and "Confirmar e importar" not in html
    assert "Acciones clave" in html and "G («Ponderación»)" in html
    assert "entre 0 y 9999.99" in html
    response = upload(admin_client, b"no es un excel")
    assert "no es un libro de Excel" in response.content.decode()
    assert Page.objects.count() == pages


def test_editors_cannot_reach_the_import(home, client, groups):
    from django.contrib.auth import get_user_model

    from planes.permissions import GOVERNMENT_EDITORS

    editor = get_user_model().objects.create_user("editora", password="x")
    editor.groups.add(groups[GOVERNMENT_EDITORS])
    client.force_login(editor)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    for response in (
        client.get(reverse("intercambio_import")),
        upload(client, xlsx(small_plan())),
        client.post(reverse("intercambio_confirm")),
        client.get(reverse("intercambio_template")),
    ):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not ActionPlanPage.objects.exists()
    assert (
        reverse("intercambio_import")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_template_and_plan_downloads(home, admin_client):
    response = admin_client.get(reverse("intercambio_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert wb.cell_values(response.content) == wb.cell_values(wb.TEMPLATE_PATH.read_bytes())
    upload(admin_client, xlsx(small_plan()))
    admin_client.post(reverse("intercambio_confirm"))
    plan = ActionPlanPage.objects.get()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk]))
    export_url = reverse("intercambio_export", args=[plan.pk])
    assert export_url in edit.content.decode()
    response = admin_client.get(export_url)
    assert "attachment" in response["Content-Disposition"]
    values = wb.cell_values(response.content)
    assert values["Plan"][1][:2] == (7, "Séptimo Plan")
    assert [row[2] for row in values["Compromisos"][1:]] == ["Datos abiertos", "Participación"]


def test_the_menu_shows_the_import_to_administrators(home, admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert reverse("intercambio_import") in response.content.decode()


def test_an_english_admin_imports_the_spanish_template_and_a_second_upload_changes_nothing(
    home, admin_client
):
    """Issue #18: a second country's plan, in the template's Spanish words, into a blank
    English board; the same file again previews no change."""
    from tests.helpers import board_language
    from tests.test_import_plan import headers

    rows = small_plan()
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("MRI: especificidad")] = "Alta"
    rows["Compromisos"][0][headers(wb.COMMITMENTS).index("Temas")] = "salud; datos"
    with board_language("en"):
        response = upload(admin_client, xlsx(rows))
        html = response.content.decode()
        assert "Confirm and import" in html and "is not a valid option" not in html
        admin_client.post(reverse("intercambio_confirm"))
        plan = ActionPlanPage.objects.get(number=7)
        assert plan.status == "implementation"
        assert CommitmentPage.objects.get(number=1).irm_specificity == "high"
        again = upload(admin_client, xlsx(rows)).content.decode()
    assert "Confirm and import" not in again
    assert "there is nothing to import" in again


def test_an_english_board_downloads_the_template_with_english_instructions(home, admin_client):
    """Issue #18: the instructions speak the board's language; the sheets' and columns'
    names stay the file format, so the English template filled in imports on a Spanish
    board (and the Spanish one on an English board, above)."""
    import io

    from openpyxl import load_workbook

    from tests.helpers import board_language

    spanish = wb.cell_values(wb.TEMPLATE_PATH.read_bytes())["Instrucciones"]
    # Its prose: the opening paragraphs (column A alone) and the help (column D).
    spanish_sentences = {row[0] for row in spanish if row[0] and not any(row[1:])}
    spanish_sentences |= {row[3] for row in spanish if row[3] and row[3] != "Contenido"}
    with board_language("en"):
        response = admin_client.get(reverse("intercambio_template"))
    assert response.status_code == 200
    values = wb.cell_values(response.content)
    assert list(values) == ["Instructions", *(sheet.name for sheet in wb.SHEETS)]
    english = values["Instructions"]
    text = " ".join(str(cell) for row in english for cell in row if cell)
    assert "Template of a complete action plan for Tablero." in text
    assert ("Sheet", "Column", "Required", "Content") in english
    assert "One row per commitment of the plan." in text
    assert "«Alta» (High)" in text  # the label the file writes, and what it means
    assert not [s for s in spanish_sentences if s in text]
    assert not re.search(r"\b(Una fila|Opcional|Número entero|Texto\.|Uno de:)", text)
    for sheet in wb.SHEETS:  # the headers the reader reads: unchanged
        assert values[sheet.name][0] == tuple(column.header for column in sheet.columns)

    book = load_workbook(io.BytesIO(response.content))
    for name, rows in small_plan().items():
        for row in rows:
            book[name].append(row)
    filled = io.BytesIO()
    book.save(filled)
    page = upload(admin_client, filled.getvalue()).content.decode()
    assert "Confirmar e importar" in page and "no es de la plantilla" not in page
