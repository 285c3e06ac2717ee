"""Issue #15: the public pages read right the first time. Progress names what it counts,
the in-progress share is not progress, each scale is explained where it appears, one
number per commitment, and what proves a commitment is on its own page."""

import re

import pytest

from demo.factories import DocumentFactory, MilestonePageFactory, activity, evidence
from planes.choices import ActivityStatus as S
from tests.helpers import count_queries, publish

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    """The visible words of some markup, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


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
    baseline = count_queries(client, url)
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
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert "13 evidencias publicadas" in text(section(response.content.decode(), "evidencias"))
