"""Evidence integrity in the admin: published evidence cannot be swapped or deleted by
editors, nobody deletes it while it is published, and editors choose and download only
their own commitments' documents and their own uploads (planes/document_access.py)."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    DocumentFactory,
    MilestonePageFactory,
    activity,
    evidence,
)
from demo.files import placeholder_pdf
from planes.choices import ActivityStatus as S
from planes.models import CommitmentAssignment, EditorRole
from planes.permissions import APPROVERS
from tests.helpers import publish

pytestmark = pytest.mark.django_db
User = get_user_model()
Document = get_document_model()


@pytest.fixture
def evidence_board(home, groups, django_capture_on_commit_callbacks):
    """Two commitments: evidence published on one, documents of drafts on both."""
    plan = publish(ActionPlanPageFactory(parent=home))
    own = publish(CommitmentPageFactory(parent=plan, number=1, title="Gasto abierto"))
    other = publish(CommitmentPageFactory(parent=plan, number=2, title="Fideicomisos"))
    people = {
        name: User.objects.create_user(name, f"{name}@example.org", "x")
        for name in ("government", "civil", "outsider", "approver")
    }
    people["approver"].groups.add(groups[APPROVERS])
    for name, role in (("government", EditorRole.GOVERNMENT), ("civil", EditorRole.CIVIL_SOCIETY)):
        CommitmentAssignment.objects.create(commitment=own, user=people[name], role=role)
    CommitmentAssignment.objects.create(
        commitment=other, user=people["outsider"], role=EditorRole.GOVERNMENT
    )
    docs = {
        "published": DocumentFactory(title="Padrón firmado", uploaded_by_user=people["government"]),
        "own_draft": DocumentFactory(title="Borrador de minuta", uploaded_by_user=people["civil"]),
        "other_draft": DocumentFactory(title="Minuta ajena", uploaded_by_user=people["outsider"]),
        "unused": DocumentFactory(title="Sin usar", uploaded_by_user=people["government"]),
    }
    # Wagtail indexes references in a task run when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        milestone = publish(
            MilestonePageFactory(
                parent=own,
                title="Padrón publicado",
                activities=[activity(S.COMPLETED, evidence=[evidence(document=docs["published"])])],
            )
        )
        MilestonePageFactory(
            parent=own,
            title="Mesa en borrador",
            live=False,
            activities=[activity(S.COMPLETED, evidence=[evidence(document=docs["own_draft"])])],
        )
        MilestonePageFactory(
            parent=other,
            title="Hito ajeno en borrador",
            live=False,
            activities=[activity(S.COMPLETED, evidence=[evidence(document=docs["other_draft"])])],
        )
    return {"milestone": milestone, "docs": docs, **people}


def _sha256(document) -> str:
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _replace_file(client, document, name="nuevo.pdf"):
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "collection": document.collection_id,
            "file": SimpleUploadedFile(name, placeholder_pdf("Otro contenido")),
        },
    )


def _delete(client, document):
    return client.post(reverse("wagtaildocs:delete", args=[document.pk]))


def test_an_editor_cannot_replace_published_evidence(client, evidence_board):
    document = evidence_board["docs"]["published"]
    before = _sha256(document)
    client.force_login(evidence_board["government"])  # its own upload
    response = _replace_file(client, document)
    assert response.status_code in (302, 403)
    assert _sha256(document) == before
    assert Document.objects.get(pk=document.pk).file.name == document.file.name


def test_an_editor_cannot_delete_published_evidence(client, evidence_board):
    document = evidence_board["docs"]["published"]
    client.force_login(evidence_board["government"])
    _delete(client, document)
    assert Document.objects.filter(pk=document.pk).exists()


def test_an_editor_cannot_bulk_delete_published_evidence(client, evidence_board):
    document = evidence_board["docs"]["published"]
    client.force_login(evidence_board["government"])
    url = (
        reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
        + f"?id={document.pk}"
    )
    client.post(url)
    assert Document.objects.filter(pk=document.pk).exists()


def test_an_approver_may_replace_published_evidence_and_its_sha256_follows(client, evidence_board):
    document = evidence_board["docs"]["published"]
    before = _sha256(document)
    client.force_login(evidence_board["approver"])
    assert _replace_file(client, document).status_code == 302
    after = _sha256(document)
    assert after != before
    assert Document.objects.get(pk=document.pk).checksum.sha256 == after


def test_nobody_deletes_evidence_while_it_is_published(admin_client, evidence_board):
    document = evidence_board["docs"]["published"]
    _delete(admin_client, document)
    assert Document.objects.filter(pk=document.pk).exists()
    edit_page = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert reverse("wagtaildocs:delete", args=[document.pk]) not in edit_page.content.decode()


def test_evidence_taken_off_the_published_page_can_then_be_deleted(
    admin_client, evidence_board, django_capture_on_commit_callbacks
):
    document = evidence_board["docs"]["published"]
    milestone = evidence_board["milestone"]
    activity_ = milestone.activities.get()
    activity_.status = S.IN_PROGRESS
    activity_.evidence = []
    with django_capture_on_commit_callbacks(execute=True):
        milestone.activities = [activity_]
        publish(milestone)
    _delete(admin_client, document)
    assert not Document.objects.filter(pk=document.pk).exists()


def test_an_editor_cannot_delete_an_upload_a_draft_uses(client, evidence_board):
    document = evidence_board["docs"]["own_draft"]
    client.force_login(evidence_board["civil"])  # its uploader
    _delete(client, document)
    assert Document.objects.filter(pk=document.pk).exists()


def test_an_editor_may_delete_an_unused_own_upload(client, evidence_board):
    document = evidence_board["docs"]["unused"]
    client.force_login(evidence_board["government"])
    assert _delete(client, document).status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_the_documents_listing_no_longer_offers_an_editor_published_evidence(
    client, evidence_board
):
    client.force_login(evidence_board["government"])
    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Sin usar" in listing
    assert "Padrón firmado" not in listing


def _chooser_titles(client) -> str:
    response = client.get(reverse("wagtaildocs_chooser:choose"))
    assert response.status_code == 200
    return response.json()["html"]


def test_the_chooser_offers_an_editor_own_uploads_and_own_commitments_documents(
    client, evidence_board
):
    client.force_login(evidence_board["government"])
    html = _chooser_titles(client)
    assert "Sin usar" in html  # its upload
    assert "Borrador de minuta" in html  # a co-editor's, in a draft of its commitment
    assert "Padrón firmado" in html  # its commitment's published evidence
    assert "Minuta ajena" not in html  # another commitment's draft


def test_an_editor_cannot_choose_another_commitments_draft_document(client, evidence_board):
    document = evidence_board["docs"]["other_draft"]
    client.force_login(evidence_board["government"])
    response = client.get(reverse("wagtaildocs_chooser:chosen", args=[document.pk]))
    assert response.status_code in (302, 403)
    assert document.title not in response.content.decode()


def test_approvers_choose_any_document(client, evidence_board):
    client.force_login(evidence_board["approver"])
    html = _chooser_titles(client)
    assert "Minuta ajena" in html and "Borrador de minuta" in html


@pytest.mark.parametrize(
    ("who", "document", "status"),
    [
        (None, "published", 200),
        (None, "own_draft", 404),
        ("outsider", "published", 200),
        ("government", "own_draft", 200),
        ("government", "other_draft", 404),
        ("outsider", "other_draft", 200),
        ("approver", "other_draft", 200),
    ],
)
def test_downloads_follow_the_same_scope(client, evidence_board, who, document, status):
    if who:
        client.force_login(evidence_board[who])
    response = client.get(evidence_board["docs"][document].url)
    assert response.status_code == status


def test_the_editor_of_published_evidence_says_why_it_cannot_be_deleted(
    admin_client, evidence_board
):
    document = evidence_board["docs"]["published"]
    page = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "Este documento es evidencia publicada" in page
    unused = evidence_board["docs"]["unused"]
    page = admin_client.get(reverse("wagtaildocs:edit", args=[unused.pk])).content.decode()
    assert "Este documento es evidencia publicada" not in page
