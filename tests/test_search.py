"""Spanish full-text search: the /buscar/ page and the API's ``search``, on SQLite and PostgreSQL.

Tests marked ``postgresql`` (stemming, stop words) need PostgreSQL's Spanish
configuration and are skipped on SQLite.
"""

import html
import re

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from cms.middleware import search_too_long
from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    InstitutionFactory,
    MilestonePageFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from planes.models import MilestonePage
from search.queries import STOP_WORDS, query_words, search_pages, word_forms
from tests.admin_forms import add_activity, milestone_edit_data
from tests.helpers import count_queries, edit_url, publish

URL = "https://www.gob.mx/sfp"

pytestmark = pytest.mark.django_db

SEARCH = "/buscar/"
PAGES = "/api/v2/pages/"


@pytest.fixture
def content(home):
    """Two published plans; commitments and milestones with every kind of indexed text."""
    plan = ActionPlanPageFactory(
        parent=home,
        title="Cuarto Plan de Acción",
        number=4,
        summary="<p>Compromisos cocreados con la sociedad civil en mesas de trabajo.</p>",
    )
    plan = publish(plan)
    sfp = InstitutionFactory(name="Secretaría de la Función Pública", acronym="SFP")
    inai = InstitutionFactory(name="Instituto Nacional de Transparencia", acronym="INAI")
    fundar = OrganizationFactory(name="Fundar, Centro de Análisis e Investigación", acronym="")
    spending = CommitmentPageFactory(
        parent=plan,
        number=1,
        title="Gasto abierto y responsable en programas sociales",
        objective="Que la ciudadanía vigile los presupuestos de los programas sociales.",
        problem="<p>La información sobre padrones de beneficiarios está dispersa.</p>",
    )
    spending.lead_institutions.set([sfp])
    spending.organizations.set([fundar])
    spending.tags.add("gasto público")
    spending = publish(spending)
    local = CommitmentPageFactory(
        parent=plan,
        number=13,
        title="Estrategia subnacional de gobierno abierto",
        objective="Impulsar ejercicios locales con participación ciudadana.",
    )
    local.lead_institutions.set([inai])
    local = publish(local)
    milestone = MilestonePageFactory(
        parent=spending,
        title="Tablero de seguimiento del gasto",
        description="<p>Publicar los padrones en formato abierto.</p>",
        activities=[
            activity(
                S.COMPLETED,
                title="Diseño del tablero",
                evidence=[evidence("Minuta de la mesa con organizaciones agrícolas")],
            )
        ],
    )
    milestone.updates = [
        ProgressUpdateFactory.build(
            text="<p>Se integraron los datos de <b>becas escolares</b>.</p>",
            author_institution=sfp,
        )
    ]
    milestone = publish(milestone)
    earlier = publish(ActionPlanPageFactory(parent=home, title="Tercer Plan de Acción", number=3))
    health = CommitmentPageFactory(
        parent=earlier,
        number=4,
        title="Servicios de salud para jóvenes",
        objective="Transparentar el gasto en salud sexual y reproductiva.",
    )
    health = publish(health)
    return {
        "plan": plan,
        "earlier": earlier,
        "spending": spending,
        "local": local,
        "milestone": milestone,
        "health": health,
    }


def result_ids(response) -> list[int]:
    """Page ids of the results, in the order shown."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<article [^>]*aria-labelledby="r(\d+)"', text(response))]


def text(response) -> str:
    return response.content.decode()


def api_ids(client, params) -> list[int]:
    response = client.get(PAGES, {"limit": 100, **params})
    assert response.status_code == 200, response.content[:300]
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("programas sociales", "spending"),  # title
        ("padrones beneficiarios", "spending"),  # problem (rich text)
        ("vigile", "spending"),  # objective
        ("Función Pública", "spending"),  # lead institution's name
        ("INAI", "local"),  # lead institution's acronym
        ("Fundar", "spending"),  # co-responsible organization
        ("gasto público", "spending"),  # tag
        ("formato abierto", "milestone"),  # milestone description
        ("becas escolares", "milestone"),  # progress update (inline rich text)
        ("agrícolas", "milestone"),  # evidence title (StreamField of an activity)
        ("Diseño del tablero", "milestone"),  # activity
        ("mesas de trabajo", "plan"),  # plan summary
    ],
)
def test_everything_people_look_for_is_indexed(client, content, query, expected):
    assert content[expected].pk in result_ids(client.get(SEARCH, {"q": query}))


def test_case_and_accents_do_not_matter(client, content):
    expected = [content["local"].pk]
    assert result_ids(client.get(SEARCH, {"q": "participacion CIUDADANA"})) == expected
    assert result_ids(client.get(SEARCH, {"q": "Participación ciudadana"})) == expected
    assert content["health"].pk in result_ids(client.get(SEARCH, {"q": "JOVENES"}))


def test_singular_and_plural_find_each_other(client, content):
    """Both databases: each word is also searched in its singular or plural."""
    assert content["spending"].pk in result_ids(client.get(SEARCH, {"q": "presupuesto"}))
    assert content["spending"].pk in result_ids(client.get(SEARCH, {"q": "padron"}))
    assert content["local"].pk in result_ids(client.get(SEARCH, {"q": "participaciones"}))
    assert content["health"].pk in result_ids(client.get(SEARCH, {"q": "servicio de salud"}))


@pytest.mark.postgresql
def test_spanish_stemming_and_stop_words_on_postgresql(client, content):
    # Other forms of a word: "vigilar" and "vigilancia" find "vigile", "integrar" finds
    # "integraron"; stop words ("de la") are ignored.
    for query in ("vigilar", "vigilancia", "vigilar los presupuestos de la ciudadanía"):
        assert result_ids(client.get(SEARCH, {"q": query})) == [content["spending"].pk], query
    assert result_ids(client.get(SEARCH, {"q": "integrar becas"})) == [content["milestone"].pk]
    assert content["health"].pk in result_ids(client.get(SEARCH, {"q": "transparencia"}))


def test_several_words_rank_the_page_that_is_about_them_first(client, content):
    """SQLite too (search/backend.py): the AND of several words keeps the best match first."""
    plan = content["plan"]
    filler = " ".join(["informe"] * 40)
    passing = CommitmentPageFactory(
        parent=plan, number=40, title="Vivienda", objective=f"{filler} agua {filler} rural"
    )
    about = CommitmentPageFactory(
        parent=plan,
        number=41,
        title="Agua rural",
        objective="Agua potable rural: agua para comunidades rurales, agua rural limpia.",
    )
    publish(passing)
    publish(about)
    assert result_ids(client.get(SEARCH, {"q": "agua rural"})) == [about.pk, passing.pk]


def test_results_show_type_plan_progress_and_marked_snippet(client, content):
    response = client.get(SEARCH, {"q": "programas sociales"})
    page = text(response)
    assert result_ids(response)[0] == content["spending"].pk
    assert 'role="status"' in page
    assert "resultados para «programas sociales»" in page or "resultado para" in page
    article = page[page.index(f'aria-labelledby="r{content["spending"].pk}"') :]
    article = article[: article.index("</article>")]
    assert "Compromiso" in article
    assert f'href="{content["plan"].url}"' in article  # the plan it belongs to
    assert "Avance" in article and "%" in article
    assert "<mark>programas</mark> <mark>sociales</mark>" in article
    # A milestone names its commitment too.
    page = text(client.get(SEARCH, {"q": "becas"}))
    assert "Acción clave" in page
    assert "Compromiso 1</a>" in page
    assert "<mark>becas</mark>" in page


def test_filters_by_plan_and_type(client, content):
    both = result_ids(client.get(SEARCH, {"q": "gasto"}))
    assert {content["spending"].pk, content["milestone"].pk, content["health"].pk} <= set(both)
    in_plan = result_ids(client.get(SEARCH, {"q": "gasto", "plan": content["earlier"].pk}))
    assert in_plan == [content["health"].pk]
    commitments = result_ids(client.get(SEARCH, {"q": "gasto", "type": "commitment"}))
    assert set(commitments) == {content["spending"].pk, content["health"].pk}
    milestones = result_ids(client.get(SEARCH, {"q": "gasto", "type": "milestone"}))
    assert milestones == [content["milestone"].pk]
    plans = result_ids(client.get(SEARCH, {"q": "cuarto", "type": "plan"}))
    assert plans == [content["plan"].pk]


def test_unknown_filter_values_are_reported_and_ignored(client, content):
    everything = result_ids(client.get(SEARCH, {"q": "gasto"}))
    response = client.get(SEARCH, {"q": "gasto", "type": "<b>x</b>", "plan": "9999"})
    assert result_ids(response) == everything
    assert "Algunos filtros no son válidos" in text(response)
    assert "<b>x</b>" not in text(response)
    assert result_ids(client.get(SEARCH, {"q": "gasto", "plan": "abc"})) == everything


def test_query_is_kept_in_url_input_and_pagination(client, content, monkeypatch):
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 1)
    params = {"q": "gasto", "type": "commitment", "plan": content["plan"].pk}
    for number in (2, 3):
        publish(
            CommitmentPageFactory(
                parent=content["plan"], number=number, title=f"Más gasto {number}"
            )
        )
    response = client.get(SEARCH, params)
    page = text(response)
    assert 'value="gasto"' in page
    assert f'<option value="{content["plan"].pk}" selected>' in page
    assert '<option value="commitment" selected>' in page
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', page).group(1))
    assert "q=gasto" in next_link and "type=commitment" in next_link
    assert f"plan={content['plan'].pk}" in next_link and "page=2" in next_link
    second = client.get(SEARCH + next_link)
    assert "Página 2 de 3" in text(second)
    shown = (
        result_ids(response)
        + result_ids(second)
        + result_ids(client.get(SEARCH + next_link[:-1] + "3"))
    )
    assert sorted(shown) == sorted(set(shown)) and len(shown) == 3


def test_nothing_found_explains_and_suggests(client, content):
    response = client.get(SEARCH, {"q": "zzxxqq inexistente"})
    page = text(response)
    assert result_ids(response) == []
    assert "0 resultados" in page
    assert "No encontramos nada" in page
    assert "ortografía" in page and "menos palabras" in page
    assert f'href="{content["plan"].url}"' in page  # links to the plans
    assert f"{SEARCH}?q=gasto%20p%C3%BAblico" in page  # a frequent theme


def test_empty_query_shows_the_form_only(client, content):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "¿?¡!"}):
        response = client.get(SEARCH, params)
        assert response.status_code == 200
        assert result_ids(response) == []
        assert 'role="search"' in text(response) and '<label for="q">' in text(response)


BAD_INPUTS = [
    "x" * 1000,
    "salud " * 200,
    "'; DROP TABLE wagtailcore_page;--",
    '<script>alert("xss")</script>',
    '"',
    "'",
    '"salud',
    "salud AND OR NOT NEAR(",
    "gasto*",
    "🙂🏛️",
    "gasto\x00público",
    "a\\b:c&d|e!f(g)",
    "%",
    "\u202egasto",
]


@pytest.mark.parametrize("query", BAD_INPUTS)
def test_bad_input_is_harmless_on_the_site(client, content, query):
    response = client.get(SEARCH, {"q": query, "page": "abc", "type": "??", "plan": "-1"})
    assert response.status_code == 200
    page = text(response)
    assert "<script>alert" not in page
    assert '"xss")</script>' not in page
    assert "\x00" not in page
    if "script" in query:
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize("query", BAD_INPUTS)
def test_bad_input_is_harmless_in_the_api(client, content, query):
    response = client.get(PAGES, {"search": query})
    if "\x00" in query or search_too_long(query):  # null characters, hundreds of words
        assert response.status_code == 400
        assert response.json()["message"]
    else:
        assert response.status_code == 200, response.content[:300]
        assert isinstance(response.json()["items"], list)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "9999", "1.5", ""])
def test_any_page_number_shows_a_page(client, content, page):
    response = client.get(SEARCH, {"q": "gasto", "page": page})
    assert response.status_code == 200
    assert result_ids(response)


def test_api_bad_search_operator_is_400(client, content):
    response = client.get(PAGES, {"search": "gasto", "search_operator": "xor"})
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "query", ["gasto", "programas sociales", "INAI", "participacion ciudadana", "zzz", ""]
)
def test_api_gives_the_same_results_in_the_same_order(client, content, query):
    site = result_ids(client.get(SEARCH, {"q": query}))
    assert api_ids(client, {"search": query}) == site
    assert [p.pk for p in search_pages(query)] == site
    commitments = result_ids(client.get(SEARCH, {"q": query, "type": "commitment"}))
    assert api_ids(client, {"search": query, "type": "planes.CommitmentPage"}) == commitments


def test_only_published_content_is_found_and_the_index_follows_publishing(client, content):
    milestone = MilestonePage.objects.get(pk=content["milestone"].pk)
    # A change published through Wagtail's revisions is found at once, inline models included.
    milestone.title = "Tablero zarzamora"
    milestone.updates = [
        *milestone.updates.all(),
        ProgressUpdateFactory.build(text="<p>Acta tamarindo</p>", author_institution_id=None),
    ]
    for update in milestone.updates.all():
        update.author_institution = content["spending"].lead_institutions.first()
    milestone = publish(milestone)
    assert result_ids(client.get(SEARCH, {"q": "zarzamora"})) == [milestone.pk]
    assert result_ids(client.get(SEARCH, {"q": "tamarindo"})) == [milestone.pk]
    # A draft's words are never found, and the published words stay.
    milestone.title = "Tablero guanabana"
    milestone.save_revision()
    assert result_ids(client.get(SEARCH, {"q": "guanabana"})) == []
    assert api_ids(client, {"search": "guanabana"}) == []
    assert result_ids(client.get(SEARCH, {"q": "zarzamora"})) == [milestone.pk]
    # A page that was never published is never found.
    CommitmentPageFactory(parent=content["plan"], number=20, title="Borrador membrillo", live=False)
    assert result_ids(client.get(SEARCH, {"q": "membrillo"})) == []
    assert api_ids(client, {"search": "membrillo"}) == []
    # Unpublished: gone.
    milestone.refresh_from_db()
    milestone.unpublish()
    assert result_ids(client.get(SEARCH, {"q": "zarzamora"})) == []
    assert api_ids(client, {"search": "zarzamora"}) == []
    # Published again: back.
    milestone = MilestonePage.objects.get(pk=milestone.pk)
    milestone.get_latest_revision().publish()
    assert result_ids(client.get(SEARCH, {"q": "guanabana"})) == [milestone.pk]


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("presupuesto", ["presupuesto", "presupuestos"]),
        ("presupuestos", ["presupuestos", "presupuesto"]),
        ("participación", ["participación", "participaciones"]),
        ("Participaciones", ["Participaciones", "Participacion"]),
        ("ciudad", ["ciudad", "ciudades"]),
        ("INAI", ["INAI"]),
        ("2020", ["2020"]),
        ("red", ["red"]),
    ],
)
def test_word_forms(word, forms):
    assert word_forms(word) == forms


def test_publishing_through_the_admin_updates_the_index(admin_client, client, content):
    """The real page editor: a new activity with evidence, saved as a draft (never found),
    then published (found at once)."""
    milestone = content["milestone"]
    data = milestone_edit_data(admin_client, milestone)
    add_activity(
        data,
        title="Taller con cafeticultores",
        evidence=[{"title": "Relatoría del taller de nopal", "date": "2020-03-01", "url": URL}],
    )
    response = admin_client.post(edit_url(milestone), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    for query in ("cafeticultores", "nopal"):
        assert result_ids(client.get(SEARCH, {"q": query})) == []
    draft = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
    data = milestone_edit_data(admin_client, draft)
    data["action-publish"] = "1"
    response = admin_client.post(edit_url(milestone), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    for query in ("cafeticultores", "nopal"):
        assert result_ids(client.get(SEARCH, {"q": query})) == [milestone.pk], query
        assert api_ids(client, {"search": query}) == [milestone.pk], query


def test_pages_behind_a_view_restriction_are_never_found(client, content):
    PageViewRestriction.objects.create(
        page=content["earlier"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert result_ids(client.get(SEARCH, {"q": "salud"})) == []
    assert api_ids(client, {"search": "salud"}) == []
    assert content["health"].pk not in result_ids(client.get(SEARCH, {"q": "gasto"}))


def test_renaming_a_directory_entry_reindexes_its_pages(client, content):
    inai = content["local"].lead_institutions.get()
    inai.acronym = "INAIP"
    inai.save()
    assert result_ids(client.get(SEARCH, {"q": "INAIP"})) == [content["local"].pk]
    assert result_ids(client.get(SEARCH, {"q": "INAI"})) == []


def test_query_words_keep_only_words():
    assert query_words("'; DROP TABLE--") == ["DROP", "TABLE"]
    assert query_words('<script>"x"</script>') == ["script", "x", "script"]
    assert query_words("participación  ciudadana!") == ["participación", "ciudadana"]
    assert query_words("🙂 \x00 \"'") == []
    assert len(query_words("palabra " * 500)) == 12


def test_query_count_does_not_grow_with_results(
    client, content, monkeypatch, django_assert_num_queries, django_assert_max_num_queries
):
    """Few or many matching pages of each type: the same number of queries per page."""
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 50)  # every result on one page
    params = {"q": "gasto"}
    client.get(SEARCH, params)  # warm caches (site root, content types)
    few = count_queries(client, SEARCH, params)
    institution = InstitutionFactory()
    organization = OrganizationFactory()
    for number in range(30, 38):
        commitment = CommitmentPageFactory(
            parent=content["plan"], number=number, title=f"Gasto {number}"
        )
        commitment.lead_institutions.set([institution])
        commitment.organizations.set([organization])
        commitment.tags.add("gasto", "tema")
        commitment = publish(commitment)
        milestone = MilestonePageFactory(
            parent=commitment,
            title="Gasto por estado",
            activities=[activity(S.COMPLETED), activity()],
        )
        milestone.updates = [ProgressUpdateFactory.build(author_institution=institution)]
        milestone.responsible_institutions.set([institution])
        publish(milestone)
    response = client.get(SEARCH, params)
    assert len(result_ids(response)) == 3 + 16
    with django_assert_num_queries(few):
        assert client.get(SEARCH, params).status_code == 200
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 5)
    with django_assert_max_num_queries(few):
        assert client.get(SEARCH, {**params, "page": "2"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        # With order, the pages found, in that order: any orderable field.
        {"type": "planes.CommitmentPage", "order": "-progress"},
        {"type": "planes.CommitmentPage", "order": "title"},
        # A field the index does not hold combines too (planes.api.filters.FieldsFilter).
        {"type": "planes.CommitmentPage", "ogp_id": "MX0001"},
        {"type": "planes.CommitmentPage", "number": "1"},
        {"type": "planes.CommitmentPage", "institution": "sfp"},
        {"type": "planes.CommitmentPage", "tag": "gasto-publico"},
        {"type": "planes.MilestonePage", "delayed": "false"},
        {"child_of": "{home}"},
        {"descendant_of": "{home}", "search_operator": "or"},
        {"type": "home.HomePage"},
        {"fields": "*", "type": "planes.MilestonePage"},
    ],
)
def test_api_search_combines_with_the_other_parameters(client, home, content, params):
    """Search combines with the other parameters, never a server error."""
    params = {key: value.format(home=home.pk) for key, value in params.items()}
    response = client.get(PAGES, {"search": "gasto", **params})
    assert response["Content-Type"] == "application/json"
    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


ANY_WORD_NOTICE = "No encontramos páginas con todas las palabras"
ONE_WORD_NOTICE = "No encontramos páginas con esa palabra"
STOP_WORDS_NOTICE = "sólo tiene palabras muy comunes"
FILLER = " ".join(["informe"] * 40)


def test_an_ogp_id_ranks_its_commitment_first(client, content):
    spending = content["spending"]
    mentions = [
        publish(
            MilestonePageFactory(
                parent=spending,
                title=f"Reporte {n}",
                description=f"<p>{spending.ogp_id} {spending.ogp_id}.</p>",
            )
        )
        for n in range(2)
    ]
    for query in (spending.ogp_id, spending.ogp_id.lower()):
        ids = result_ids(client.get(SEARCH, {"q": query}))
        assert ids[0] == spending.pk, query
        assert set(ids[1:]) == {m.pk for m in mentions}
        assert api_ids(client, {"search": query}) == ids
    # The id and other words: the commitment first if it has them all...
    assert result_ids(client.get(SEARCH, {"q": f"{spending.ogp_id} reporte"})) != []
    ids = result_ids(client.get(SEARCH, {"q": f"{spending.ogp_id} padrones"}))
    assert ids[0] == spending.pk
    # ... and never when a filter leaves it out.
    ids = result_ids(client.get(SEARCH, {"q": spending.ogp_id, "type": "milestone"}))
    assert sorted(ids) == sorted(m.pk for m in mentions)


def test_a_title_that_is_the_query_ranks_its_page_first(client, content):
    plan = content["plan"]
    exact = publish(
        CommitmentPageFactory(
            parent=plan, number=50, title="Agua potable", objective=f"{FILLER} acueducto"
        )
    )
    for number in (51, 52, 53):
        publish(
            CommitmentPageFactory(
                parent=plan,
                number=number,
                title=f"Vivienda {number}",
                objective="Agua potable: agua potable para todos, agua potable limpia.",
            )
        )
    for query in ("agua potable", "AGUA, Potable."):
        ids = result_ids(client.get(SEARCH, {"q": query}))
        assert ids[0] == exact.pk and len(ids) == 4, query
        assert api_ids(client, {"search": query}) == ids
    # An explicit order (API) is kept.
    ordered = api_ids(client, {"search": "agua potable", "order": "-id"})
    assert ordered == sorted(ordered, reverse=True)


def test_results_are_paginated_across_the_pages_ranked_first(client, content, monkeypatch):
    spending = content["spending"]
    for n in range(3):
        publish(
            MilestonePageFactory(
                parent=spending, title=f"Reporte {n}", description=f"<p>{spending.ogp_id}</p>"
            )
        )
    everything = result_ids(client.get(SEARCH, {"q": spending.ogp_id}))
    assert len(everything) == 4 and everything[0] == spending.pk
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 3)
    shown = [
        *result_ids(client.get(SEARCH, {"q": spending.ogp_id})),
        *result_ids(client.get(SEARCH, {"q": spending.ogp_id, "page": "2"})),
    ]
    assert shown == everything
    for offset in range(5):
        page = api_ids(client, {"search": spending.ogp_id, "limit": 2, "offset": offset})
        assert page == everything[offset : offset + 2]
    response = client.get(PAGES, {"search": spending.ogp_id, "limit": 1})
    assert response.json()["meta"]["total_count"] == 4
    assert [p.pk for p in search_pages(spending.ogp_id)] == everything
    assert search_pages(spending.ogp_id)[1].pk == everything[1]


def test_no_page_with_every_word_shows_pages_with_any_of_them(client, content):
    query = "padrones zarzamora"  # "zarzamora" is nowhere
    response = client.get(SEARCH, {"q": query})
    ids = result_ids(response)
    assert {content["spending"].pk, content["milestone"].pk} == set(ids)
    assert ANY_WORD_NOTICE in text(response)
    assert "2 resultados para «padrones zarzamora»" in text(response)
    assert api_ids(client, {"search": query}) == ids
    assert api_ids(client, {"search": query, "search_operator": "or"}) == ids
    # Filters still apply.
    only = result_ids(client.get(SEARCH, {"q": query, "type": "milestone"}))
    assert only == [content["milestone"].pk]
    # Every word on some page: only those, no notice.
    response = client.get(SEARCH, {"q": "padrones beneficiarios"})
    assert result_ids(response) == [content["spending"].pk]
    assert ANY_WORD_NOTICE not in text(response)
    # No page with any word: nothing found, no notice.
    response = client.get(SEARCH, {"q": "zarzamora guanabana"})
    assert result_ids(response) == []
    assert "No encontramos nada" in text(response)
    assert ANY_WORD_NOTICE not in text(response)


def test_any_word_ranks_the_pages_with_more_of_the_words_first(client, content):
    plan = content["plan"]
    one = publish(
        CommitmentPageFactory(
            parent=plan, number=60, title="Nopal", objective="Nopal, nopal y nopal: nopal."
        )
    )
    two = publish(
        CommitmentPageFactory(
            parent=plan,
            number=61,
            title="Huertos urbanos",
            objective=f"{FILLER} nopal {FILLER} cilantro {FILLER}",
        )
    )
    for query in ("nopal cilantro guanabana", "cilantro nopal guanabana"):
        response = client.get(SEARCH, {"q": query})
        assert result_ids(response) == [two.pk, one.pk], query
        assert ANY_WORD_NOTICE in text(response)
        assert api_ids(client, {"search": query}) == [two.pk, one.pk]


def test_any_word_also_finds_the_words_that_begin_like_them(client, content):
    audit = publish(
        CommitmentPageFactory(
            parent=content["plan"],
            number=62,
            title="Cuentas claras",
            objective="Fiscalización ciudadana de los recursos públicos.",
        )
    )
    # The search for every word takes whole words only ("fiscal" is not on any page):
    # then the page with both words, one of them begun, comes first.
    response = client.get(SEARCH, {"q": "fiscal ciudadana"})
    assert result_ids(response)[0] == audit.pk
    assert ANY_WORD_NOTICE in text(response)
    assert result_ids(client.get(SEARCH, {"q": "fiscal zarzamora"})) == [audit.pk]
    # One word that no page has: the words that begin with it.
    response = client.get(SEARCH, {"q": "fiscal"})
    assert result_ids(response) == [audit.pk]
    assert ONE_WORD_NOTICE in text(response)
    assert "<mark>Fiscalización</mark>" in text(response)
    assert api_ids(client, {"search": "fiscal"}) == [audit.pk]
    # Short words are not cut short: "red" does not find "recursos" nor "reducir".
    assert result_ids(client.get(SEARCH, {"q": "red"})) == []


@pytest.mark.parametrize("query", ["de", "a", "la", "de la", "De LA y", "¿de?", "sobre los"])
def test_a_query_of_only_stop_words_is_an_empty_query(client, content, query):
    response = client.get(SEARCH, {"q": query})
    page = text(response)
    assert result_ids(response) == []
    assert STOP_WORDS_NOTICE in page
    assert "resultados para" not in page and "No encontramos" not in page
    assert f'value="{html.escape(query)}"' in page  # kept in the box
    api = client.get(PAGES, {"search": query})
    assert api.status_code == 200
    assert api.json() == client.get(PAGES, {"search": ""}).json()  # as an empty search
    assert api.json()["meta"]["total_count"] == 0


def test_stop_words_are_left_out_of_a_query_on_both_databases(client, content):
    assert result_ids(client.get(SEARCH, {"q": "la salud de los jóvenes"})) == result_ids(
        client.get(SEARCH, {"q": "salud jóvenes"})
    )
    assert result_ids(client.get(SEARCH, {"q": "salud"})) == [content["health"].pk]
    # Words PostgreSQL's Spanish configuration ignores are ignored on SQLite too.
    assert result_ids(client.get(SEARCH, {"q": "salud sobre estos"})) == [content["health"].pk]


@pytest.mark.postgresql
def test_stop_words_are_those_postgresql_ignores():
    """Each stop word is one PostgreSQL's Spanish configuration drops too ("u" and "unas"
    aside), so the two databases leave out the same words."""
    with connection.cursor() as cursor:
        for word in sorted(STOP_WORDS - {"u", "unas"}):
            cursor.execute("SELECT to_tsvector('spanish_unaccent', %s)::text", [word])
            assert cursor.fetchone()[0] == "", word
        for word in ("salud", "más", "también", "gasto"):
            cursor.execute("SELECT to_tsvector('spanish_unaccent', %s)::text", [word])
            assert cursor.fetchone()[0] != "", word


def test_folding_is_one_character_for_one_without_case_or_accents():
    """search/highlight.py folds whole texts through a table; the same result as folding
    each character (decomposed, first part, lower case) for every character it may meet."""
    import unicodedata

    from search.highlight import fold

    def by_character(text):
        folded = (unicodedata.normalize("NFD", c)[0].lower() for c in text)
        return "".join(f if len(f) == 1 else c for f, c in zip(folded, text, strict=True))

    text = "".join(chr(code) for code in range(32, 0x250)) + "İstanbul ﬁn Ñandú €"
    assert fold(text) == by_character(text)
    assert len(fold(text)) == len(text)
    assert fold("Participación CIUDADANA") == "participacion ciudadana"
