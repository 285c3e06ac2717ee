"""The cheaper cold path (issue #19, item 3): cached fragments, plan figures and downloads
per plan version, and the search's bounded ranking, are invisible to correctness.

The page cache stays off here (test settings): every request renders its page, and what it
reuses is only what this work keeps (planes/templatetags/fragments.py, page_cache.
per_section and per_generation).
"""

import csv
import io

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from cms.settings.base import interface_language
from demo.factories import CommitmentPageFactory, InstitutionFactory, activity
from planes import page_cache
from planes.choices import ActivityStatus as S
from planes.models import CommitmentPage, MilestonePage
from search import queries as search_queries
from tests.admin_forms import page_form_data
from tests.helpers import count_queries, edit_url, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


def cards(response) -> str:
    """The plan dashboard's list of commitment cards."""
    content = response.content.decode()
    start = content.index('class="commitment-list"')
    return content[start : content.index("</section>", start)]


def card_of(response, title: str) -> str:
    listing = cards(response)
    start = listing.index(title)
    return listing[listing.rindex("<article", 0, start) : listing.index("</article>", start)]


def fragment_keys() -> set[str]:
    """The fragments the (local-memory) test cache holds."""
    return {key for key in caches["fragments"]._cache if "tablero:fragment:" in key}


def test_cards_come_from_the_cache_once_rendered(client, public_plan):
    url = public_plan.plan.url
    first = client.get(url)
    stored = fragment_keys()
    assert len(stored) == 2  # one card per published commitment
    second = client.get(url)
    assert fragment_keys() == stored  # nothing rendered again
    assert second.content == first.content


def test_a_published_change_shows_on_its_card_at_once(client, public_plan):
    url = public_plan.plan.url
    client.get(url)
    commitment = public_plan.first
    commitment.title = "Gasto abierto y verificable"
    publish(commitment)
    listing = cards(client.get(url))
    assert "Gasto abierto y verificable" in listing
    assert "Fideicomisos" in listing


def test_a_published_milestone_changes_its_commitments_card_and_row(client, public_plan):
    plan_url, commitment_url = public_plan.plan.url, public_plan.first.url
    before_card = card_of(client.get(plan_url), "Gasto abierto")
    before_page = client.get(commitment_url).content.decode()
    milestone = MilestonePage.objects.get(pk=public_plan.late.pk)
    milestone.title = "Mesa de diálogo instalada"
    milestone.activities = [activity(S.COMPLETED, title="Convocar")]
    publish(milestone)
    after_card = card_of(client.get(plan_url), "Gasto abierto")
    assert after_card != before_card  # the stored figures changed: «Avance», the bar
    assert "2 de 2 acciones clave cumplidas" not in before_card
    page = client.get(commitment_url).content.decode()
    assert "Mesa de diálogo instalada" in page and "Mesa de diálogo instalada" not in before_page


def test_a_change_the_cache_was_never_told_about_shows_with_the_plans_next_version(
    client, public_plan
):
    """The dashboard's list of commitments is kept per version of the plan: an UPDATE that
    sends no signal (no publication) shows once anything under the plan is published (every
    change the application makes goes through one); each card is then keyed by what it shows,
    so only the changed one is drawn again."""
    url = public_plan.plan.url
    client.get(url)
    kept = fragment_keys()
    CommitmentPage.objects.filter(pk=public_plan.second.pk).update(title="Fideicomisos públicos")
    page_cache.invalidate_section(public_plan.plan)  # what any publication under it does
    assert "Fideicomisos públicos" in cards(client.get(url))
    assert len(fragment_keys() - kept) == 1


def test_cards_from_the_cache_read_none_of_their_relations(client, public_plan):
    """The cards' institutions and organizations are fetched only to render a card
    the cache does not hold (``prefetch=`` in planes/templatetags/fragments.py)."""
    url = public_plan.plan.url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = ("planes_institution", "planes_organization", "taggit_tag")
    assert not [q for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def test_institutions_published_on_a_commitment_show_on_its_card(client, public_plan):
    url = public_plan.plan.url
    assert "INAI" not in card_of(client.get(url), "Gasto abierto")
    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.lead_institutions.set([public_plan.sfp, public_plan.inai])
    publish(commitment)
    card = card_of(client.get(url), "Gasto abierto")
    assert ">INAI</abbr>" in card and ">SFP</abbr>" in card


def test_a_directory_entry_renamed_shows_on_the_cards(client, public_plan):
    url = public_plan.plan.url
    client.get(url)
    public_plan.inai.acronym = "INAIP"
    public_plan.inai.save()
    assert ">INAIP</abbr>" in cards(client.get(url))


def test_drafts_never_reach_a_cached_fragment(client, public_plan):
    plan_url, commitment_url = public_plan.plan.url, public_plan.first.url
    for _ in range(2):
        client.get(plan_url)
        client.get(commitment_url)
    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.title = "Título del borrador"
    commitment.save_revision()  # saved, not published
    for _ in range(2):
        listing = cards(client.get(plan_url))
        assert "Título del borrador" not in listing and "Gasto abierto" in listing
        assert "Borrador secreto" not in listing  # the never-published commitment
        page = client.get(commitment_url).content.decode()
        assert "Título en revisión" not in page  # the milestone's change awaiting review
        assert "Mesa de diálogo" in page


def test_each_language_has_its_own_fragments(client, public_plan):
    url = public_plan.plan.url
    spanish = cards(client.get(url))
    assert "Institución responsable" in spanish
    with override_settings(**interface_language("en")):
        english = cards(client.get(url))
        assert "Responsible institution" in english
        assert "Institución responsable" not in english
    again = cards(client.get(url))
    assert again == spanish
    assert "Responsible institution" not in again


def test_plan_page_queries_stay_constant_as_commitments_grow(
    client, public_plan, django_assert_num_queries, django_assert_max_num_queries
):
    url = public_plan.plan.url
    cache.clear()
    caches["fragments"].clear()
    empty = count_queries(client, url)  # nothing cached (Wagtail's site paths neither)
    warm = count_queries(client, url)  # the figures, options and cards cached
    assert warm < empty
    institution = InstitutionFactory(name="Instituto Nuevo", acronym="IN")
    for number in range(10, 18):
        commitment = CommitmentPageFactory(parent=public_plan.plan, number=number)
        commitment.lead_institutions.set([institution])
        publish(commitment)
    with django_assert_max_num_queries(empty, info="new cards, figures and options"):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(warm, info="everything cached"):
        assert client.get(url).status_code == 200
    cache.clear()
    caches["fragments"].clear()
    with django_assert_num_queries(empty, info="an empty cache"):
        assert client.get(url).status_code == 200


def test_plan_figures_follow_a_publication(client, public_plan):
    url = public_plan.plan.url
    assert "2 compromisos de 2" in client.get(url).content.decode()
    publish(CommitmentPageFactory(parent=public_plan.plan, number=3, title="Compras abiertas"))
    content = client.get(url).content.decode()
    assert "3 compromisos de 3" in content and "Compras abiertas" in content


# Downloads of a plan, per plan version ------------------------------------------------
def csv_rows(client, url) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))


def test_a_plan_csv_is_written_once_per_version(client, public_plan):
    url = f"/datos/planes/{public_plan.plan.pk}/acciones-clave.csv"
    first = count_queries(client, url)
    again = count_queries(client, url)
    assert again < first  # served from the cache, not written again
    assert client.get(url)["ETag"] and client.get(url)["Content-Disposition"].endswith('.csv"')


def test_a_publication_changes_the_next_csv_and_xlsx(client, public_plan):
    url = f"/datos/planes/{public_plan.plan.pk}/acciones-clave.csv"
    xlsx = url.replace(".csv", ".xlsx")
    titles = {row["title"] for row in csv_rows(client, url)}
    before_xlsx = client.get(xlsx)
    assert "Padrón publicado" in titles
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    milestone.title = "Padrón verificado"
    publish(milestone)
    titles = {row["title"] for row in csv_rows(client, url)}
    assert "Padrón verificado" in titles and "Padrón publicado" not in titles
    assert client.get(xlsx)["ETag"] != before_xlsx["ETag"]


def test_a_draft_never_reaches_a_cached_csv(client, public_plan):
    url = f"/datos/planes/{public_plan.plan.pk}/acciones-clave.csv"
    csv_rows(client, url)
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    milestone.title = "Padrón en borrador"
    milestone.save_revision()
    titles = {row["title"] for row in csv_rows(client, url)}
    assert "Padrón en borrador" not in titles and "Título en revisión" not in titles


# The search's bounded ranking --------------------------------------------------------
def test_the_search_keeps_only_the_most_relevant_and_says_so(client, public_plan, monkeypatch):
    monkeypatch.setattr(search_queries, "MAX_CANDIDATES", 2)
    for number in range(20, 24):
        publish(
            CommitmentPageFactory(
                parent=public_plan.plan, number=number, title=f"Transparencia presupuestal {number}"
            )
        )
    content = client.get("/buscar/", {"q": "transparencia presupuestal"}).content.decode()
    assert "4 resultados para «transparencia presupuestal»" in content
    assert "Se muestran los 2 más relevantes" in content
    assert content.count('class="card search-result') == 2
    assert "Página" not in content  # two results: one page


def test_the_search_sees_a_publication_at_once(client, public_plan):
    assert "0 resultados" in client.get("/buscar/", {"q": "ornitorrinco"}).content.decode()
    publish(CommitmentPageFactory(parent=public_plan.plan, number=30, title="Ornitorrinco abierto"))
    content = client.get("/buscar/", {"q": "ornitorrinco"}).content.decode()
    assert "1 resultado para «ornitorrinco»" in content and "Ornitorrinco abierto" in content


def test_a_commitment_preview_shows_its_draft_and_never_reaches_the_public(
    client, admin_client, public_plan
):
    """The commitment page keeps its content per version of the plan; a preview computes
    its own from the draft and stores nothing the public page reads."""
    commitment = public_plan.first
    public = client.get(commitment.url).content.decode()  # computed and kept
    assert "Antecedentes del borrador" not in public
    data = page_form_data(admin_client, edit_url(commitment), "page-edit-form")
    data["background"] = rich_text("<p>Antecedentes del borrador</p>")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[commitment.pk])
    assert admin_client.post(preview_url, data).json()["is_valid"]
    preview = admin_client.get(preview_url).content.decode()
    assert "Antecedentes del borrador" in preview
    assert "Antecedentes del borrador" not in client.get(commitment.url).content.decode()


def test_directory_cards_follow_a_publication_and_their_plans_title(client, public_plan):
    url = f"/instituciones/{public_plan.sfp.slug}/"
    assert "Gasto abierto" in client.get(url).content.decode()
    commitment = CommitmentPage.objects.get(pk=public_plan.first.pk)
    commitment.title = "Gasto abierto y verificable"
    publish(commitment)
    plan = public_plan.plan
    plan.title = "Cuarto Plan de Acción"
    publish(plan)
    page = client.get(url).content.decode()
    assert "Gasto abierto y verificable" in page
    assert "Cuarto Plan de Acción" in page
