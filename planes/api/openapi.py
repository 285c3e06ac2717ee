"""OpenAPI 3.0 description of the public API, served at /api/v2/openapi.json.

Built in code next to the endpoints so it stays true: the table columns come
from planes/opendata.py and the filters from planes/api/filters.py. A test
runs schemathesis against the app with this description.
"""

from django.conf import settings

from opendata.tables import COLUMNS

from ..choices import ActivityStatus, CompletionLevel, EvidenceKind, OGPValue
from ..links import TABLE_SLUGS
from .filters import DOMAIN_FILTERS

ERROR = {"$ref": "#/components/schemas/Error"}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string"}
STR_LIST = {"type": "array", "items": STR}

OBJECT_META = {
    "type": "object",
    "properties": {
        "type": STR,
        "detail_url": URL,
        "html_url": nullable(URL),
        "slug": STR,
        "first_published_at": nullable({"type": "string", "format": "date-time"}),
        "seo_title": STR,
        "search_description": STR,
        "show_in_menus": BOOL,
        "alias_of": nullable({"type": "object"}),
        "parent": nullable({"type": "object"}),
        "locale": STR,
        "tags": STR_LIST,
        "download_url": URL,
    },
}

DIRECTORY_REF = {
    "type": "object",
    "properties": {"id": INT, "meta": OBJECT_META, "name": STR, "acronym": STR},
}
DOCUMENT_REF = nullable(
    {
        "type": "object",
        "properties": {"id": INT, "meta": OBJECT_META, "title": STR},
    }
)
EVIDENCE = {
    "type": "object",
    "required": ["title", "kind", "url"],
    "properties": {
        "activity_id": INT,
        "title": STR,
        "date": nullable(DATE),
        "kind": {"type": "string", "enum": list(EvidenceKind.values)},
        "url": {**URL, "description": "Dirección absoluta de descarga"},
        "file_extension": STR,
    },
}
ACTIVITY = {
    "type": "object",
    "properties": {
        "id": INT,
        "title": STR,
        "description": STR,
        "status": {"type": "string", "enum": list(ActivityStatus.values)},
        "start_date": nullable(DATE),
        "end_date": nullable(DATE),
        "means_of_verification": STR,
        "evidence": {"type": "array", "items": EVIDENCE},
    },
}
PROGRESS = {
    "progress": {**NUM, "minimum": 0, "maximum": 100},
    "pct_verified": NUM,
    "pct_completed": NUM,
    "pct_in_progress": NUM,
    "pct_not_started": NUM,
    "completion_level": {"type": "string", "enum": list(CompletionLevel.values)},
    "completion_level_label": STR,
}

PAGE_PROPERTIES = {
    "id": INT,
    "meta": OBJECT_META,
    "title": STR,
    # ActionPlanPage
    "number": INT,
    "country": STR,
    "government": STR,
    "status": STR,
    "status_label": STR,
    "start_date": nullable(DATE),
    "end_date": nullable(DATE),
    "summary": STR,
    "co_creation": STR,
    "plan_document": DOCUMENT_REF,
    "minutes": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": INT, "title": STR, "date": DATE, "document": DOCUMENT_REF},
        },
    },
    **PROGRESS,
    "commitments_total": INT,
    "downloads": {"type": "object", "additionalProperties": URL},
    # CommitmentPage
    "ogp_id": STR,
    "short_title": STR,
    "objective": STR,
    "delayed": BOOL,
    "milestones_total": INT,
    "milestones_done": INT,
    "lead_institutions": {"type": "array", "items": DIRECTORY_REF},
    "organizations": {"type": "array", "items": DIRECTORY_REF},
    "ogp_values": {"type": "array", "items": {"type": "string", "enum": list(OGPValue.values)}},
    "ogp_value_labels": STR_LIST,
    "tags": STR_LIST,
    "sdg_goal_numbers": {"type": "array", "items": INT},
    "roadmap_document": DOCUMENT_REF,
    "contact_name": STR,
    "irm_specificity": STR,
    "irm_verifiable": nullable(BOOL),
    "irm_potential_impact": STR,
    "irm_completion": STR,
    "irm_did_it_open_government": STR,
    "irm_notes": STR,
    "irm_report_url": STR,
    # MilestonePage
    "description": STR,
    "weight": NUM,
    "indicator": STR,
    "means_of_verification": STR,
    "expected_deliverable": STR,
    "responsible_institutions": {"type": "array", "items": DIRECTORY_REF},
    "responsible_organizations": {"type": "array", "items": DIRECTORY_REF},
    "activities_total": INT,
    "activities_done": INT,
    "activities": {"type": "array", "items": ACTIVITY},
    "evidence": {"type": "array", "items": EVIDENCE},
    "updates": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": INT,
                "date": DATE,
                "text": STR,
                "author_institution": nullable(DIRECTORY_REF),
                "author_organization": nullable(DIRECTORY_REF),
            },
        },
    },
}

COMMITMENT_REF = {
    "type": "object",
    "properties": {
        "id": INT,
        "number": INT,
        "ogp_id": STR,
        "title": STR,
        "progress": NUM,
        "completion_level": STR,
        "html_url": nullable(URL),
    },
}
DIRECTORY_ENTRY = {
    "type": "object",
    "properties": {
        "id": INT,
        "meta": OBJECT_META,
        "name": STR,
        "acronym": STR,
        "slug": STR,
        "website": STR,
        "description": STR,
        "sector": STR,
        "sector_label": STR,
        "kind": STR,
        "kind_label": STR,
        "commitments": {"type": "array", "items": COMMITMENT_REF},
    },
}
FILE_ITEM = {
    "type": "object",
    "properties": {"id": INT, "meta": OBJECT_META, "title": STR, "width": INT, "height": INT},
}

_TYPES = {"string": STR, "integer": INT, "number": NUM, "boolean": BOOL, "date": DATE}


def _row_schema(table: str) -> dict:
    props = {}
    for column in COLUMNS[table]:
        schema = _TYPES[column.type]
        if column.type in ("date", "string") or column.name in ("weight",):
            schema = nullable(schema)
        props[column.name] = {**schema, "description": str(column.meaning)}
    return {
        "type": "object",
        "required": [c.name for c in COLUMNS[table]],
        "properties": props,
    }


def _listing(item_ref: str) -> dict:
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {"type": "object", "properties": {"total_count": INT}},
            "items": {"type": "array", "items": {"$ref": item_ref}},
        },
    }


def _param(name, description, schema=None, location="query", required=False):
    return {
        "name": name,
        "in": location,
        "required": required,
        "description": description,
        "schema": schema or STR,
    }


def _common_params(limit_max: int) -> list[dict]:
    return [
        _param(
            "limit",
            f"Resultados por página (por omisión 20, máximo {limit_max}).",
            {"type": "integer", "minimum": 0, "maximum": limit_max},
        ),
        _param("offset", "Resultados a saltar.", {"type": "integer", "minimum": 0}),
        _param("fields", "Campos a incluir: `*` todos, `_` ninguno, `-campo` quita uno."),
        _param("order", "Orden por un campo (`-` para descendente) o `random`."),
        _param(
            "search",
            "Búsqueda de texto completo en español. En `pages/`, la del sitio (/buscar/): "
            "planes, compromisos y acciones clave publicados, los mismos resultados en el "
            "mismo orden.",
        ),
        _param(
            "search_operator",
            "Operador entre las palabras de la búsqueda. `and` (por omisión): páginas con "
            "todas las palabras; si ninguna las tiene todas, como `or`. `or`: páginas con "
            "alguna palabra o con una que empieza igual, primero las que tienen más.",
            {"type": "string", "enum": ["and", "or"]},
        ),
    ]


def _responses(ok_schema: dict, description: str = "OK") -> dict:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": ok_schema}}},
        "400": {
            "description": "Parámetro no válido",
            "content": {"application/json": {"schema": ERROR}},
        },
        "404": {"description": "No encontrado", "content": {"application/json": {"schema": ERROR}}},
    }


def _endpoint(name: str, item_ref: str, summary: str, extra_params=(), limit_max=20) -> dict:
    listing = {
        "get": {
            "operationId": f"{name}_listing",
            "summary": summary,
            "tags": [name],
            "parameters": [*_common_params(limit_max), *extra_params],
            "responses": _responses({"$ref": f"#/components/schemas/{name}_listing"}),
        }
    }
    detail = {
        "get": {
            "operationId": f"{name}_detail",
            "summary": f"{summary} (detalle)",
            "tags": [name],
            "parameters": [
                _param("id", "Identificador", {"type": "integer", "minimum": 1}, "path", True),
                _param("fields", "Campos a incluir."),
            ],
            "responses": _responses({"$ref": item_ref}),
        }
    }
    return {f"/api/v2/{name}/": listing, f"/api/v2/{name}/{{id}}/": detail}


def _download(table: str, fmt: str) -> dict:
    slug = TABLE_SLUGS[table]
    if fmt == "json":
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{table}_export"}}}
    elif fmt == "csv":
        content = {"text/csv": {"schema": STR}}
    else:
        content = {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            }
        }
    return {
        "get": {
            "operationId": f"plan_{table}_{fmt}",
            "summary": f"Tabla «{table}» de un plan en {fmt.upper()}",
            "tags": ["datos abiertos"],
            "parameters": [
                _param(
                    "plan_id",
                    "Identificador del plan",
                    {"type": "integer", "minimum": 1},
                    "path",
                    True,
                )
            ],
            "responses": {
                "200": {"description": "Archivo", "content": content},
                "404": {"description": "No existe el plan publicado"},
            },
        },
        "x-path": f"/datos/planes/{{plan_id}}/{slug}.{fmt}",
    }


def build_openapi() -> dict:
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    domain = [
        _param(
            "type",
            "Tipo de página: `planes.ActionPlanPage`, `planes.CommitmentPage` o "
            "`planes.MilestonePage` (varios separados por comas). Con un solo tipo se puede "
            "filtrar por sus campos (p. ej. `number=3`, `progress=100`).",
            {
                "type": "string",
                "enum": [
                    "planes.ActionPlanPage",
                    "planes.CommitmentPage",
                    "planes.MilestonePage",
                    "home.HomePage",
                ],
            },
        ),
        _param(
            "child_of",
            "Hijas directas de la página con este id.",
            {"type": "integer", "minimum": 1},
        ),
        _param(
            "descendant_of",
            "Descendientes de la página con este id.",
            {"type": "integer", "minimum": 1},
        ),
        _param(
            "ancestor_of", "Ancestros de la página con este id.", {"type": "integer", "minimum": 1}
        ),
        _param("institution", "Institución responsable (id o slug). Compromisos y acciones clave."),
        _param(
            "organization", "Organización corresponsable (id o slug). Compromisos y acciones clave."
        ),
        _param(
            "status",
            "Planes: etapa (co_creation, implementation, closed). Compromisos y acciones "
            "clave: nivel de cumplimiento (" + ", ".join(CompletionLevel.values) + ").",
        ),
        _param(
            "delayed",
            "Con retraso (true/false). Compromisos y acciones clave.",
            {"type": "string", "enum": ["true", "false"]},
        ),
        _param("tag", "Tema (slug o nombre). Compromisos."),
        _param(
            "ogp_value",
            "Valor de OGP. Compromisos.",
            {"type": "string", "enum": list(OGPValue.values)},
        ),
    ]
    assert {p["name"] for p in domain} >= set(DOMAIN_FILTERS)  # noqa: S101 - kept in step
    paths = {}
    paths.update(
        _endpoint(
            "pages",
            "#/components/schemas/page",
            "Páginas publicadas: planes, compromisos y acciones clave",
            domain,
            limit_max,
        )
    )
    paths.update(
        _endpoint(
            "institutions",
            "#/components/schemas/directory_entry",
            "Instituciones de gobierno",
            (),
            limit_max,
        )
    )
    paths.update(
        _endpoint(
            "organizations",
            "#/components/schemas/directory_entry",
            "Organizaciones de la sociedad civil",
            (),
            limit_max,
        )
    )
    paths.update(
        _endpoint(
            "documents",
            "#/components/schemas/file",
            "Documentos usados por el contenido publicado",
            (),
            limit_max,
        )
    )
    paths.update(
        _endpoint(
            "images",
            "#/components/schemas/file",
            "Imágenes usadas por el contenido publicado",
            (),
            limit_max,
        )
    )
    for table in ("commitments", "milestones", "evidence"):
        for fmt in ("csv", "xlsx", "json"):
            item = _download(table, fmt)
            paths[item.pop("x-path")] = item
    paths["/datos/tablero.json"] = {
        "get": {
            "operationId": "site_export",
            "summary": "Todos los planes publicados, con sus tres tablas",
            "tags": ["datos abiertos"],
            "responses": {
                "200": {
                    "description": "Exportación completa",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/site_export"}}
                    },
                }
            },
        }
    }
    for name, url, summary in (
        ("updates_feed_rss", "/datos/actualizaciones.rss", "Actualizaciones de avance (RSS)"),
        ("updates_feed_atom", "/datos/actualizaciones.atom", "Actualizaciones de avance (Atom)"),
    ):
        media = "application/rss+xml" if url.endswith("rss") else "application/atom+xml"
        paths[url] = {
            "get": {
                "operationId": name,
                "summary": summary,
                "tags": ["datos abiertos"],
                "responses": {"200": {"description": "Canal", "content": {media: {"schema": STR}}}},
            }
        }
    envelope = {
        "generated_at": {"type": "string", "format": "date-time"},
        "license": STR,
        "license_url": STR,
    }
    schemas = {
        "Error": {"type": "object", "required": ["message"], "properties": {"message": STR}},
        "page": {"type": "object", "properties": PAGE_PROPERTIES},
        "pages_listing": _listing("#/components/schemas/page"),
        "directory_entry": DIRECTORY_ENTRY,
        "institutions_listing": _listing("#/components/schemas/directory_entry"),
        "organizations_listing": _listing("#/components/schemas/directory_entry"),
        "file": FILE_ITEM,
        "documents_listing": _listing("#/components/schemas/file"),
        "images_listing": _listing("#/components/schemas/file"),
        "site_export": {
            "type": "object",
            "required": ["generated_at", "license", "plans"],
            "properties": {
                **envelope,
                "plans": {
                    "type": "array",
                    "items": {
                        "allOf": [
                            _row_schema("plans"),
                            {
                                "type": "object",
                                "properties": {
                                    t: {"type": "array", "items": _row_schema(t)}
                                    for t in ("commitments", "milestones", "evidence")
                                },
                            },
                        ]
                    },
                },
            },
        },
    }
    for table in ("commitments", "milestones", "evidence"):
        schemas[f"{table}_export"] = {
            "type": "object",
            "required": ["generated_at", "license", "table", "columns", "rows"],
            "properties": {
                **envelope,
                "plan": _row_schema("plans"),
                "table": {"type": "string", "enum": [table]},
                "columns": STR_LIST,
                "rows": {"type": "array", "items": _row_schema(table)},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Tablero de Gobierno Abierto: API pública",
            "version": "2",
            "description": (
                "API de sólo lectura (Wagtail API v2) y datos abiertos de los planes de acción "
                "de la Alianza para el Gobierno Abierto: planes, compromisos, acciones clave, "
                "evidencias, instituciones y organizaciones. Sólo contenido publicado. "
                f'Máximo {limit_max} resultados por página. Errores: JSON `{{"message": ...}}` '
                "con estado 4xx."
            ),
            "license": {"name": settings.OPEN_DATA_LICENSE, "url": settings.OPEN_DATA_LICENSE_URL},
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
