"""schemathesis against the running app (WSGI, no server) with /api/v2/openapi.json.

Every documented operation is called with generated parameters, valid and not: no
answer may be a server error, every answer must match the description (keys, types,
status codes, content type), a valid request must be accepted and an invalid one
refused (``positive_data_acceptance``, ``negative_data_rejection``), and an answer
without ``fields`` must hold its items' ``x-default-fields``. The stateful test follows
the description's links (a listing's first item to its detail, a plan to its downloads,
an institution to its commitments). The rules between parameters that a schema cannot
say are met by tests/schemathesis_hooks.py, read from the description.

The examples are random: each run explores new ones (a failure prints how to replay it:
Hypothesis's seed and ``@reproduce_failure`` blob). ``SCHEMATHESIS_MAX_EXAMPLES`` sets
how many per operation (10 by default; CI sets more). Plain tests check that the
description is the models' ``api_fields`` as the endpoints lay them out.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.api import APIField

import tests.schemathesis_hooks  # noqa: F401 - registers the hook for valid requests
from instancia.models import InstanceSettings
from planes.api import endpoints
from planes.api.openapi import DEFAULT_FIELDS, build_openapi
from planes.models import ActionPlanPage, CommitmentPage, Institution, MilestonePage, Organization

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
#: Scenarios of the stateful test (each a few linked calls).
MAX_SCENARIOS = max(5, MAX_EXAMPLES // 2)

# The description as /api/v2/openapi.json serves it, with the instance settings' defaults:
# it is read when the module is collected, before any database is open (the endpoint
# reads the board's name and licence from the database; tests/test_instance_settings.py
# checks what it serves).
schema = schemathesis.openapi.from_dict(build_openapi(InstanceSettings()))
schema.app = get_wsgi_application()
schema.location = "/api/v2/openapi.json"


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = root["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _missing_defaults(value, node: dict, root: dict, path: str = "") -> list[str]:
    """Where ``value`` lacks a key its schema lists under ``x-default-fields``."""
    node = _resolve(node, root)
    branches = node.get("anyOf") or node.get("oneOf") or node.get("allOf")
    if branches:
        found = [_missing_defaults(value, b, root, path) for b in branches]
        fits = [f for f, b in zip(found, branches, strict=True) if _fits_type(value, b, root)]
        return min(fits or found, key=len)
    if isinstance(value, list) and "items" in node:
        return [
            m
            for i, item in enumerate(value)
            for m in _missing_defaults(item, node["items"], root, f"{path}/{i}")
        ]
    if not isinstance(value, dict):
        return []
    missing = [f"{path}/{key}" for key in node.get(DEFAULT_FIELDS, ()) if key not in value]
    for key, item in value.items():
        if key in node.get("properties", {}):
            missing += _missing_defaults(item, node["properties"][key], root, f"{path}/{key}")
    return missing


def _fits_type(value, node: dict, root: dict) -> bool:
    """Whether an item's ``meta.type`` is one its schema allows."""
    node = _resolve(node, root)
    allowed = node.get("properties", {}).get("meta", {}).get("properties", {}).get("type", {})
    kind = value.get("meta", {}).get("type") if isinstance(value, dict) else None
    return kind is None or kind in allowed.get("enum", [kind])


def default_fields_present(ctx, response, case):
    """Without ``fields``, an answer holds every key of its items' ``x-default-fields``."""
    if "fields" in (case.query or {}) or response.status_code != 200:
        return None
    content = response.headers.get("content-type", [""])
    if "json" not in (content[0] if isinstance(content, list) else content):
        return None
    root = case.operation.schema.raw_schema
    media = case.operation.definition.raw["responses"]["200"]["content"]
    missing = _missing_defaults(response.json(), media["application/json"]["schema"], root)
    assert not missing, f"Missing default fields: {missing[:10]}"
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    default_fields_present,
]
HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
    "print_blob": True,
}


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, **HYPOTHESIS)
def test_api_matches_its_openapi_description(case, module_public_plan):
    case.call_and_validate(checks=CHECKS)


class LinkedCalls(schema.as_state_machine()):
    """Follows the description's links from real answers, checking every step."""

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)


@pytest.mark.django_db
def test_linked_calls_match_the_description(module_public_plan):
    LinkedCalls.run(
        settings=settings(max_examples=MAX_SCENARIOS, stateful_step_count=6, **HYPOTHESIS)
    )


@pytest.mark.django_db
def test_real_objects_match_the_description(module_public_plan):
    public_plan = module_public_plan
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
    # A detail-only field (a page's ``history``) is not in a listing item.
    assert set(listing["properties"]) == set(detail["properties"]) - set(
        endpoint.detail_only_fields
    )
    assert set(detail["properties"]["meta"]["properties"]) == meta
    assert set(listing["properties"]["meta"]["properties"]) == meta - set(
        endpoint.detail_only_fields
    )
    # x-default-fields: what a detail and a listing item hold without ?fields=, none
    # required (``fields`` can leave any out).
    for schema, defaults in (
        (detail, endpoint.get_detail_default_fields(model)),
        (listing, endpoint.get_listing_default_fields(model)),
    ):
        assert set(schema[DEFAULT_FIELDS]) == {"meta", *defaults} - meta
        assert set(schema["properties"]["meta"][DEFAULT_FIELDS]) == set(defaults) & meta
        assert "required" not in schema
        assert "required" not in schema["properties"]["meta"]
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
