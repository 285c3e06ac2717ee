"""Relevance: what citizens type, over the demo content (Mexico's Fourth Plan).

For each query the commitment a person is looking for must be among the first
three results of /buscar/, and the API must give the same results in the same
order. The demo content is loaded once per test (it is the slow part).
"""

import re

import pytest

from planes.models import CommitmentPage, MilestonePage

pytestmark = pytest.mark.django_db

#: Query → number of the commitment it is looking for (both databases).
QUERIES = {
    "salud": 4,
    "presupuesto": 1,
    "INAI": 13,
    "agua": 10,
    "fideicomisos": 9,
    "participacion ciudadana": 2,
    "control de armas": 12,
    "beneficiarios finales": 11,
    "educacion": 3,
    "cuidados": 8,
    "jovenes": 4,
    "intervencion de comunicaciones": 7,
    "inclusion laboral": 5,
    "seguridad publica": 6,
    "programas sociales": 1,
    "desarrollo rural": 2,
}

#: Queries that need PostgreSQL's Spanish stemming (other forms of the words).
POSTGRESQL_QUERIES = {
    "gobierno abierto en los estados": 13,
    "cuidar": 8,
    "vigilar los fideicomisos": 9,
}

TOP = 3


def site_ids(client, query, **filters) -> list[int]:
    response = client.get("/buscar/", {"q": query, **filters})
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<article [^>]*aria-labelledby="r(\d+)"', response.text)]


def api_ids(client, query, limit=10) -> list[int]:
    response = client.get("/api/v2/pages/", {"search": query, "limit": limit})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def check(client, queries) -> None:
    commitments = {c.number: c.pk for c in CommitmentPage.objects.live()}
    ranks, failures = {}, []
    for query, number in queries.items():
        ids = site_ids(client, query)
        pk = commitments[number]
        ranks[query] = ids.index(pk) + 1 if pk in ids else None
        if ranks[query] is None or ranks[query] > TOP:
            failures.append(query)
        assert api_ids(client, query) == ids, query
    report = "\n".join(f"{q!r}: compromiso {queries[q]} en el lugar {r}" for q, r in ranks.items())
    print(report)
    assert not failures, f"fuera de los {TOP} primeros: {failures}\n{report}"


def test_citizen_queries_find_the_right_commitment(client, demo):
    check(client, QUERIES)
    # load_demo indexes the milestones' inline content too: evidence titles and updates.
    milestone = MilestonePage.objects.get(slug="grupo-trabajo-participativo")
    assert milestone.pk in site_ids(client, "propuesta de integracion del grupo")
    updated = MilestonePage.objects.filter(updates__text__contains="concluyeron").distinct()
    assert set(api_ids(client, "concluyeron", limit=100)) >= {m.pk for m in updated}


@pytest.mark.postgresql
def test_citizen_queries_that_need_spanish_stemming(client, demo):
    check(client, POSTGRESQL_QUERIES)


#: Notice shown when no page has every word and the results have some of them.
ANY_WORD_NOTICE = "No encontramos páginas con todas las palabras"

#: Queries whose words are never all on one page → the commitment they look for.
ANY_WORD_QUERIES = {
    "armas de fuego": 12,  # "fuego" is nowhere
    "tráfico de armas": 12,  # "tráfico" is nowhere
    "transparencia fiscal": 9,  # "fiscal" only begins "fiscalización"
}


def test_an_ogp_id_finds_its_commitment_first(client, demo):
    """The commitment itself, before its milestones (whose evidence mentions its id)."""
    commitment = CommitmentPage.objects.get(ogp_id="MX0075")
    for query in ("MX0075", "mx0075", " MX0075 "):
        ids = site_ids(client, query)
        assert ids[0] == commitment.pk, query
        assert len(ids) > 1  # its milestones are found too, after it
        assert api_ids(client, query) == ids, query
    assert site_ids(client, "MX0086")[0] == CommitmentPage.objects.get(ogp_id="MX0086").pk
    # With a filter, an exact id never brings in what the filter leaves out.
    milestones = site_ids(client, "MX0075", type="milestone")
    assert milestones and commitment.pk not in milestones


def test_when_no_page_has_every_word_any_word_is_searched(client, demo):
    check(client, ANY_WORD_QUERIES)
    for query in ANY_WORD_QUERIES:
        response = client.get("/buscar/", {"q": query})
        assert ANY_WORD_NOTICE in response.text, query
        response = client.get("/api/v2/pages/", {"search": query})
        assert set(response.json()) == {"meta", "items"}  # the API's shape is unchanged
        assert set(response.json()["meta"]) == {"total_count"}
    # Every word on some page: only those pages, no notice.
    response = client.get("/buscar/", {"q": "control de armas"})
    assert ANY_WORD_NOTICE not in response.text
    assert site_ids(client, "control de armas")[0] == CommitmentPage.objects.get(number=12).pk
