"""Evidence uploads are checked by content: a file must be what its extension says, and
only PDF and images are shown in the browser; everything else downloads."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model

from demo.files import placeholder_pdf, placeholder_xlsx
from planes.permissions import GOVERNMENT_EDITORS

pytestmark = pytest.mark.django_db

Document = get_document_model()
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.fixture
def editor_client(client, groups):
    editor = get_user_model().objects.create_user("enlace", "e@example.org", "x")
    editor.groups.add(groups[GOVERNMENT_EDITORS])
    client.force_login(editor)
    return client


def upload(client, name: str, content: bytes, title="Evidencia"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("informe.pdf", HTML),  # HTML that would be served as application/pdf
        ("grafica.png", SVG),  # SVG with a script, named as an image
        ("notas.txt", SVG),
        ("datos.csv", HTML),
        ("tabla.xlsx", placeholder_pdf("No es una hoja")),
        ("foto.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG named .jpg
    ],
)
def test_content_that_is_not_what_its_name_says_is_refused(editor_client, name, content):
    response = upload(editor_client, name, content, title="Sospechoso")
    assert response.status_code == 200, "the form again, with the error"
    page = response.content.decode()
    assert "no corresponde a un archivo" in page or "no es texto simple" in page
    assert not Document.objects.filter(title="Sospechoso").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minuta.pdf", placeholder_pdf("Minuta")),
        ("padron.xlsx", placeholder_xlsx("Padrón")),
        ("padron.csv", "municipio,beneficiarias\nTlalnepantla,1200\nMérida,300\n".encode()),
        ("lista.txt", "Lista de asistencia: Ana, José, Zoé\n".encode("cp1252")),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ],
)
def test_real_evidence_is_accepted(editor_client, name, content):
    assert upload(editor_client, name, content, title=name).status_code == 302
    assert Document.objects.filter(title=name).exists()


def test_the_multiple_uploader_checks_content_too(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("informe.pdf", HTML), "collection": 1},
    )
    assert response.json()["success"] is False
    assert "no corresponde a un archivo PDF" in response.json()["error_message"]
    assert not Document.objects.exists()


def test_only_pdf_and_images_open_in_the_browser(editor_client, client):
    upload(editor_client, "minuta.pdf", placeholder_pdf("Minuta"), title="PDF")
    upload(editor_client, "lista.txt", b"Lista de asistencia\n", title="Texto")
    pdf = editor_client.get(Document.objects.get(title="PDF").url)
    text = editor_client.get(Document.objects.get(title="Texto").url)
    assert pdf["Content-Disposition"].startswith("inline")
    assert text["Content-Disposition"].startswith("attachment")


#: What Django's extension check says about a file with no name: never the reason a refused
#: upload gives (the file never reached the document, the check looked at nothing).
NO_EXTENSION = "La extensión de archivo “”"
TOO_BIG = "Este archivo es demasiado grande"


def test_an_oversized_file_is_refused_for_its_size_only(editor_client):
    content = placeholder_pdf("Informe anual")
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=len(content) - 1):
        response = upload(editor_client, "informe.pdf", content, title="Grande")
    assert response.status_code == 200, "the form again, with the error"
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and TOO_BIG in errors[0], errors
    page = response.content.decode()
    assert TOO_BIG in page
    assert NO_EXTENSION not in page
    assert not Document.objects.filter(title="Grande").exists()


def test_the_multiple_uploader_refuses_an_oversized_file_for_its_size_only(editor_client):
    content = placeholder_pdf("Informe anual")
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=len(content) - 1):
        response = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile("informe.pdf", content), "collection": 1},
        )
    answer = response.json()
    assert answer["success"] is False
    assert TOO_BIG in answer["error_message"]
    assert NO_EXTENSION not in answer["error_message"]
    assert not Document.objects.exists()


def test_a_file_refused_for_its_content_says_only_that(editor_client):
    response = upload(editor_client, "informe.pdf", HTML, title="Sospechoso")
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "no corresponde a un archivo PDF" in errors[0], errors


def test_a_disallowed_extension_is_still_refused(editor_client):
    response = upload(editor_client, "programa.exe", b"MZ" + b"\x00" * 64, title="Programa")
    # Django's own Spanish says «no esta permitida»: locale/es corrects it.
    assert "La extensión de archivo “exe” no está permitida" in response.content.decode()
    assert not Document.objects.filter(title="Programa").exists()
