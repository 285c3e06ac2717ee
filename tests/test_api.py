"""The public API over HTTP: every endpoint and filter, drafts never shown, bad parameters."""

import pytest
from django.core.cache import caches
from django.test import Client

from demo.factories import InstitutionFactory
from tests.helpers import count_queries, publish
from tests.public_data import grow

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
COMMITMENTS = {"type": "planes.CommitmentPage", "fields": "*"}
MILESTONES = {"type": "planes.MilestonePage", "fields": "*"}


def get(client, url, params=None, status=200, **headers):
    response = client.get(url, params or {}, **headers)
    assert response.status_code == status, response.content[:500]
    return response


def items(client, params, url=PAGES):
    return get(client, url, params).json()["items"]


def titles(client, params):
    return [item["title"] for item in items(client, params)]


def test_pages_listing_by_type_and_child_of(client, public_plan):
    assert titles(client, {"type": "planes.ActionPlanPage"}) == ["Cuarto Plan"]
    assert titles(client, {**COMMITMENTS, "child_of": public_plan.plan.pk}) == [
        "Gasto abierto",
        "Fideicomisos",
    ]
    assert titles(client, {**MILESTONES, "child_of": public_plan.first.pk}) == [
        "Padrón publicado",
        "Mesa de diálogo",
    ]
    assert len(items(client, {**MILESTONES, "descendant_of": public_plan.plan.pk})) == 3


def test_commitment_fields(client, public_plan):
    (item,) = items(client, {**COMMITMENTS, "number": 1})
    assert item["meta"]["type"] == "planes.CommitmentPage"
    assert item["meta"]["html_url"].endswith(public_plan.first.url)
    assert item["progress"] == public_plan.first.progress == 25.0
    assert item["completion_level"] == "limited"
    assert item["completion_level_label"] == "Limitado"
    assert item["delayed"] is True
    assert (item["milestones_total"], item["milestones_done"]) == (2, 0)
    assert item["pct_completed"] == 25.0 and item["pct_not_started"] == 50.0
    assert [(i["id"], i["name"], i["acronym"]) for i in item["lead_institutions"]] == [
        (public_plan.sfp.pk, public_plan.sfp.name, "SFP")
    ]
    assert item["lead_institutions"][0]["meta"]["detail_url"].endswith(
        f"/api/v2/institutions/{public_plan.sfp.pk}/"
    )
    assert [o["acronym"] for o in item["organizations"]] == ["GESOC"]
    assert item["tags"] == ["anticorrupción"]
    assert item["ogp_values"] == ["access_to_information"]


def test_milestone_fields_with_evidence_and_updates(client, public_plan):
    item = get(client, f"{PAGES}{public_plan.on_track.pk}/").json()
    assert item["progress"] == 50.0 and item["completion_level"] == "substantial"
    assert (item["activities_total"], item["activities_done"]) == (2, 1)
    assert item["delayed"] is False
    assert [i["acronym"] for i in item["responsible_institutions"]] == ["SFP"]
    assert [a["status"] for a in item["activities"]] == ["completed", "in_progress"]
    (evidence,) = item["evidence"]
    assert evidence["url"] == f"http://testserver{public_plan.doc.url}"
    assert evidence["kind"] == "deliverable" and evidence["file_extension"] == "pdf"
    assert item["activities"][0]["evidence"][0]["url"] == evidence["url"]
    assert get(client, evidence["url"]).status_code == 200
    (update,) = item["updates"]
    assert update["author_institution"]["acronym"] == "SFP"
    assert "Padrón al día" in update["text"]
    assert item["meta"]["parent"]["id"] == public_plan.first.pk


def test_plan_fields_link_downloads(client, public_plan):
    item = get(client, f"{PAGES}{public_plan.plan.pk}/").json()
    assert item["commitments_total"] == 2
    assert item["progress"] == public_plan.plan.progress
    url = item["downloads"]["milestones_csv"]
    assert url.endswith(f"/datos/planes/{public_plan.plan.pk}/acciones-clave.csv")
    assert get(client, url).status_code == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"institution": "sfp"}, ["Gasto abierto"]),
        ({"institution": "inai"}, ["Fideicomisos"]),
        ({"organization": "gesoc"}, ["Gasto abierto"]),
        ({"status": "limited"}, ["Gasto abierto"]),
        ({"status": "complete"}, ["Fideicomisos"]),
        ({"status": "not_started"}, []),
        ({"delayed": "true"}, ["Gasto abierto"]),
        ({"delayed": "false"}, ["Fideicomisos"]),
        ({"tag": "fideicomisos"}, ["Fideicomisos"]),
        ({"tag": "anticorrupción"}, ["Gasto abierto"]),
        # Tags by name or slug, without regard to case or accents.
        ({"tag": "anticorrupcion"}, ["Gasto abierto"]),
        ({"tag": "Anticorrupción"}, ["Gasto abierto"]),
        ({"tag": "ANTICORRUPCION"}, ["Gasto abierto"]),
        ({"tag": "Fideicomisos"}, ["Fideicomisos"]),
        ({"tag": "anticorrup"}, []),
        # Directory slugs without regard to case.
        ({"institution": "SFP"}, ["Gasto abierto"]),
        ({"institution": "Inai"}, ["Fideicomisos"]),
        ({"organization": "GESOC"}, ["Gasto abierto"]),
        ({"ogp_value": "civic_participation"}, ["Fideicomisos"]),
        ({"number": "2"}, ["Fideicomisos"]),
        ({"order": "-progress"}, ["Fideicomisos", "Gasto abierto"]),
        ({"order": "progress"}, ["Gasto abierto", "Fideicomisos"]),
        ({"search": "fideicomisos"}, ["Fideicomisos"]),
        ({"institution": "nadie"}, []),
    ],
)
def test_commitment_filters(client, public_plan, params, expected):
    assert titles(client, {"type": "planes.CommitmentPage", **params}) == expected


def test_filter_by_institution_id_and_milestone_filters(client, public_plan):
    params = {"type": "planes.CommitmentPage", "institution": public_plan.inai.pk}
    assert titles(client, params) == ["Fideicomisos"]
    milestones = {"type": "planes.MilestonePage"}
    assert titles(client, {**milestones, "institution": "sfp"}) == ["Padrón publicado"]
    assert titles(client, {**milestones, "institution": "SFP"}) == ["Padrón publicado"]
    assert titles(client, {**milestones, "delayed": "true"}) == ["Mesa de diálogo"]
    assert titles(client, {**milestones, "status": "complete"}) == ["Reglas de fideicomisos"]
    assert titles(client, {"type": "planes.ActionPlanPage", "status": "implementation"}) == [
        "Cuarto Plan"
    ]


def test_a_field_filter_combines_with_a_search(client, public_plan):
    """``status`` of a plan is a field filter the search backend does not index."""
    plans = {"type": "planes.ActionPlanPage", "search": "plan"}
    assert titles(client, {**plans, "status": "implementation"}) == ["Cuarto Plan"]
    assert titles(client, {**plans, "status": "closed"}) == []
    assert titles(client, {**plans, "number": "4", "status": "implementation"}) == ["Cuarto Plan"]


def test_pagination_and_documented_maximum(client, public_plan, settings):
    response = get(client, PAGES, {**COMMITMENTS, "limit": 1, "offset": 1}).json()
    assert response["meta"]["total_count"] == 2
    assert [i["title"] for i in response["items"]] == ["Fideicomisos"]
    assert get(client, PAGES, {"limit": settings.WAGTAILAPI_LIMIT_MAX}).status_code == 200
    error = get(client, PAGES, {"limit": settings.WAGTAILAPI_LIMIT_MAX + 1}, status=400).json()
    assert str(settings.WAGTAILAPI_LIMIT_MAX) in error["message"]


def test_drafts_never_show(client, public_plan):
    all_titles = [i["title"] for i in items(client, {"limit": 100})]
    assert "Borrador secreto" not in all_titles
    assert "Acción en borrador" not in all_titles
    assert "Título en revisión" not in all_titles and "Mesa de diálogo" in all_titles
    get(client, f"{PAGES}{public_plan.draft_commitment.pk}/", status=404)
    get(client, f"{PAGES}{public_plan.draft_milestone.pk}/", status=404)
    late = get(client, f"{PAGES}{public_plan.late.pk}/").json()
    # The pending revision would make it 100 %: the published 0 % stays.
    assert (late["title"], late["progress"]) == ("Mesa de diálogo", 0.0)
    assert [a["status"] for a in late["activities"]] == ["not_started"]
    sfp = get(client, f"/api/v2/institutions/{public_plan.sfp.pk}/").json()
    assert [c["title"] for c in sfp["commitments"]] == ["Gasto abierto"]
    documents = [d["id"] for d in items(client, {}, "/api/v2/documents/")]
    assert public_plan.doc.pk in documents and public_plan.draft_doc.pk not in documents
    get(client, f"/api/v2/documents/{public_plan.draft_doc.pk}/", status=404)
    assert (
        get(client, f"/api/v2/documents/{public_plan.doc.pk}/")
        .json()["meta"]["download_url"]
        .endswith(public_plan.doc.url)
    )
    plan = get(client, f"{PAGES}{public_plan.plan.pk}/").json()
    assert plan["commitments_total"] == 2


def test_logged_in_editors_see_the_same_public_api(admin_client, public_plan):
    assert "Borrador secreto" not in [
        i["title"] for i in admin_client.get(PAGES, {"limit": 100}).json()["items"]
    ]


def test_directory_endpoints(client, public_plan):
    listing = get(client, "/api/v2/institutions/", {"fields": "*"}).json()
    assert [(i["acronym"], [c["title"] for c in i["commitments"]]) for i in listing["items"]] == [
        ("INAI", ["Fideicomisos"]),
        ("SFP", ["Gasto abierto"]),
    ]
    detail = get(client, f"/api/v2/institutions/{public_plan.sfp.pk}/").json()
    assert detail["name"] == public_plan.sfp.name and detail["sector"] == "federal"
    assert detail["meta"]["html_url"] == "http://testserver/instituciones/sfp/"
    commitment = detail["commitments"][0]
    assert commitment["progress"] == 25.0 and commitment["completion_level"] == "limited"
    orgs = items(client, {"search": "gesoc"}, "/api/v2/organizations/")
    assert [o["acronym"] for o in orgs] == ["GESOC"]
    org = get(client, f"/api/v2/organizations/{public_plan.gesoc.pk}/").json()
    assert [c["number"] for c in org["commitments"]] == [1]
    assert [i["acronym"] for i in items(client, {"acronym": "SFP"}, "/api/v2/institutions/")] == [
        "SFP"
    ]
    get(client, "/api/v2/institutions/99999/", status=404)


def test_images_endpoint_lists_only_used_images(client, public_plan):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    get_image_model().objects.create(title="Subida sin usar", file=get_test_image_file())
    assert get(client, "/api/v2/images/").json()["items"] == []


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (PAGES, {"foo": "1"}),
        (PAGES, {"limit": "100000"}),
        (PAGES, {"limit": "abc"}),
        (PAGES, {"offset": "-1"}),
        (PAGES, {"child_of": "abc"}),
        (PAGES, {"type": "planes.Nada"}),
        (PAGES, {"type": "planes.CommitmentPage", "status": "enorme"}),
        (PAGES, {"type": "planes.CommitmentPage", "delayed": "quizá"}),
        (PAGES, {"type": "planes.CommitmentPage", "ogp_value": "x"}),
        (PAGES, {"type": "planes.CommitmentPage", "progress": "mucho"}),
        (PAGES, {"type": "planes.CommitmentPage", "start_date": "ayer"}),
        (PAGES, {"type": "planes.MilestonePage", "weight": "pesado"}),
        (PAGES, {"type": "planes.CommitmentPage", "order": "nada"}),
        (PAGES, {"type": "planes.CommitmentPage", "fields": "nada"}),
        (PAGES, {"institution": "sfp"}),
        (PAGES, {"type": "planes.MilestonePage", "tag": "x"}),
        (PAGES, {"first_published_at": "nunca"}),
        (PAGES, {"search": "a\x00b"}),
        (PAGES, {"type": "planes.CommitmentPage", "lead_institutions": "1"}),
        ("/api/v2/institutions/", {"commitments": "x"}),
        ("/api/v2/institutions/", {"limit": "1000"}),
        ("/api/v2/pages/abc/", {}),
        ("/api/v2/institutions/abc/", {}),
    ],
)
def test_bad_parameters_answer_400_json(client, home, url, params):
    """Refused before any content matters: the site's home page is enough."""
    response = client.get(url, params)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"foo": "1"}, "Parámetro de consulta desconocido: foo."),
        ({"limit": "1000"}, "El límite no puede ser mayor que 100 resultados por página."),
        ({"limit": "-1"}, "El límite debe ser un número entero positivo."),
        ({"order": "nada"}, "No se puede ordenar por «nada»: no es un campo ordenable."),
        ({"type": "planes.Nada"}, "El tipo no existe. Use, p. ej., type=planes.CommitmentPage."),
        ({"child_of": "x"}, "child_of debe ser un número entero positivo."),
        ({"fields": "nada"}, "Campos desconocidos: nada."),
        ({"type": "planes.CommitmentPage", "delayed": "quizá"}, "«delayed» debe ser true o false."),
    ],
)
def test_bad_parameter_messages_are_in_spanish(client, home, params, expected):
    """Wagtail's English messages are reworded; Tablero's own are kept as they are."""
    message = get(client, PAGES, params, status=400).json()["message"]
    assert message.startswith(expected), message


def test_unknown_api_paths_are_json_404(client, home):
    response = get(client, "/api/v2/nada/", status=404)
    assert response.json()["message"]
    for url in (f"{PAGES}99999/", "/api/v2/institutions/99999/", "/api/v2/documents/99999/"):
        message = get(client, url, status=404).json()["message"]
        assert message == "No existe este recurso de la API o no está publicado."


READ_ONLY_MESSAGE = (
    "La API y los datos abiertos son de sólo lectura: sólo se admiten GET, HEAD y OPTIONS."
)


def assert_json_405(response, url):
    assert response.status_code == 405, (url, response.status_code, response.content[:200])
    assert response["Allow"] == "GET, HEAD, OPTIONS", url
    assert response["Content-Type"] == "application/json", url
    assert response.json() == {"message": READ_ONLY_MESSAGE}, url
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, public_plan, method):
    for url in (PAGES, f"{PAGES}{public_plan.plan.pk}/", "/api/v2/institutions/"):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert_json_405(response, url)
    assert_json_405(client.post(f"/datos/planes/{public_plan.plan.pk}/compromisos.csv"), "csv")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_answer_json_405_before_the_csrf_check(public_plan, method):
    """A browser-like client (CSRF enforced, no token) gets the JSON 405, never Django's
    CSRF 403 page, on every kind of address under /api/ and /datos/."""
    client = Client(enforce_csrf_checks=True)
    urls = (
        PAGES,
        f"{PAGES}{public_plan.plan.pk}/",
        "/api/v2/institutions/",
        "/api/v2/openapi.json",
        "/api/",
        "/api/v2/nada/",
        "/datos/",
        "/datos/tablero.json",
        f"/datos/planes/{public_plan.plan.pk}/compromisos.csv",
        f"/datos/planes/{public_plan.plan.pk}/acciones-clave.xlsx",
        "/datos/actualizaciones.atom",
        f"/datos/planes/{public_plan.plan.pk}/actualizaciones.rss",
    )
    for url in urls:
        assert_json_405(getattr(client, method)(url, {"x": "1"}), url)
        body = '{"title": "x"}'
        assert_json_405(getattr(client, method)(url, body, content_type="application/json"), url)
    # Reading still works, and the rest of the site keeps Django's CSRF protection.
    assert client.get("/datos/tablero.json").status_code == 200
    assert client.options(PAGES).status_code == 200
    for url in ("/datos/tablero.json", "/api/v2/openapi.json"):
        response = client.options(url)
        assert response.status_code == 204 and response["Allow"] == "GET, HEAD, OPTIONS", url
    assert client.post("/buscar/", {"q": "x"}).status_code == 403


def test_cors_cache_and_conditional_get(client, public_plan):
    response = get(client, PAGES, COMMITMENTS, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(PAGES, COMMITMENTS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    preflight = client.options(
        PAGES, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Origin"] == "*"
    # A change of content changes the ETag.
    first = public_plan.first
    first.title = "Gasto abierto y responsable"
    publish(first)
    assert client.get(PAGES, COMMITMENTS, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # The rest of the site is untouched.
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_openapi_description_and_api_page(client, public_plan):
    schema = get(client, "/api/v2/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/institutions/",
        "/api/v2/organizations/{id}/",
        "/api/v2/documents/",
        "/api/v2/images/",
        "/datos/planes/{plan_id}/acciones-clave.csv",
        "/datos/tablero.json",
    ):
        assert path in schema["paths"], path
    limit = schema["paths"]["/api/v2/pages/"]["get"]["parameters"][0]
    assert limit["name"] == "limit" and limit["schema"]["maximum"] == 100
    page = get(client, "/api/").content.decode()
    assert 'href="/api/v2/openapi.json"' in page and "curl" in page
    assert 'href="/api/"' in get(client, "/datos/").content.decode()


def test_api_listing_queries_do_not_grow_with_content(
    client, public_plan, django_assert_num_queries
):
    cases = [
        (PAGES, {**COMMITMENTS, "limit": 100}),
        (PAGES, {**MILESTONES, "limit": 100}),
        (PAGES, {"type": "planes.ActionPlanPage", "fields": "*"}),
        (PAGES, {"limit": 100}),
        ("/api/v2/institutions/", {"fields": "*"}),
        ("/api/v2/documents/", {}),
    ]
    client.get(PAGES)  # warm caches (site root paths, content types)

    def counts():
        """(queries with no item cached, queries with every item cached) of each case
        (planes/api/representations.py: cached items skip their relations' queries)."""
        result = []
        for url, params in cases:
            caches["fragments"].clear()
            result.append((count_queries(client, url, params), count_queries(client, url, params)))
        return result

    small = counts()
    grow(public_plan.plan, 6)
    InstitutionFactory()
    for (url, params), (cold, warm) in zip(cases, small, strict=True):
        assert warm <= cold
        caches["fragments"].clear()
        with django_assert_num_queries(cold, info=f"{url} {params}, nothing cached"):
            assert client.get(url, params).status_code == 200
        with django_assert_num_queries(warm, info=f"{url} {params}, every item cached"):
            assert client.get(url, params).status_code == 200


def test_evidence_files_of_drafts_are_not_downloadable_by_the_public(
    client, public_plan, admin_user
):
    """A document attached only to unpublished content answers 404 to anonymous readers, and
    becomes downloadable once the page that uses it is published."""
    assert client.get(public_plan.doc.url).status_code == 200
    assert client.get(public_plan.draft_doc.url).status_code == 404
    client.force_login(admin_user)  # editors and approvers review drafts with their evidence
    assert client.get(public_plan.draft_doc.url).status_code == 200
    client.logout()
    publish(public_plan.draft_milestone)
    assert client.get(public_plan.draft_doc.url).status_code == 200


PUBLIC_BASE = "https://tablero.example.org"


def absolute_urls(value, path=()):
    """(path, url) of every absolute URL in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from absolute_urls(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from absolute_urls(item, (*path, index))
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield path, value


def test_absolute_urls_use_the_configured_public_address(client, public_plan, settings):
    """Whatever host a request comes in by, every URL points at WAGTAILAPI_BASE_URL."""
    settings.WAGTAILAPI_BASE_URL = PUBLIC_BASE + "/"
    host = {"HTTP_HOST": "interno.example.net"}
    responses = [
        get(client, PAGES, COMMITMENTS, **host),
        get(client, PAGES, {**MILESTONES, "limit": 100}, **host),
        get(client, PAGES, {"type": "planes.ActionPlanPage", "fields": "*"}, **host),
        get(client, f"{PAGES}{public_plan.on_track.pk}/", **host),
        get(client, f"{PAGES}{public_plan.plan.pk}/", **host),
        get(client, "/api/v2/institutions/", {"fields": "*"}, **host),
        get(client, f"/api/v2/institutions/{public_plan.sfp.pk}/", **host),
        get(client, f"/api/v2/organizations/{public_plan.gesoc.pk}/", **host),
        get(client, "/api/v2/documents/", **host),
    ]
    found = {}
    for response in responses:
        for path, url in absolute_urls(response.json()):
            found.setdefault(path[-1], set()).add(url)
    for key in ("detail_url", "html_url", "url", "milestones_csv", "download_url"):
        assert key in found, (key, sorted(found))
    external = {"https://www.gob.mx/sfp"}  # a link evidence (demo.factories.evidence)
    wrong = {
        key: sorted(u for u in urls - external if not u.startswith(PUBLIC_BASE + "/"))
        for key, urls in found.items()
    }
    assert not any(wrong.values()), wrong
    milestone = responses[3].json()
    assert milestone["evidence"][0]["url"] == f"{PUBLIC_BASE}{public_plan.doc.url}"
    sfp = responses[6].json()
    assert sfp["meta"]["html_url"] == f"{PUBLIC_BASE}/instituciones/sfp/"
    assert sfp["commitments"][0]["html_url"] == f"{PUBLIC_BASE}{public_plan.first.url}"
