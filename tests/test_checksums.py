"""Every evidence file has a SHA-256 recorded at upload, shown on the public page, in the
API and in the evidence table, so anyone can check a file was not changed."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from demo.files import placeholder_pdf
from planes.models import DocumentChecksum

pytestmark = pytest.mark.django_db


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_an_upload_through_the_admin_records_its_sha256(admin_client):
    content = placeholder_pdf("Minuta")
    admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Minuta", "file": SimpleUploadedFile("minuta.pdf", content), "collection": 1},
    )
    document = get_document_model().objects.get(title="Minuta")
    assert document.checksum.sha256 == sha256(content)


def test_a_replaced_file_gets_a_new_sha256(public_plan):
    document = public_plan.doc
    before = document.checksum.sha256
    new = placeholder_pdf("Otra versión")
    document.file.save("otra.pdf", ContentFile(new))
    assert DocumentChecksum.objects.get(document=document).sha256 == sha256(new) != before


def test_the_sha256_is_public_on_the_page_in_the_api_and_the_table(client, public_plan):
    expected = public_plan.doc.checksum.sha256
    assert expected in client.get(public_plan.on_track.url).content.decode()
    api = client.get(f"/api/v2/pages/{public_plan.on_track.pk}/").json()
    assert [e["sha256"] for e in api["evidence"]] == [expected]
    rows = client.get(f"/datos/planes/{public_plan.plan.pk}/evidencias.json").json()["rows"]
    assert expected in [row["sha256"] for row in rows]
