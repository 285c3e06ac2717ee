"""The public site: plan dashboard filters and sorting, pages, drafts never shown."""

import datetime

import pytest
from django.core.cache import cache, caches

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    DocumentFactory,
    InstitutionFactory,
    MilestonePageFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from planes.models import MilestonePage
from tests.helpers import count_queries, publish
from tests.public_data import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home):
    plan = ActionPlanPageFactory(parent=home, title="Cuarto Plan")
    sfp = InstitutionFactory(name="Secretaría de la Función Pública", acronym="SFP")
    inai = InstitutionFactory(name="INAI", acronym="INAI")
    gesoc = OrganizationFactory(name="GESOC", acronym="GESOC")
    first = CommitmentPageFactory(
        parent=plan,
        number=1,
        title="Gasto abierto",
        value_access_to_information=True,
        end_date=datetime.date(2030, 1, 1),
    )
    first.lead_institutions.set([sfp])
    first.organizations.set([gesoc])
    first.tags.add("anticorrupción")
    publish(first)
    second = CommitmentPageFactory(
        parent=plan, number=2, title="Fideicomisos", value_civic_participation=True
    )
    second.lead_institutions.set([inai])
    second.tags.add("fideicomisos")
    publish(second)
    publish(
        MilestonePageFactory(
            parent=first,
            activities=[
                activity(S.COMPLETED, evidence=[evidence(document=DocumentFactory())]),
                activity(S.IN_PROGRESS),
            ],
        )
    )
    publish(
        MilestonePageFactory(
            parent=second,
            end_date=datetime.date(2020, 1, 1),
            activities=[activity(S.IN_PROGRESS)],
        )
    )
    return plan.__class__.objects.get(pk=plan.pk)


def titles(response):
    content = response.content.decode()
    return [t for t in ("Gasto abierto", "Fideicomisos") if f"</span> {t}</a>" in content]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Gasto abierto", "Fideicomisos"]),
        ({"institucion": "sfp"}, ["Gasto abierto"]),
        ({"organizacion": "gesoc"}, ["Gasto abierto"]),
        ({"nivel": "substantial"}, ["Gasto abierto"]),
        ({"nivel": "not_started"}, ["Fideicomisos"]),
        ({"valor": "civic_participation"}, ["Fideicomisos"]),
        ({"tema": "anticorrupción"}, ["Gasto abierto"]),
        ({"situacion": "delayed"}, ["Fideicomisos"]),
        ({"situacion": "on_time"}, ["Gasto abierto"]),
        ({"situacion": "complete"}, []),
        ({"institucion": "sfp", "valor": "civic_participation"}, []),
    ],
)
def test_plan_filters(client, plan, query, expected):
    response = client.get(plan.url, query)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"institucion": "sfp"},
        {"organizacion": "gesoc"},
        {"nivel": "substantial"},
        {"nivel": "not_started"},
        {"valor": "civic_participation"},
        {"tema": "anticorrupción"},
        {"institucion": "sfp", "valor": "civic_participation"},
    ],
)
def test_site_and_api_filters_are_one_engine(client, plan, query):
    """The dashboard's Spanish parameters and the API's English ones select the same."""
    from planes.filters import SITE_PARAMETERS

    api_query = {SITE_PARAMETERS[name][0]: value for name, value in query.items()}
    api = client.get(
        "/api/v2/pages/",
        {"type": "planes.CommitmentPage", "child_of": plan.pk, "fields": "title", **api_query},
    ).json()
    on_site = titles(client.get(plan.url, query))
    assert sorted(item["title"] for item in api["items"]) == sorted(on_site)


def test_directory_filters_show_names_with_acronyms(client, plan):
    content = client.get(plan.url).content.decode()
    assert '<option value="sfp">Secretaría de la Función Pública (SFP)</option>' in content
    # A name that is its own acronym is not repeated.
    assert '<option value="inai">INAI</option>' in content
    assert '<option value="gesoc">GESOC</option>' in content


def test_plan_sorting(client, plan):
    content = client.get(plan.url, {"orden": "-avance"}).content.decode()
    assert content.index("</span> Fideicomisos</a>") < content.index("</span> Gasto abierto</a>")
    content = client.get(plan.url, {"orden": "avance"}).content.decode()
    assert content.index("</span> Gasto abierto</a>") < content.index("</span> Fideicomisos</a>")


def test_bad_filter_values_are_reported_not_failed(client, plan):
    response = client.get(plan.url, {"nivel": "enorme", "institucion": "sfp", "orden": "x"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Algunos filtros no son válidos" in content
    assert titles(response) == ["Gasto abierto"]


def test_drafts_and_unpublished_pages_never_show(client, plan):
    commitment = plan.get_children().specific().get(title="Gasto abierto")
    draft = CommitmentPageFactory(parent=plan, number=9, title="Borrador secreto", live=False)
    milestone = MilestonePage.objects.child_of(commitment).get()
    milestone.title = "Título en revisión"
    milestone.save_revision()
    assert "Borrador secreto" not in client.get(plan.url).content.decode()
    assert client.get(draft.url or f"{plan.url}borrador-secreto/").status_code == 404
    assert "Título en revisión" not in client.get(commitment.url).content.decode()
    assert client.get("/no-existe/").status_code == 404


def test_directory_pages(client, plan):
    response = client.get("/instituciones/sfp/")
    assert response.status_code == 200
    assert "Gasto abierto" in response.content.decode()
    assert client.get("/organizaciones/gesoc/").status_code == 200
    listing = client.get("/instituciones/").content.decode()
    assert "INAI" in listing
    assert client.get("/instituciones/nadie/").status_code == 404


def test_search(client, plan):
    response = client.get("/buscar/", {"q": "fideicomisos"})
    assert response.status_code == 200
    assert "Fideicomisos" in response.content.decode()
    assert client.get("/buscar/", {"q": "x" * 500, "page": "abc"}).status_code == 200


def test_query_counts_do_not_grow_with_content(client, plan, django_assert_num_queries):
    commitment = plan.get_children().specific().get(title="Gasto abierto")
    milestone = MilestonePage.objects.child_of(commitment).get()
    urls = ["/", plan.url, commitment.url, milestone.url, "/instituciones/sfp/"]
    client.get("/")  # warm caches (site root, content types)

    def cold_and_warm(url) -> tuple[int, int]:
        """Queries with what the pages keep per version computed afresh, then kept
        (planes/page_cache.py: per_section, per_generation; the cached fragments)."""
        cache.clear()
        caches["fragments"].clear()
        return count_queries(client, url), count_queries(client, url)

    small = {url: cold_and_warm(url) for url in urls}
    grow(plan, 6)
    MilestonePageFactory(parent=commitment, activities=[activity(S.COMPLETED)])
    milestone.activities = [
        activity(S.COMPLETED, with_evidence=False, evidence=[evidence(document=DocumentFactory())])
        for _ in range(5)
    ]
    ProgressUpdateFactory(milestone=milestone, author_organization=OrganizationFactory())
    publish(milestone)
    for url in urls:
        cold, warm = small[url]
        cache.clear()
        caches["fragments"].clear()
        with django_assert_num_queries(cold, info=f"{url}, computed afresh"):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(warm, info=f"{url}, kept"):
            assert client.get(url).status_code == 200


def test_search_never_finds_draft_text(client, plan):
    commitment = plan.get_children().specific().get(title="Gasto abierto")
    milestone = MilestonePage.objects.child_of(commitment).get()
    milestone.title = "Palabraborrador"
    milestone.save_revision()
    CommitmentPageFactory(parent=plan, number=7, title="Otra palabraborrador", live=False)
    response = client.get("/buscar/", {"q": "palabraborrador"})
    assert "Palabraborrador" not in response.content.decode()
    assert "0 resultados" in response.content.decode()


def test_home_shows_current_plan_counts_updates_and_earlier_plans(client, plan, home):
    ActionPlanPageFactory(
        parent=home,
        title="Tercer Plan",
        start_date=datetime.date(2016, 9, 1),
        end_date=datetime.date(2018, 8, 31),
    )
    milestone = MilestonePage.objects.child_of(plan.get_children().get(title="Gasto abierto")).get()
    milestone.updates = [
        ProgressUpdateFactory.build(
            date=datetime.date(2020, 3, 15), author_organization=OrganizationFactory(name="ONG X")
        )
    ]
    publish(milestone)
    content = client.get("/").content.decode()
    assert content.index("Cuarto Plan") < content.index("Planes anteriores")
    assert content.index("Planes anteriores") < content.index("Tercer Plan")
    assert "Compromisos por nivel de cumplimiento" in content
    assert "Compromisos por situación" in content
    assert "Con retraso</span> <strong>1</strong>" in content
    assert "En tiempo</span> <strong>1</strong>" in content
    assert "Completos</span> <strong>0</strong>" in content
    assert "15 de marzo de 2020" in content  # es-MX long date, month in lower case
    assert "ONG X" in content


def test_plan_dashboard_documents_counts_and_cards(client, plan):
    document = DocumentFactory(title="Plan")
    plan.plan_document = document
    publish(plan)
    content = client.get(plan.url).content.decode()
    assert 'download>Plan de acción: Cuarto Plan</a> <span class="file-info">(PDF, ' in content
    assert "Avance 50 %" in content  # progress in text on the card, not only in the bar
    assert "OGP</abbr> MX" in content
    assert 'method="get"' in content
    assert "Termina el <time" in content


def test_commitment_page(client, plan):
    commitment = plan.get_children().specific().get(title="Gasto abierto")
    commitment.problem = "<p>" + "Texto largo. " * 60 + "</p>"
    commitment.background = "<p>Antecedente breve.</p>"
    commitment.irm_potential_impact = "moderate"
    publish(commitment)
    content = client.get(commitment.url).content.decode()
    assert 'aria-label="Ruta de navegación"' in content
    assert "<details" in content and "<summary>Problemática</summary>" in content
    assert "<h3>Antecedentes</h3>" in content  # short sections stay open
    assert f"{plan.url}?tema=anticorrupci%C3%B3n#compromisos" in content
    assert "Impacto potencial" in content
    assert "100 % del compromiso" in content  # the milestone's weight share
    assert "/instituciones/sfp/" in content


def test_milestone_page_evidence_with_type_and_size(client, plan):
    commitment = plan.get_children().get(title="Gasto abierto")
    milestone = MilestonePage.objects.child_of(commitment).get()
    content = client.get(milestone.url).content.decode()
    assert '<th scope="col" role="columnheader">Evidencias</th>' in content
    assert 'class="evidence-download"' in content
    assert "(descarga PDF, " in content and "bytes)" in content
    assert "Entregable" in content and "Evidencia de gestión" in content
    # "1 de 2 actividades cumplidas": the noun agrees with the total, not with what is done.
    assert "1 de 2 actividades cumplidas" in content


def test_done_counts_agree_in_number_with_the_total(client, plan):
    commitment = plan.get_children().specific().get(title="Gasto abierto")
    MilestonePageFactory(parent=commitment, activities=[activity(S.COMPLETED)])
    publish(MilestonePage.objects.child_of(commitment).last())
    assert "1 de 2 acciones clave cumplidas" in client.get(commitment.url).content.decode()
    other = plan.get_children().specific().get(title="Fideicomisos")
    assert "0 de 1 acción clave cumplida" in client.get(other.url).content.decode()


def test_unpublished_milestone_and_unknown_pages_are_404(client, plan):
    commitment = plan.get_children().get(title="Gasto abierto")
    draft = MilestonePageFactory(parent=commitment, title="Hito borrador", live=False)
    assert client.get(f"{commitment.url}{draft.slug}/").status_code == 404
    assert "Hito borrador" not in client.get(commitment.url).content.decode()
    assert client.get(f"{plan.url}no-existe/").status_code == 404
    assert client.get("/organizaciones/nadie/").status_code == 404


def test_directory_detail_shows_plan_and_average_progress(client, plan):
    content = client.get("/instituciones/sfp/").content.decode()
    assert "Cuarto Plan" in content
    assert "Avance promedio 50 %" in content


def test_about_page_rules_come_from_progress_module(client, home):
    from home.models import AboutPage
    from planes.progress import rules_text

    about = AboutPage(title="Acerca", slug="acerca")
    home.add_child(instance=about)
    publish(about)
    content = client.get("/acerca/").content.decode()
    for title, _text in rules_text():
        assert f"<dt>{title}</dt>" in content


def test_percent_and_dates_are_localised():
    from planes.templatetags.tablero import long_date, month_year, percent, short_date

    assert percent(42.5) == "42.5 %"
    assert percent(100) == "100 %"
    assert long_date(datetime.date(2020, 3, 15)) == "15 de marzo de 2020"
    assert short_date(datetime.date(2020, 3, 5)) == "05/03/2020"
    assert month_year(datetime.date(2019, 12, 10)) == "diciembre de 2019"
