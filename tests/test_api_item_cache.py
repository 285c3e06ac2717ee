"""The API listing's items are cached by their content's version
(planes/api/representations.py): invisible to correctness, whatever changes.

The page cache stays off here (test settings): every request runs the listing, and what it
reuses is only the cached items.
"""

import datetime

import pytest
from django.core.cache import caches
from django.test import override_settings

from cms.settings.base import interface_language
from demo.factories import activity
from planes.choices import ActivityStatus
from planes.models import CivilSocietyAssessment, CommitmentPage, MilestonePage
from tests.helpers import publish

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
COMMITMENTS = {"type": "planes.CommitmentPage", "fields": "*"}
MILESTONES = {"type": "planes.MilestonePage", "fields": "*"}


@pytest.fixture(autouse=True)
def empty_cache():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def items(client, params) -> dict:
    """The listing's items by title."""
    response = client.get(PAGES, params)
    assert response.status_code == 200
    return {item["title"]: item for item in response.json()["items"]}


def cached_items() -> set[str]:
    return {key for key in caches["fragments"]._cache if "tablero:api-item:" in key}


def test_a_listing_is_the_same_from_the_cache(client, public_plan):
    first = client.get(PAGES, COMMITMENTS).json()
    stored = cached_items()
    assert len(stored) == 2  # the two published commitments
    second = client.get(PAGES, COMMITMENTS).json()
    assert second == first
    assert cached_items() == stored  # nothing serialised again


def test_each_shape_and_language_has_its_own_items(client, public_plan):
    full = items(client, COMMITMENTS)["Gasto abierto"]
    short = items(client, {"type": "planes.CommitmentPage"})["Gasto abierto"]
    assert "progress" in full and "progress" not in short
    assert items(client, COMMITMENTS)["Gasto abierto"] == full
    with override_settings(**interface_language("en")):
        english = items(client, COMMITMENTS)["Gasto abierto"]
    assert english["completion_level_label"] != full["completion_level_label"]


def test_a_published_change_shows_at_once(client, public_plan):
    items(client, COMMITMENTS)
    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.title = "Gasto abierto y verificable"
    commitment.lead_institutions.set([public_plan.sfp, public_plan.inai])
    publish(commitment)
    item = items(client, COMMITMENTS)["Gasto abierto y verificable"]
    assert {i["acronym"] for i in item["lead_institutions"]} == {"SFP", "INAI"}


def test_a_published_milestone_changes_its_commitments_figures(client, public_plan):
    before = items(client, COMMITMENTS)["Gasto abierto"]
    milestone = MilestonePage.objects.get(pk=public_plan.late.pk)
    milestone.activities = [activity(ActivityStatus.COMPLETED, title="Convocar")]
    publish(milestone)
    after = items(client, COMMITMENTS)["Gasto abierto"]
    assert after["progress"] > before["progress"]
    assert items(client, MILESTONES)["Mesa de diálogo"]["progress"] == 100


def test_civil_society_published_voice_shows_on_the_commitment(client, public_plan):
    before = items(client, COMMITMENTS)["Gasto abierto"]["civil_society"]
    assessment = CivilSocietyAssessment(
        milestone=public_plan.on_track,
        organization=public_plan.gesoc,
        stance="disagree",
        completion_level="limited",
        date=datetime.date(2019, 3, 1),
        comment="<p>Valoración</p>",
    )
    assessment.save()
    assessment.save_revision().publish()
    after = items(client, COMMITMENTS)["Gasto abierto"]["civil_society"]
    assert after != before
    assert after["assessed_milestones"] == 1


def test_a_directory_entry_renamed_shows_in_the_listing(client, public_plan):
    items(client, COMMITMENTS)
    public_plan.inai.acronym = "INAIP"
    public_plan.inai.save()
    item = items(client, COMMITMENTS)["Fideicomisos"]
    assert [i["acronym"] for i in item["lead_institutions"]] == ["INAIP"]


def test_drafts_never_reach_a_cached_item(client, public_plan):
    for _ in range(2):
        items(client, COMMITMENTS)
    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.title = "Título del borrador"
    commitment.save_revision()  # saved, not published
    for _ in range(2):
        listing = items(client, COMMITMENTS)
        assert "Gasto abierto" in listing and "Título del borrador" not in listing
        assert "Borrador secreto" not in listing
        milestones = items(client, MILESTONES)
        assert "Título en revisión" not in milestones and "Acción en borrador" not in milestones
