"""The ``history`` of commitments and milestones in /api/v2/pages/<id>/: their figures at
each closed period of their plan, as snapshotted when it closed (planes/history.py)."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from instancia.models import InstanceSettings
from planes.api.openapi import build_openapi
from planes.choices import ActivityStatus as S
from planes.models import CivilSocietyAssessment, MilestonePage, ReportingPeriod
from planes.periods import close_period, reopen_period
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def detail(client, page) -> dict:
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


def make_period(plan, number: int) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        plan=plan,
        name=f"Semestre {number}",
        start_date=datetime.date(2018 + number, 1, 1),
        end_date=datetime.date(2018 + number, 6, 30),
    )


def publish_assessment(milestone, organization, stance="disagree", level="limited"):
    assessment = CivilSocietyAssessment(
        milestone=milestone,
        organization=organization,
        stance=stance,
        completion_level=level,
        date=datetime.date(2019, 3, 1),
        comment="<p>Valoración</p>",
    )
    assessment.save()
    assessment.save_revision().publish()
    return assessment


def test_commitment_and_milestone_details_give_their_history(client, public_plan):
    publish_assessment(public_plan.on_track, public_plan.gesoc)
    first = make_period(public_plan.plan, 1)
    close_period(first)
    # Between the two closes the milestone completes its second activity.
    fresh = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    for activity in fresh.activities.all():
        if activity.status == S.IN_PROGRESS:
            activity.status = S.VERIFIED
            activity.save()
    publish(fresh)
    second = make_period(public_plan.plan, 2)
    close_period(second)
    open_period = make_period(public_plan.plan, 3)  # open: not in the history

    milestone = detail(client, public_plan.on_track)["history"]
    assert [e["period"]["id"] for e in milestone] == [first.pk, second.pk]
    assert open_period.pk not in [e["period"]["id"] for e in milestone]
    before, after = milestone
    assert before["period"]["name"] == "Semestre 1"
    assert before["period"]["start_date"] == "2019-01-01"
    assert before["period"]["end_date"] == "2019-06-30"
    assert before["period"]["closed_at"]
    assert before["progress"] == 50 and before["completion_level"] == "substantial"
    assert before["activities_done"] == 1 and before["activities_total"] == 2
    assert before["evidence_count"] == 1 and before["delayed"] is False
    assert before["civil_society"] == [
        {
            "organization": {
                "id": public_plan.gesoc.pk,
                "name": "Gestión Social y Cooperación",
                "acronym": "GESOC",
            },
            "stance": "disagree",
            "completion_level": "limited",
        }
    ]
    assert after["progress"] == 100 and after["completion_level"] == "complete"

    commitment = detail(client, public_plan.first)["history"]
    assert [e["period"]["name"] for e in commitment] == ["Semestre 1", "Semestre 2"]
    assert commitment[0]["civil_society"] == {
        "assessed_milestones": 1,
        "disagreeing_milestones": 1,
        "partly_agreeing_milestones": 0,
    }
    assert commitment[0]["activities_done"] is None  # milestones' figures only


def test_history_is_empty_before_any_close_and_keeps_the_snapshot(client, public_plan):
    assert detail(client, public_plan.first)["history"] == []
    period = make_period(public_plan.plan, 1)
    close_period(period)
    # Later edits never change what the period recorded.
    fresh = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    for activity in fresh.activities.all():
        activity.status = S.NOT_STARTED
        activity.evidence = []
        activity.save()
    publish(fresh)
    entry = detail(client, public_plan.on_track)["history"][0]
    assert entry["progress"] == 50 and entry["evidence_count"] == 1
    # A reopened period leaves the history until it closes again.
    reopen_period(period)
    assert detail(client, public_plan.on_track)["history"] == []


def test_history_is_detail_only(client, public_plan):
    close_period(make_period(public_plan.plan, 1))
    listing = client.get("/api/v2/pages/", {"type": "planes.MilestonePage", "fields": "*"}).json()
    assert listing["items"] and all("history" not in item for item in listing["items"])
    refused = client.get("/api/v2/pages/", {"type": "planes.MilestonePage", "fields": "history"})
    assert refused.status_code == 400 and refused.json()["message"]
    spec = build_openapi()
    schemas = spec["components"]["schemas"]
    for name in ("CommitmentPage", "MilestonePage"):
        assert "history" in schemas[name]["properties"]
        assert "Sólo en el detalle" in schemas[name]["properties"]["history"]["description"]
        assert "history" not in schemas[f"{name}_in_listing"]["properties"]
    assert "history" not in schemas["ActionPlanPage"]["properties"]


def test_detail_queries_do_not_grow_with_periods(
    client, public_plan, django_assert_max_num_queries
):
    from tests.helpers import count_queries

    close_period(make_period(public_plan.plan, 1))
    urls = [f"/api/v2/pages/{p.pk}/" for p in (public_plan.first, public_plan.on_track)]
    baseline = {url: count_queries(client, url) for url in urls}
    for number in range(2, 7):
        close_period(make_period(public_plan.plan, number))
    for url in urls:
        with django_assert_max_num_queries(baseline[url]):
            assert len(client.get(url).json()["history"]) == 6


@pytest.fixture
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls (as in tests/test_api_schema.py)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_real_history_matches_the_description(public_plan, keep_test_connection):
    publish_assessment(public_plan.on_track, public_plan.gesoc)
    close_period(make_period(public_plan.plan, 1))
    schema = schemathesis.openapi.from_dict(build_openapi(InstanceSettings()))
    schema.app = get_wsgi_application()
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    for page in (public_plan.first, public_plan.on_track):
        case = schema["/api/v2/pages/{id}/"]["GET"].Case(path_parameters={"id": page.pk})
        assert case.call_and_validate(checks=checks).json()["history"]
