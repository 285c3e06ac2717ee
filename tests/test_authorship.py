"""Who speaks for whom: memberships, and progress updates authored by the editor's own
institution or organization, through the real admin (Directorio → Pertenencias and the
milestone editor)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils.form_data import rich_text

from demo.factories import InstitutionFactory, ProgressUpdateFactory
from planes.models import Membership, MilestonePage, ProgressUpdate
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url, publish

pytestmark = pytest.mark.django_db
User = get_user_model()


def login(client, user):
    client.force_login(user)
    return client


def snapshot():
    return {
        "updates": list(ProgressUpdate.objects.values()),
        "revisions": Revision.objects.count(),
    }


# Memberships (Directorio → Pertenencias) ----------------------------------------
def test_memberships_are_managed_in_the_directory(client, board):
    login(client, board["admin"])
    url = reverse("planes_membership_modeladmin_create")
    person = User.objects.create_user("nueva", "nueva@example.org", "x")
    both = {
        "user": person.pk,
        "institution": board["sfp"].pk,
        "organization": board["gesoc"].pk,
    }
    response = client.post(url, both)
    assert response.status_code == 200
    assert "no a ambas" in response.content.decode()
    assert client.post(url, {**both, "organization": ""}).status_code == 302
    again = client.post(url, {**both, "organization": ""})
    assert "ya pertenece a esa institución" in again.content.decode()
    assert list(Membership.objects.filter(user=person).values_list("institution", flat=True)) == [
        board["sfp"].pk
    ]


# Progress updates: authored by the editor's own body ---------------------------------
def add_update(data, text, **fields):
    index = int(data["updates-TOTAL_FORMS"])
    row = {
        "date": "2021-03-01",
        "text": rich_text(f"<p>{text}</p>"),
        "author_institution": "",
        "author_organization": "",
        "id": "",
        "ORDER": str(index + 1),
        "DELETE": "",
    }
    row.update(fields)
    for key, value in row.items():
        data[f"updates-{index}-{key}"] = value
    data["updates-TOTAL_FORMS"] = str(index + 1)
    return index


def save_milestone(client, user, page, change):
    login(client, user)
    data = milestone_edit_data(client, page)
    change(data)
    return client.post(edit_url(page), data)


def latest_updates(page):
    return list(MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object().updates.all())


def test_a_civil_editor_cannot_author_an_update_as_an_institution(client, board):
    page = board["milestones"]["own"]
    institution = str(board["sfp"].pk)
    response = save_milestone(
        client,
        board["civil"],
        page,
        lambda data: add_update(data, "Avance visto por GESOC", author_institution=institution),
    )
    assert response.status_code == 302
    [update] = latest_updates(page)
    assert (update.author_institution, update.author_organization) == (None, board["gesoc"])


def test_an_update_form_offers_only_the_editors_own_bodies(client, board):
    second = InstitutionFactory(name="Unidad de Inteligencia Financiera", acronym="UIF")
    Membership.objects.create(user=board["government"], institution=second)
    login(client, board["government"])
    content = client.get(edit_url(board["milestones"]["own"])).content.decode()
    empty_row = content[content.index("updates-__prefix__-author_institution") :]
    select = empty_row[: empty_row.index("</select>")]
    assert "UIF" in select and "SFP" in select
    organizations = empty_row[empty_row.index("updates-__prefix__-author_organization") :]
    assert "GESOC" not in organizations[: organizations.index("</select>")]


@pytest.fixture
def update_by_gesoc(board):
    page = board["milestones"]["own"]
    page.updates = [
        ProgressUpdateFactory.build(
            author_organization=board["gesoc"], text="<p>Dicho por GESOC</p>"
        )
    ]
    return publish(page)


def test_a_government_editor_cannot_change_an_update_by_an_organization(
    client, board, update_by_gesoc
):
    page = update_by_gesoc
    institution = str(board["sfp"].pk)

    def rewrite(data):
        data["updates-0-text"] = rich_text("<p>Corregido por el gobierno</p>")
        data["updates-0-author_institution"] = institution
        data["updates-0-author_organization"] = ""

    response = save_milestone(client, board["government"], page, rewrite)
    assert response.status_code == 302  # the rest of the page saves; that row is read-only
    [update] = latest_updates(page)
    assert "Dicho por GESOC" in update.text
    assert (update.author_institution, update.author_organization) == (None, board["gesoc"])


def test_a_government_editor_cannot_delete_an_update_by_an_organization(
    client, board, update_by_gesoc
):
    page = update_by_gesoc
    before = snapshot()
    response = save_milestone(
        client, board["government"], page, lambda data: data.update({"updates-0-DELETE": "1"})
    )
    assert response.status_code == 200
    assert "No puedes borrar la actualización" in response.content.decode()
    assert snapshot() == before


def test_a_person_of_no_body_is_told_to_ask_an_administrator(client, board):
    Membership.objects.filter(user=board["civil"]).delete()
    page = board["milestones"]["own"]
    before = snapshot()
    response = save_milestone(client, board["civil"], page, lambda d: add_update(d, "Sin firma"))
    assert response.status_code == 200
    assert "Directorio → Pertenencias" in response.content.decode()
    assert snapshot() == before


def test_a_moderator_corrects_authorship_and_it_is_logged(client, board, update_by_gesoc):
    page = update_by_gesoc
    institution = str(board["sfp"].pk)

    def correct(data):
        data["updates-0-author_institution"] = institution
        data["updates-0-author_organization"] = ""

    assert save_milestone(client, board["approver"], page, correct).status_code == 302
    [update] = latest_updates(page)
    assert update.author_institution == board["sfp"]
    entry = PageLogEntry.objects.get(page=page, action="planes.update_author")
    assert entry.user == board["approver"]
    assert entry.data["old"] == str(board["gesoc"]) and entry.data["new"] == str(board["sfp"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Autoría de la actualización" in history


def test_tampered_update_rows_are_still_refused(client, board, update_by_gesoc):
    def tamper(data):
        data["updates-0-id"] = "999999"

    response = save_milestone(client, board["government"], update_by_gesoc, tamper)
    assert response.status_code == 400
