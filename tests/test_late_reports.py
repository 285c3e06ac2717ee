"""«Informado después del cierre»: evidence (and updates, tests/test_periods.py) dated inside
a closed period but first published after it closed is marked on the public pages."""

import datetime

import pytest

from planes.models import EvidencePublication, MilestonePage, ReportingPeriod
from planes.periods import close_period
from tests.helpers import publish

pytestmark = pytest.mark.django_db
LATE = "informado después del cierre"


@pytest.fixture
def period(public_plan):
    return ReportingPeriod.objects.create(
        plan=public_plan.plan,
        name="Semestre 1",
        start_date=datetime.date(2019, 9, 1),
        end_date=datetime.date(2020, 2, 29),
    )


def add_evidence(milestone_pk, title: str, day: datetime.date) -> MilestonePage:
    """Append an evidence link to the milestone's first activity and publish it."""
    milestone = MilestonePage.objects.get(pk=milestone_pk)
    activity = milestone.activities.first()
    activity.evidence.append(
        (
            "evidence",
            {
                "title": title,
                "date": day,
                "kind": "deliverable",
                "document": None,
                "url": "https://example.org/" + title.replace(" ", "-"),
            },
        )
    )
    activity.save()
    return publish(milestone)


def around(html: str, title: str) -> str:
    """The evidence item's line: from its title to the end of its list item."""
    start = html.index(title)
    return html[start : html.index("</li>", start)]


def test_evidence_published_after_its_period_closed_is_marked(client, period, public_plan):
    milestone = public_plan.on_track
    add_evidence(milestone.pk, "Acta a tiempo", datetime.date(2020, 1, 10))
    close_period(period)
    add_evidence(milestone.pk, "Acta tardia", datetime.date(2020, 1, 15))
    add_evidence(milestone.pk, "Acta posterior", datetime.date(2020, 6, 1))

    page = client.get(milestone.url).content.decode()
    assert LATE in around(page, "Acta tardia")
    assert LATE not in around(page, "Acta a tiempo")  # published before the close
    assert LATE not in around(page, "Acta posterior")  # dated after the period
    # In the activities table and in the evidence list: the same single item, twice.
    assert page.count(LATE) == 2

    commitment = client.get(public_plan.first.url).content.decode()
    evidence = commitment[commitment.index('id="evidencias"') :]
    assert LATE in around(evidence, "Acta tardia")
    assert LATE not in around(evidence, "Acta a tiempo")
    assert LATE not in around(evidence, "Acta posterior")
    assert evidence.count(LATE) == 1


def test_republishing_keeps_the_first_publication(client, period, public_plan):
    milestone = public_plan.on_track
    add_evidence(milestone.pk, "Acta a tiempo", datetime.date(2020, 1, 10))
    recorded = dict(
        EvidencePublication.objects.filter(milestone_id=milestone.pk).values_list(
            "block_id", "first_published_at"
        )
    )
    close_period(period)
    publish(MilestonePage.objects.get(pk=milestone.pk))  # published again after the close
    after = dict(
        EvidencePublication.objects.filter(milestone_id=milestone.pk).values_list(
            "block_id", "first_published_at"
        )
    )
    assert after == recorded
    assert LATE not in client.get(milestone.url).content.decode()


def test_no_mark_without_a_closed_period(client, period, public_plan):
    add_evidence(public_plan.on_track.pk, "Acta tardia", datetime.date(2020, 1, 15))
    assert LATE not in client.get(public_plan.on_track.url).content.decode()


def test_pages_keep_a_constant_number_of_queries(
    client, period, public_plan, django_assert_max_num_queries
):
    from tests.helpers import count_queries

    close_period(period)
    add_evidence(public_plan.on_track.pk, "Acta tardia 0", datetime.date(2020, 1, 15))
    urls = [public_plan.first.url, public_plan.on_track.url]
    baseline = {url: count_queries(client, url) for url in urls}
    for n in range(1, 6):
        add_evidence(public_plan.on_track.pk, f"Acta tardia {n}", datetime.date(2020, 1, 15))
    for url in urls:
        with django_assert_max_num_queries(baseline[url]):
            page = client.get(url).content.decode()
        assert page.count(LATE) >= 6


def late_by_title(items) -> dict[str, bool]:
    return {item["title"]: item["reported_late"] for item in items}


def test_the_api_and_the_open_data_mark_the_same_late_evidence(client, period, public_plan):
    """A researcher reading the API or the downloads sees what the page says."""
    milestone = public_plan.on_track
    add_evidence(milestone.pk, "Acta a tiempo", datetime.date(2020, 1, 10))
    listing_params = {"type": "planes.MilestonePage", "fields": "evidence,activities"}
    before = client.get("/api/v2/pages/", listing_params).json()  # cached per version
    assert before["items"]
    close_period(period)
    add_evidence(milestone.pk, "Acta tardia", datetime.date(2020, 1, 15))
    add_evidence(milestone.pk, "Acta posterior", datetime.date(2020, 6, 1))
    expected = {"Acta a tiempo": False, "Acta tardia": True, "Acta posterior": False}

    detail = client.get(f"/api/v2/pages/{milestone.pk}/").json()
    assert {k: v for k, v in late_by_title(detail["evidence"]).items() if k in expected} == (
        expected
    )
    in_activities = [e for a in detail["activities"] for e in a["evidence"]]
    assert late_by_title(in_activities)["Acta tardia"] is True

    listing = client.get("/api/v2/pages/", listing_params).json()
    item = next(i for i in listing["items"] if i["id"] == milestone.pk)
    assert late_by_title(item["evidence"])["Acta tardia"] is True
    assert late_by_title(item["evidence"])["Acta a tiempo"] is False

    plan_id = public_plan.plan.pk
    rows = client.get(f"/datos/planes/{plan_id}/evidencias.json").json()["rows"]
    assert {k: v for k, v in late_by_title(rows).items() if k in expected} == expected
    csv = client.get(f"/datos/planes/{plan_id}/evidencias.csv").content.decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert "reported_late" in header.split(",")
    assert any("Acta tardia" in line and line.endswith("true") for line in lines)
