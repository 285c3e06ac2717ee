"""/api/v2/periods/: the reporting periods of published plans and, in a detail, the
snapshots of the public commitments and milestones taken when the period closed."""

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
from planes.models import MilestonePage, PeriodStatus, ReportingPeriod
from planes.periods import close_period

pytestmark = pytest.mark.django_db
URL = "/api/v2/periods/"


@pytest.fixture
def periods(public_plan):
    plan = public_plan.plan
    closed = ReportingPeriod.objects.create(
        plan=plan,
        name="Semestre 1",
        start_date=datetime.date(2019, 9, 1),
        end_date=datetime.date(2020, 2, 29),
        due_date=datetime.date(2020, 3, 31),
    )
    close_period(closed)
    open_ = ReportingPeriod.objects.create(
        plan=plan,
        name="Semestre 2",
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2020, 8, 31),
    )
    return closed, open_


def test_listing_shows_periods_of_published_plans(client, periods, public_plan):
    closed, open_ = periods
    data = client.get(URL).json()
    assert data["meta"]["total_count"] == 2
    first = data["items"][0]
    assert first["id"] == closed.pk and first["name"] == "Semestre 1"
    assert first["plan"]["id"] == public_plan.plan.pk
    assert first["plan"]["title"] == public_plan.plan.title
    assert first["status"] == "closed" and first["closed_at"]
    assert first["due_date"] == "2020-03-31"
    assert "snapshots" not in first
    assert data["items"][1]["status"] == "open" and data["items"][1]["closed_at"] is None


def test_listing_filters_by_plan_and_status(client, periods, public_plan):
    closed, _open = periods
    by_status = client.get(URL, {"status": "closed"}).json()
    assert [i["id"] for i in by_status["items"]] == [closed.pk]
    by_plan = client.get(URL, {"plan": public_plan.plan.pk}).json()
    assert by_plan["meta"]["total_count"] == 2
    assert client.get(URL, {"plan": 999999}).json()["meta"]["total_count"] == 0


def test_periods_of_an_unpublished_plan_never_appear(client, periods, public_plan):
    closed, _open = periods
    public_plan.plan.unpublish()
    assert client.get(URL).json()["meta"]["total_count"] == 0
    assert client.get(f"{URL}{closed.pk}/").status_code == 404


def test_detail_has_snapshots_of_public_pages_only(client, periods, public_plan):
    closed, _open = periods
    data = client.get(f"{URL}{closed.pk}/").json()
    by_page = {s["page_id"]: s for s in data["snapshots"]}
    on_track = by_page[public_plan.on_track.pk]
    assert on_track["kind"] == "milestone" and on_track["progress"] == 50
    assert on_track["activities_done"] == 1 and on_track["activities_total"] == 2
    assert on_track["evidence_count"] == 1
    assert by_page[public_plan.first.pk]["kind"] == "commitment"
    assert public_plan.plan.pk not in by_page  # the plan's own row is the period itself
    MilestonePage.objects.get(pk=public_plan.on_track.pk).unpublish()
    data = client.get(f"{URL}{closed.pk}/").json()
    assert public_plan.on_track.pk not in {s["page_id"] for s in data["snapshots"]}


@pytest.mark.parametrize(
    "query",
    [{"status": "cerrado"}, {"plan": "abc"}, {"plan": "0"}, {"order": "nope"}, {"foo": "1"}],
)
def test_malformed_queries_get_a_clear_400(client, periods, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["message"]


def test_detail_refuses_listing_parameters(client, periods):
    closed, _open = periods
    response = client.get(f"{URL}{closed.pk}/", {"status": "closed"})
    assert response.status_code == 400


def test_listing_query_count_is_constant(client, public_plan, django_assert_max_num_queries):
    plan = public_plan.plan
    for n in range(8):
        ReportingPeriod.objects.create(
            plan=plan,
            name=f"P{n}",
            start_date=datetime.date(2010 + n, 1, 1),
            end_date=datetime.date(2010 + n, 6, 30),
            status=PeriodStatus.OPEN,
        )
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"limit": 3}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"limit": 8}).status_code == 200


def test_the_description_documents_the_endpoint(client):
    spec = build_openapi()
    listing = spec["paths"]["/api/v2/periods/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"plan", "status", "limit", "offset", "order", "fields"} <= names
    assert "/api/v2/periods/{id}/" in spec["paths"]
    schema = spec["components"]["schemas"]["ReportingPeriod"]
    assert "snapshots" in schema["properties"]


@pytest.fixture
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls (as in tests/test_api_schema.py)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_real_periods_match_the_description(periods, keep_test_connection):
    """The listing and a closed period's detail (with snapshots) fit the description."""
    schema = schemathesis.openapi.from_dict(build_openapi(InstanceSettings()))
    schema.app = get_wsgi_application()
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    closed, _open = periods
    case = schema["/api/v2/periods/{id}/"]["GET"].Case(path_parameters={"id": closed.pk})
    assert case.call_and_validate(checks=checks).json()["snapshots"]
    case = schema["/api/v2/periods/"]["GET"].Case(query={"fields": "*"})
    assert case.call_and_validate(checks=checks).status_code == 200
