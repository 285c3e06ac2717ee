"""The API does what its OpenAPI description says (each case once found by schemathesis).

Values the description allows are accepted; values it does not allow, and parameters it
does not list, are refused with a 400 in Spanish; what it says about parameters that go
together holds. tests/test_api_schema.py explores at random; these pin the cases down.
The tests only read: the shared plan is built once for the module.
"""

import re

import pytest

from planes import progress
from planes.api.openapi import build_openapi
from planes.models import CommitmentPage

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
LISTINGS = ["pages", "institutions", "organizations", "documents", "images"]


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def parameter(path: str, name: str) -> dict:
    (found,) = [p for p in build_openapi()["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found


@pytest.mark.parametrize("endpoint", LISTINGS)
def test_search_operator_is_refused_without_search_or_with_a_bad_value(
    client, module_public_plan, endpoint
):
    url = f"/api/v2/{endpoint}/"
    assert parameter(url, "search_operator")["x-requires"] == ["search"]
    message = get(client, url, {"search_operator": "or"}, status=400)["message"]
    assert message == "El parámetro search_operator sólo se admite junto con search."
    for value in ("AAA", ""):
        message = get(client, url, {"search_operator": value, "search": "gasto"}, 400)["message"]
        assert message.startswith(f"«{value}» no es un valor válido para search_operator")
    get(client, url, {"search_operator": "or", "search": "gasto"})


def test_an_empty_type_is_refused(client, module_public_plan):
    assert not re.fullmatch(parameter(PAGES, "type")["schema"]["pattern"], "")
    message = get(client, PAGES, {"type": ""}, status=400)["message"]
    assert message.startswith("El tipo no existe.")


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "+5"},
        {"limit": " 5"},
        {"offset": "٣"},  # a digit, but not an ASCII one
        {"child_of": "1.0"},
        {"type": "planes.CommitmentPage", "institution": ""},
        {"type": "planes.CommitmentPage", "tag": ""},
        {"type": "planes.CommitmentPage", "tag": "a\x00b"},
        {"order": ""},
        {"fields": ""},
    ],
)
def test_values_outside_their_schema_are_refused(client, module_public_plan, params):
    """Each was answered 200 though its schema does not allow it."""
    assert get(client, PAGES, params, status=400)["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"fields": "_,title"},
        {"fields": "*,-title,-html_url"},
        {"fields": "-title"},
        {"order": "title,-id"},
        {"order": "-first_published_at"},
        {"order": "random"},
        {"type": "planes.CommitmentPage", "order": "-progress,number"},
        {"type": "planes.CommitmentPage", "fields": "lead_institutions(name,acronym)"},
        {"type": "planes.CommitmentPage", "fields": "_,organizations(*)"},
        {"type": "planes.ActionPlanPage", "fields": "minutes(_,title)"},
        {"type": "planes.CommitmentPage,planes.MilestonePage"},
        {"search": "gasto", "order": "slug"},
        {"search": "gasto", "order": "random"},
        {"type": "planes.MilestonePage", "delayed": "1"},
    ],
)
def test_documented_values_are_accepted(client, module_public_plan, params):
    """Each fits the description; several were answered 400 (order and search)."""
    for name, value in params.items():
        schema = parameter(PAGES, name)["schema"]
        assert re.fullmatch(schema.get("pattern", ".*"), value) or value in schema.get("enum", [])
    get(client, PAGES, params)


def test_a_search_orders_by_any_orderable_field(client, module_public_plan):
    found = get(client, PAGES, {"search": "gasto", "order": "-title", "fields": "_,title"})
    titles = [item["title"] for item in found["items"]]
    assert titles == sorted(titles, reverse=True)
    assert "Gasto abierto" in titles


@pytest.mark.parametrize("endpoint", ["institutions", "organizations", "documents"])
def test_a_quote_in_a_directory_search_is_not_a_server_error(client, module_public_plan, endpoint):
    """SQLite's full-text syntax failed on it (a 503); only the words are searched."""
    for search in ('"a', 'gasto"$', "*", "a AND"):
        get(client, f"/api/v2/{endpoint}/", {"search": search})
    found = get(client, "/api/v2/institutions/", {"search": '"función', "order": "acronym"})
    assert [item["acronym"] for item in found["items"]] == ["SFP"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("pages/{plan}/", {"revision_id": "1"}),
        ("pages/{plan}/", {"limit": "1"}),
        ("institutions/{sfp}/", {"search": "x"}),
        ("documents/{doc}/", {"foo": "1"}),
        ("pages/", {"format": "json"}),
        ("pages/", {"locale": "es-mx"}),
        ("pages/", {"site": "localhost"}),
        ("pages/", {"translation_of": "1"}),
        ("institutions/", {"rich_text_format": "html"}),
        ("organizations/", {"_": "1"}),
    ],
)
def test_parameters_the_description_does_not_list_are_refused(
    client, module_public_plan, url, params
):
    ids = {
        "plan": module_public_plan.plan.pk,
        "sfp": module_public_plan.sfp.pk,
        "doc": module_public_plan.doc.pk,
    }
    url = "/api/v2/" + url.format(**ids)
    (name,) = params
    message = get(client, url, params, status=400)["message"]
    assert message == (
        f"Parámetro de consulta desconocido: {name}. Consulte /api/ para los válidos."
    )
    get(client, url)


@pytest.mark.parametrize("name", ["child_of", "descendant_of", "ancestor_of"])
def test_a_page_that_does_not_exist_in_a_filter_is_a_404(client, module_public_plan, name):
    message = get(client, PAGES, {name: "99999"}, status=404)["message"]
    assert message == "La página indicada no existe o no está publicada."
    draft = module_public_plan.draft_commitment.pk
    assert get(client, PAGES, {name: draft}, status=404)["message"] == message
    responses = build_openapi()["paths"]["/api/v2/pages/"]["get"]["responses"]
    assert "404" in responses


@pytest.mark.parametrize(
    ("page_type", "field"),
    [
        ("planes.CommitmentPage", "lead_institutions"),
        ("planes.CommitmentPage", "organizations"),
        ("planes.MilestonePage", "responsible_institutions"),
    ],
)
def test_a_directory_entry_nested_in_a_page_lists_its_live_commitments(
    client, module_public_plan, page_type, field
):
    """``fields=lead_institutions(commitments)`` answered 500 (a prefetch only the
    directory endpoints set)."""
    for fields in (f"{field}(*)", f"_,{field}(name,commitments)"):
        found = get(client, PAGES, {"type": page_type, "fields": fields})
        entries = [entry for item in found["items"] for entry in item[field]]
        assert entries
        for entry in entries:
            titles = {c["title"] for c in entry["commitments"]}
            assert "Borrador secreto" not in titles
    found = get(
        client,
        PAGES,
        {"type": "planes.CommitmentPage", "fields": "_,id,lead_institutions(commitments)"},
    )
    (first,) = [item for item in found["items"] if item["id"] == module_public_plan.first.pk]
    assert [c["title"] for c in first["lead_institutions"][0]["commitments"]] == ["Gasto abierto"]


def test_every_relation_takes_its_documented_fields(client, module_public_plan):
    """Each relation a ``fields`` pattern lets nest, with each of its fields: never a 500."""
    for page_type in ("planes.ActionPlanPage", "planes.CommitmentPage", "planes.MilestonePage"):
        names = parameter(PAGES, "fields")["x-names-by-page-type"][page_type]
        pattern = parameter(PAGES, "fields")["schema"]["pattern"]
        for name in names:
            if not re.fullmatch(pattern, f"{name}(*)"):
                continue
            get(client, PAGES, {"type": page_type, "fields": f"{name}(*)"})
            get(client, PAGES, {"type": page_type, "fields": f"{name}(_)"})


@pytest.mark.parametrize("situation", list(progress.SITUATIONS))
def test_commitments_by_situation(client, module_public_plan, situation):
    schema = parameter(PAGES, "situation")
    assert schema["schema"]["enum"] == list(progress.SITUATION_FILTERS)
    assert schema["x-page-types"] == ["planes.CommitmentPage"]
    found = get(client, PAGES, {"type": "planes.CommitmentPage", "situation": situation})
    expected = [
        c.pk
        for c in CommitmentPage.objects.live().order_by("path")
        if progress.situation(c.is_complete, c.delayed) == situation
    ]
    assert [item["id"] for item in found["items"]] == expected


def test_the_situations_split_the_commitments(client, module_public_plan):
    ids = [
        item["id"]
        for situation in progress.SITUATIONS
        for item in get(client, PAGES, {"type": "planes.CommitmentPage", "situation": situation})[
            "items"
        ]
    ]
    assert sorted(ids) == sorted([module_public_plan.first.pk, module_public_plan.second.pk])


@pytest.mark.parametrize(
    "params",
    [
        {"situation": "delayed"},
        {"type": "planes.MilestonePage", "situation": "delayed"},
        {"type": "planes.CommitmentPage", "situation": "tarde"},
    ],
)
def test_a_situation_needs_commitments_and_a_known_value(client, module_public_plan, params):
    assert get(client, PAGES, params, status=400)["message"]


def test_rules_between_parameters_are_in_the_description_and_kept(client, module_public_plan):
    offset = parameter(PAGES, "offset")
    assert {"name": "order", "value": "random"} in offset["x-conflicts"]
    get(client, PAGES, {"order": "random", "offset": "0"}, status=400)
    descendant_of = parameter(PAGES, "descendant_of")
    assert {"name": "child_of"} in descendant_of["x-conflicts"]
    plan = module_public_plan.plan.pk
    get(client, PAGES, {"child_of": plan, "descendant_of": plan}, status=400)
    assert parameter(PAGES, "delayed")["x-page-types"] == [
        "planes.CommitmentPage",
        "planes.MilestonePage",
    ]
    get(client, PAGES, {"delayed": "true"}, status=400)


def test_items_list_their_default_keys_without_requiring_them(client, module_public_plan):
    """``fields`` can leave out any key, so none is required: an answer with
    ``fields=_,title`` fits its schema."""
    schemas = build_openapi()["components"]["schemas"]
    for name in ("CommitmentPage", "CommitmentPage_in_listing", "Institution_nested"):
        assert "required" not in schemas[name]
        assert schemas[name]["x-default-fields"]
    found = get(client, PAGES, {"type": "planes.CommitmentPage", "fields": "_,title"})
    assert found["items"] and all(item.keys() == {"title"} for item in found["items"])
