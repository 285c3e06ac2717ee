"""Where civil society disagrees shows beyond the milestone: on the commitment (a summary
and each milestone's stances beside the government's level), on the plan dashboard (the
card line, the plan's count and the filter «con desacuerdo») and on the home page. Only
published assessments count."""

import pytest

from planes.models import ActionPlanPage, CivilSocietyAssessment, CommitmentPage
from tests.test_voices import (  # the voices' fixture and flow helpers
    ASSESSMENT,
    draft_assessment,
    published_assessment,
    submit_assessment,
    voices,  # noqa: F401
    workflow_action,
)

pytestmark = pytest.mark.django_db

DISAGREES = "La sociedad civil discrepa en 1 de 1 acción clave"


def page(client, model, pk) -> str:
    client.logout()
    response = client.get(model.objects.get(pk=pk).url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_disagreement_shows_on_commitment_plan_and_home(client, voices):  # noqa: F811
    published_assessment(client, voices)  # GESOC disagrees, "limitado"
    commitment = page(client, CommitmentPage, voices["own"].pk)
    assert DISAGREES in commitment
    timeline = commitment[commitment.index('class="timeline"') :]
    assert "En desacuerdo" in timeline[:3000] and "GESOC" in timeline[:3000]
    assert "para la organización, Limitado" in timeline[:3000]

    plan = page(client, ActionPlanPage, voices["plan"].pk)
    assert 'title="La sociedad civil discrepa en 1 acción clave"' in plan
    assert "1 con desacuerdo" in plan
    cards = plan[plan.index('id="compromisos"') :]
    assert DISAGREES in cards

    client.logout()
    filtered = client.get(voices["plan"].url, {"voces": "desacuerdo"}).content.decode()
    cards = filtered[filtered.index('id="compromisos"') :]
    assert "Gasto abierto" in cards and "Fideicomisos" not in cards

    home = client.get("/").content.decode()
    assert "discrepa del informe del gobierno en 1 acción clave (1 compromisos)" in home


def test_a_draft_assessment_counts_nowhere(client, voices):  # noqa: F811
    draft_assessment(client, voices)
    for model, pk in ((CommitmentPage, voices["own"].pk), (ActionPlanPage, voices["plan"].pk)):
        assert "discrepa" not in page(client, model, pk)
    client.logout()
    filtered = client.get(voices["plan"].url, {"voces": "desacuerdo"}).content.decode()
    assert "Gasto abierto" not in filtered[filtered.index('id="compromisos"') :]
    assert "discrepa" not in client.get("/").content.decode()
    table = client.get(f"/datos/planes/{voices['plan'].pk}/valoraciones.json").json()
    assert table["rows"] == []


def test_assessments_are_open_data_once_published(client, voices):  # noqa: F811
    import csv
    import io

    url = f"/datos/planes/{voices['plan'].pk}/valoraciones.csv"
    published_assessment(client, voices)
    client.logout()
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    [row] = rows
    assert row["organization_acronym"] == "GESOC" and row["stance"] == "disagree"
    assert row["completion_level"] == "limited" and row["government_completion_level"]
    assert "omite a las personas beneficiarias" in row["comment"]
    assert client.get(url.replace(".csv", ".xlsx")).status_code == 200
    assert "Valoraciones de la sociedad civil" in client.get("/datos/").content.decode()


def test_the_feeds_announce_a_published_assessment_not_a_draft(client, voices):  # noqa: F811
    from django.urls import reverse

    url = reverse("opendata:plan_updates_atom", args=[voices["plan"].pk])
    draft = draft_assessment(client, voices)
    client.logout()
    assert "valoración de GESOC" not in client.get(url).content.decode()
    submit_assessment(client, draft, voices["civil"])
    workflow_action(client, voices["approver"], ASSESSMENT, draft, "approve")
    client.logout()
    feed = client.get(url).content.decode()
    assert "valoración de GESOC: En desacuerdo" in feed
    assert f"#valoracion-{draft.pk}" in feed and f"tablero:assessment:{draft.pk}" in feed


def test_search_finds_a_published_assessments_words_not_a_drafts(client, voices):  # noqa: F811
    draft = draft_assessment(client, voices)
    client.logout()
    found = client.get("/buscar/", {"q": "omite beneficiarias"}).content.decode()
    assert voices["milestone"].title not in found[found.find("<main") :]
    submit_assessment(client, draft, voices["civil"])
    workflow_action(client, voices["approver"], ASSESSMENT, draft, "approve")
    client.logout()
    found = client.get("/buscar/", {"q": "omite beneficiarias"}).content.decode()
    assert voices["milestone"].title in found[found.find("<main") :]


def test_a_civil_society_editor_sees_what_changed_since_its_assessment(client, voices):  # noqa: F811
    from django.urls import reverse

    from planes.models import MilestonePage
    from tests.helpers import publish

    client.force_login(voices["civil"])
    desk = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'data-unassessed="{voices["milestone"].pk}"' in desk  # GESOC has not assessed yet
    published_assessment(client, voices)
    milestone = MilestonePage.objects.get(pk=voices["milestone"].pk)
    milestone.title = "Hito own, con cifras corregidas"
    publish(milestone)  # the government changes it after the assessment
    client.force_login(voices["civil"])
    desk = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'data-since-assessed="{milestone.pk}"' in desk
    assert "Ver qué cambió" in desk and f'data-unassessed="{milestone.pk}"' not in desk
    compare = desk[desk.index("revisions/compare/") :].split('"')[0]
    assert compare.endswith("...live/")


def test_the_api_gives_the_published_assessments_and_the_summaries(client, voices):  # noqa: F811
    milestone_url = f"/api/v2/pages/{voices['milestone'].pk}/"
    commitment_url = f"/api/v2/pages/{voices['own'].pk}/"
    draft_assessment(client, voices)
    client.logout()
    assert client.get(milestone_url).json()["civil_society_assessments"] == []
    assert client.get(commitment_url).json()["civil_society"]["assessed_milestones"] == 0
    submit_assessment(client, CivilSocietyAssessment.objects.get(), voices["civil"])
    workflow_action(
        client, voices["approver"], ASSESSMENT, CivilSocietyAssessment.objects.get(), "approve"
    )
    client.logout()
    [published_assessment_row] = client.get(milestone_url).json()["civil_society_assessments"]
    assert published_assessment_row["organization"]["acronym"] == "GESOC"
    assert published_assessment_row["stance"] == "disagree"
    assert published_assessment_row["response"] is None
    assert client.get(commitment_url).json()["civil_society"] == {
        "assessed_milestones": 1,
        "disagreeing_milestones": 1,
        "partly_agreeing_milestones": 0,
    }
    plan = client.get(f"/api/v2/pages/{voices['plan'].pk}/").json()
    assert plan["civil_society"]["disagreeing_milestones"] == 1
    listing = client.get(
        "/api/v2/pages/",
        {"type": "planes.MilestonePage", "fields": "civil_society_assessments"},
    ).json()
    rows = {item["id"]: item["civil_society_assessments"] for item in listing["items"]}
    assert rows[voices["milestone"].pk][0]["stance"] == "disagree"


def test_plain_text_exports_write_apostrophes_and_ampersands_as_such(client, voices):  # noqa: F811
    """Rich text is stored as HTML, with entities (the editor writes &amp;, an imported
    plan's text d&#x27;acció): the CSV and JSON cells are plain text, so they carry the
    characters, not the entities."""
    import csv
    import io

    url = f"/datos/planes/{voices['plan'].pk}/valoraciones"
    published_assessment(client, voices, comment="<p>Falta l'acta d'acció &amp; co.</p>")
    client.logout()
    csv_text = client.get(f"{url}.csv").content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(csv_text)))
    assert row["comment"] == "Falta l'acta d'acció & co."
    [json_row] = client.get(f"{url}.json").json()["rows"]
    assert json_row["comment"] == "Falta l'acta d'acció & co."
    assert "&#x27;" not in csv_text and "&amp;" not in csv_text
