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

from planes.choices import (
    ActivityStatus,
    CompletionLevel,
    EvidenceKind,
    IRMCompletion,
    IRMCycle,
    IRMEarlyResults,
    IRMOpenGovernment,
    IRMPotentialForResults,
    IRMPotentialImpact,
    IRMSpecificity,
    PlanStatus,
    Stance,
)
from planes.links import public_url, site_download_url
from planes.models import SnapshotKind

from .tables import BOOLEAN, COLUMNS, DATE, DATETIME, INTEGER, NUMBER, STRING, TABLE_LABELS

#: Table Schema type of each column type.
FIELD_TYPES = {
    STRING: "string",
    INTEGER: "integer",
    NUMBER: "number",
    BOOLEAN: "boolean",
    DATE: "date",
    DATETIME: "datetime",
}
#: Each table's own identifier (a unique column).
PRIMARY_KEYS = {
    "plans": "plan_id",
    "commitments": "commitment_id",
    "milestones": "milestone_id",
    "irm": "commitment_id",
    "snapshots": ["period_id", "page_id"],
}
#: Columns whose values come from a vocabulary (the data dictionary lists them): the
#: schema constrains them to it (``enum``; an empty cell is a missing value). By column
#: name, for every table, unless a table names its own.
ENUMS = {
    "completion_level": CompletionLevel,
    "government_completion_level": CompletionLevel,
    "status": PlanStatus,
    "activity_status": ActivityStatus,
    "stance": Stance,
    "irm_cycle": IRMCycle,
    "irm_potential_for_results": IRMPotentialForResults,
    "irm_specificity": IRMSpecificity,
    "irm_potential_impact": IRMPotentialImpact,
    "irm_completion_midterm": IRMCompletion,
    "irm_completion": IRMCompletion,
    "irm_did_it_open_government": IRMOpenGovernment,
    "irm_early_results": IRMEarlyResults,
}
TABLE_ENUMS = {
    "evidence": {"kind": EvidenceKind},
    "snapshots": {"kind": SnapshotKind},
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


def _field(column, table: str = "") -> dict:
    field = {
        "name": column.name,
        "type": FIELD_TYPES[column.type],
        "description": str(column.meaning),
    }
    if column.type == BOOLEAN:
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if column.type in (DATE, DATETIME):
        field["format"] = "default"  # ISO 8601: AAAA-MM-DD, AAAA-MM-DDTHH:MM:SS+00:00
    choices = TABLE_ENUMS.get(table, {}).get(column.name) or ENUMS.get(column.name)
    if choices is not None and column.type == STRING:
        field["constraints"] = {"enum": list(choices.values)}
    return field


def table_schema(table: str) -> dict:
    schema = {"fields": [_field(c, table) for c in COLUMNS[table]], "missingValues": [""]}
    if table in PRIMARY_KEYS:
        key = PRIMARY_KEYS[table]
        schema["primaryKey"] = key if isinstance(key, list) else [key]
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
