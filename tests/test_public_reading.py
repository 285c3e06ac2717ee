"""Issue #15: the public pages read right the first time. Progress names what it counts,
the in-progress share is not progress, each scale is explained where it appears, one
number per commitment, and what proves a commitment is on its own page."""

import re

import pytest
from django.core.cache import cache

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    DocumentFactory,
    MilestonePageFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from tests.helpers import count_queries, publish

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    """The visible words of some markup, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def section(content: str, heading_id: str) -> str:
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


# What proves it -----------------------------------------------------------------------
def test_commitment_page_lists_its_evidence_grouped_by_milestone(client, public_plan):
    content = client.get(public_plan.first.url).content.decode()
    evidence = section(content, "evidencias")
    assert "1 evidencia publicada en las acciones clave de este compromiso" in text(evidence)
    on_track, late = public_plan.on_track, public_plan.late
    # One group per milestone, in the milestones' order, each with its count.
    assert evidence.index(f'id="evidencias-{on_track.pk}"') < evidence.index(
        f'id="evidencias-{late.pk}"'
    )
    assert "Padrón publicado (1 evidencia)" in text(evidence)
    # The late milestone's pending revision adds a verified activity with evidence: not
    # published, so not counted.
    assert "Mesa de diálogo (0 evidencias)" in text(evidence)
    assert f'href="{public_plan.doc.url}" download>Minuta</a>' in evidence
    assert "(descarga PDF, " in evidence
    # The timeline links each milestone to its group.
    assert f'<a href="#evidencias-{on_track.pk}">1 evidencia</a>' in content


def test_commitment_evidence_queries_do_not_grow_with_milestones(
    client, public_plan, django_assert_num_queries
):
    url = public_plan.first.url
    client.get(url)  # warm caches (site root, content types)
    # The page's content is kept per version of the plan (planes/models/commitment.py):
    # counted with it computed afresh and with it kept.
    cache.clear()
    baseline = count_queries(client, url)
    warm = count_queries(client, url)
    for _ in range(4):
        publish(
            MilestonePageFactory(
                parent=public_plan.first,
                activities=[
                    activity(S.COMPLETED, evidence=[evidence(document=DocumentFactory())]),
                    activity(S.VERIFIED, evidence=[evidence(), evidence("Lista")]),
                    activity(S.IN_PROGRESS),
                ],
            )
        )
    cache.clear()
    with django_assert_num_queries(baseline, info="computed afresh"):
        response = client.get(url)
    assert "13 evidencias publicadas" in text(section(response.content.decode(), "evidencias"))
    with django_assert_num_queries(warm, info="kept for the plan's version"):
        assert client.get(url).status_code == 200


# Progress that cannot be misread -------------------------------------------------------
@pytest.fixture
def just_started(public_plan):
    """A milestone with one activity in progress out of three and nothing done."""
    return publish(
        MilestonePageFactory(
            parent=public_plan.second,
            title="Arranque",
            activities=[activity(S.IN_PROGRESS), activity(), activity()],
        )
    )


def test_milestone_figure_names_what_it_counts(client, just_started):
    content = client.get(just_started.url).content.decode()
    words = text(content)
    assert "0 de 3 actividades cumplidas · avance 0 %" in words
    # The level says what it measures, so "No iniciado" beside work in progress agrees.
    assert "Nivel de cumplimiento: ○ No iniciado (0 % cumplido)" in words
    # The bar's caption: the done part is the progress; the in-progress share is apart.
    assert "Avance 0 %, lo cumplido: ✔✔ verificadas 0 % + ✔ completadas 0 %" in words
    assert "Pendiente 100 %, no cuenta como avance: ◐ en proceso 33.3 % + ○ sin iniciar" in words
    # In the bar, in progress is its own (hatched) segment; nothing solid.
    assert '<span class="seg seg-in_progress" style="width: 33.3%">' in content
    assert "seg-completed" not in content.split('class="bar"')[1].split("</div>")[0]


def test_a_new_plan_all_in_progress_shows_no_progress_in_its_bars(client, home):
    """Everything under way, nothing done: the cards say 0 % and their bars show the
    whole as pending work, not as a full bar beside "avance 0 %"."""
    plan = ActionPlanPageFactory(parent=home, title="Quinto Plan")
    commitment = publish(CommitmentPageFactory(parent=plan, number=1, title="Nuevo"))
    publish(
        MilestonePageFactory(
            parent=commitment, activities=[activity(S.IN_PROGRESS), activity(S.IN_PROGRESS)]
        )
    )
    card = client.get(plan.url).content.decode()
    card = card[card.index('class="card commitment-card"') :]
    words = text(card[: card.index("</article>")])
    assert "No iniciado" in words and "Avance 0 % · 0 de 1 acción clave cumplida" in words
    assert "Avance 0 %, lo cumplido: ✔✔ verificadas 0 % + ✔ completadas 0 %" in words
    assert "Pendiente 100 %, no cuenta como avance: ◐ en proceso 100 % + ○ sin iniciar 0 %" in words
    assert '<span class="seg seg-in_progress" style="width: 100.0%">' in card


def test_milestone_explains_its_scales_where_they_appear(client, public_plan):
    content = client.get(public_plan.on_track.url).content.decode()
    help_box = content[content.index('<details class="explain">') :]
    help_box = help_box[: help_box.index("</details>")]
    assert "<summary>¿Cómo se leen estas cifras?</summary>" in help_box
    for term in (
        "Avance de una acción clave",
        "Lo que está en proceso todavía no es avance",
        "Completada y verificada",
        "Nivel de cumplimiento",
    ):
        assert f"<dt>{term}</dt>" in help_box
    assert "Sustancial: de 50 % a menos de 100 % cumplido" in help_box
    assert 'href="/acerca/"' in help_box
    # The activities' states are explained above the activities themselves.
    activities = section(content, "actividades")
    assert "<strong>Completada</strong>: tiene al menos una evidencia." in activities
    assert (
        "<strong>Verificada</strong>: además, la instancia coordinadora revisó la evidencia"
        in activities
    )


def test_activities_carry_labels_for_the_phone_layout(client, public_plan):
    activities = section(client.get(public_plan.on_track.url).content.decode(), "actividades")
    assert '<table class="activities" role="table">' in activities
    for label in ("Fechas", "Estado", "Medio de verificación", "Evidencias"):
        assert f'<span class="cell-label" aria-hidden="true">{label}: </span>' in activities
    assert activities.count('<th scope="col" role="columnheader">') == 5


def test_commitment_figures_say_what_they_average(client, public_plan):
    content = client.get(public_plan.first.url).content.decode()
    words = text(content)
    assert "Avance 25 %, promedio ponderado de sus acciones clave · 0 de 2 acciones clave" in words
    assert "Nivel de cumplimiento: ◔ Limitado (más de 0 % y menos de 50 % cumplido)" in words
    help_box = content[content.index('<details class="explain">') :]
    help_box = help_box[: help_box.index("</details>")]
    for term in ("Avance de un compromiso", "Nivel de cumplimiento", "Situación"):
        assert f"<dt>{term}</dt>" in help_box
    # Each milestone in the timeline counts its activities, not only a percentage.
    assert "Padrón publicado" in words and "1 de 2 actividades cumplidas (avance 50 %)" in words


def test_plan_and_home_explain_levels_and_situations_beside_the_counts(client, public_plan):
    for url in (public_plan.plan.url, "/"):
        content = client.get(url).content.decode()
        counts = content.index("Compromisos por situación")
        help_at = content.index('<details class="explain">')
        assert counts < help_at, url
        help_box = content[help_at : content.index("</details>", help_at)]
        assert "<dt>Nivel de cumplimiento</dt>" in help_box, url
        assert "<dt>Situación</dt>" in help_box, url
        assert "Con retraso: su fecha de término" in help_box, url


@pytest.mark.parametrize("path", ["/instituciones/sfp/", "/buscar/?q=gasto"])
def test_directory_and_search_explain_the_levels_they_show(client, public_plan, path):
    content = client.get(path).content.decode()
    assert "Limitado" in content  # a level badge is on the page, and beside it:
    help_box = content[content.index('<details class="explain">') :]
    assert "<dt>Nivel de cumplimiento</dt>" in help_box[: help_box.index("</details>")]


def test_home_list_shows_each_commitment_number_once(client, public_plan):
    content = client.get("/").content.decode()
    # An unnumbered list: the commitment's own number is the only number shown (an <ol>
    # would add its position before it: "1. 1. Gasto abierto").
    assert '<ul class="compact-bars">' in content
    assert '<ol class="compact-bars">' not in content
    listing = content[content.index('<ul class="compact-bars">') :]
    listing = listing[: listing.index("</ul>\n</section>")]
    assert re.findall(r'<a href="[^"]+"><span class="num">(\d+)\.</span> ([^<]+)</a>', listing) == [
        ("1", "Gasto abierto"),
        ("2", "Fideicomisos"),
    ]


# The plan dashboard on a phone ---------------------------------------------------------
def test_plan_lists_commitments_before_the_rest_with_filters_folded(client, public_plan):
    plan = public_plan.plan
    plan.summary = "<p>Resumen del plan.</p>"
    plan.plan_document = DocumentFactory(title="Plan")
    publish(plan)
    content = client.get(plan.url).content.decode()
    # Filters fold behind one control that needs no JavaScript.
    assert '<details class="filters">' in content
    assert '<summary id="filtrar">Filtrar y ordenar compromisos</summary>' in content
    first_card = content.index('class="card commitment-card"')
    assert content.index('<details class="filters">') < first_card
    for later in ('id="sobre-el-plan"', "Resumen del plan.", 'id="documentos"'):
        assert first_card < content.index(later), later


def test_applied_filters_are_named_while_folded(client, public_plan):
    content = client.get(public_plan.plan.url, {"institucion": "sfp", "nivel": "limited"})
    content = content.content.decode()
    assert '<details class="filters">' in content  # still folded: the list comes first
    assert "(2 filtros aplicados)</span></summary>" in content
    words = text(content[content.index('<p class="filters-applied">') :])
    assert words.startswith(
        "Filtros aplicados: Institución responsable: Secretaría de la Función Pública (SFP); "
        "Nivel de cumplimiento: Limitado · Quitar filtros"
    )
    # A value that is not valid opens the filters, where its error is.
    content = client.get(public_plan.plan.url, {"nivel": "enorme"}).content.decode()
    assert '<details class="filters" open>' in content
