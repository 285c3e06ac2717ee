"""schemathesis against the running app (WSGI, no server) with /api/v2/openapi.json.

Every documented operation is called with generated parameters, valid and not;
no answer may be a server error, and every answer must match the description
(every object lists its keys: none missing, none extra). Bounded (max_examples)
so the suite stays fast. Plain tests check that the description is the models'
``api_fields`` as the endpoints lay them out.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.api import APIField

from planes.api import endpoints
from planes.api.openapi import build_openapi
from planes.models import ActionPlanPage, CommitmentPage, Institution, MilestonePage, Organization

MAX_EXAMPLES = 25


schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def public_data(public_plan):
    """The shared public plan under the name this module's Hypothesis test always had:
    derandomized examples are seeded from the test's source, so renaming the argument
    would change every generated request."""
    return public_plan


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_matches_its_openapi_description(case, public_data):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
        ]
    )


@pytest.mark.django_db
def test_real_objects_match_the_description(public_plan):
    """Generated ids rarely hit a real page: check each kind of object explicitly."""
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    detail = schema["/api/v2/pages/{id}/"]["GET"]
    for page in (public_plan.plan, public_plan.first, public_plan.on_track, public_plan.late):
        case = detail.Case(path_parameters={"id": page.pk}, query={"fields": "*"})
        assert case.call_and_validate(checks=checks).status_code == 200
    listing = schema["/api/v2/pages/"]["GET"]
    for page_type in ("planes.ActionPlanPage", "planes.CommitmentPage", "planes.MilestonePage"):
        case = listing.Case(query={"type": page_type, "fields": "*", "limit": 100})
        assert case.call_and_validate(checks=checks).status_code == 200
    for name, entry in (("institutions", public_plan.sfp), ("organizations", public_plan.gesoc)):
        case = schema[f"/api/v2/{name}/{{id}}/"]["GET"].Case(path_parameters={"id": entry.pk})
        assert case.call_and_validate(checks=checks).status_code == 200
        case = schema[f"/api/v2/{name}/"]["GET"].Case(query={"fields": "*"})
        assert case.call_and_validate(checks=checks).status_code == 200
    for table in ("compromisos", "acciones-clave", "evidencias"):
        operation = schema[f"/datos/planes/{{plan_id}}/{table}.json"]["GET"]
        case = operation.Case(path_parameters={"plan_id": public_plan.plan.pk})
        assert case.call_and_validate(checks=checks).status_code == 200
    case = schema["/datos/tablero.json"]["GET"].Case()
    assert case.call_and_validate(checks=checks).status_code == 200
    case = schema["/api/v2/documents/{id}/"]["GET"].Case(path_parameters={"id": public_plan.doc.pk})
    assert case.call_and_validate(checks=checks).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        (endpoints.PagesEndpoint, ActionPlanPage),
        (endpoints.PagesEndpoint, CommitmentPage),
        (endpoints.PagesEndpoint, MilestonePage),
        (endpoints.InstitutionsEndpoint, Institution),
        (endpoints.OrganizationsEndpoint, Organization),
    ],
)
def test_item_schemas_are_the_models_api_fields(endpoint, model):
    schemas = build_openapi()["components"]["schemas"]
    detail, listing = schemas[model.__name__], schemas[f"{model.__name__}_in_listing"]
    api_fields = [field.name for field in model.api_fields]
    # Wagtail adds "id" (and a page's "title") and puts its meta fields under "meta".
    meta = set(endpoint.get_meta_fields_names(model))
    assert set(detail["properties"]) == {"meta", *endpoint.body_fields, *api_fields} - meta
    assert set(listing["properties"]) == set(detail["properties"])
    assert set(detail["properties"]["meta"]["properties"]) == meta
    assert set(listing["properties"]["meta"]["properties"]) == meta - set(
        endpoint.detail_only_fields
    )
    # Required: what a detail and a listing item hold without ?fields=.
    for schema, defaults in (
        (detail, endpoint.get_detail_default_fields(model)),
        (listing, endpoint.get_listing_default_fields(model)),
    ):
        assert set(schema["required"]) == {"meta", *defaults} - meta
        assert set(schema["properties"]["meta"]["required"]) == set(defaults) & meta
        assert schema["additionalProperties"] is False
        assert schema["properties"]["meta"]["additionalProperties"] is False


def test_an_api_field_without_a_schema_stops_the_description(monkeypatch):
    """A property or serializer field needs its schema in planes/api/openapi.py."""
    monkeypatch.setattr(
        CommitmentPage, "api_fields", [*CommitmentPage.api_fields, APIField("pending_end_date")]
    )
    build_openapi()  # a model field: its schema comes from the field
    monkeypatch.setattr(CommitmentPage, "api_fields", [*CommitmentPage.api_fields, APIField("x")])
    with pytest.raises(LookupError, match="CommitmentPage.x"):
        build_openapi()
