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


def site_ids(client, query) -> list[int]:
    response = client.get("/buscar/", {"q": query})
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
