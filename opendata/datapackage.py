"""The Frictionless Data Package (v1) that describes the open data: /datos/datapackage.json.

One tabular resource per table of the data dictionary (opendata.tables.COLUMNS), whose
``path`` is the absolute URL of its whole-site CSV download (/datos/<slug>.csv), with a
Table Schema built from the same columns: name, type and the meaning shown on /datos/.
Keys are declared where they are plain: every table's own identifier, and the
identifiers other tables refer to.

Specification: https://specs.frictionlessdata.io/data-package/ (and tabular-data-resource,
table-schema, csv-dialect). tests/test_datapackage.py validates it with the ``frictionless``
library against the real downloads.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from planes.links import public_url, site_download_url

from .tables import BOOLEAN, COLUMNS, DATE, INTEGER, NUMBER, STRING, TABLE_LABELS

#: Table Schema type of each column type.
FIELD_TYPES = {
    STRING: "string",
    INTEGER: "integer",
    NUMBER: "number",
    BOOLEAN: "boolean",
    DATE: "date",
}
#: Each table's own identifier (a unique column).
PRIMARY_KEYS = {
    "plans": "plan_id",
    "commitments": "commitment_id",
    "milestones": "milestone_id",
    "irm": "commitment_id",
}
#: (table, column) → (referenced table, its column).
FOREIGN_KEYS = {
    "commitments": {"plan_id": ("plans", "plan_id")},
    "milestones": {
        "plan_id": ("plans", "plan_id"),
        "commitment_id": ("commitments", "commitment_id"),
    },
    "evidence": {
        "plan_id": ("plans", "plan_id"),
        "commitment_id": ("commitments", "commitment_id"),
        "milestone_id": ("milestones", "milestone_id"),
    },
    "assessments": {
        "plan_id": ("plans", "plan_id"),
        "commitment_id": ("commitments", "commitment_id"),
        "milestone_id": ("milestones", "milestone_id"),
    },
    "irm": {
        "plan_id": ("plans", "plan_id"),
        "commitment_id": ("commitments", "commitment_id"),
    },
    "snapshots": {"plan_id": ("plans", "plan_id")},
}
#: The tables in the package's order: the referenced ones first.
PACKAGE_TABLES = (
    "plans",
    "commitments",
    "milestones",
    "evidence",
    "assessments",
    "irm",
    "snapshots",
)


def _field(column) -> dict:
    field = {
        "name": column.name,
        "type": FIELD_TYPES[column.type],
        "description": str(column.meaning),
    }
    if column.type == BOOLEAN:
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if column.type == DATE:
        field["format"] = "default"  # ISO 8601, AAAA-MM-DD
    return field


def table_schema(table: str) -> dict:
    schema = {"fields": [_field(c) for c in COLUMNS[table]], "missingValues": [""]}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = [PRIMARY_KEYS[table]]
    if table in FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": ref_table, "fields": [ref_column]}}
            for column, (ref_table, ref_column) in FOREIGN_KEYS[table].items()
        ]
    return schema


def resource(table: str, request=None) -> dict:
    return {
        "name": table,
        "title": str(TABLE_LABELS[table]),
        "profile": "tabular-data-resource",
        "path": public_url(site_download_url(table, "csv"), request),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
        "schema": table_schema(table),
    }


def data_package(request=None) -> dict:
    """The descriptor: every table of the data dictionary, as its whole-site CSV."""
    return {
        "profile": "tabular-data-package",
        "name": "tablero-gobierno-abierto",
        "title": _("Tablero de Gobierno Abierto: datos abiertos"),
        "description": _(
            "Planes de acción de la Alianza para el Gobierno Abierto, sus compromisos, "
            "acciones clave, evidencias, valoraciones de la sociedad civil, evaluación del "
            "MRI e historia por periodo. Sólo contenido publicado."
        ),
        "homepage": public_url("/datos/", request),
        "licenses": [
            {
                "name": settings.OPEN_DATA_LICENSE,
                "path": settings.OPEN_DATA_LICENSE_URL,
                "title": settings.OPEN_DATA_LICENSE,
            }
        ],
        "resources": [resource(table, request) for table in PACKAGE_TABLES],
    }
