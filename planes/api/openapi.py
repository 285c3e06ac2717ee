"""OpenAPI 3.0 description of the public API, served at /api/v2/openapi.json.

Built in code from what the API serves, so it stays true:

* the items of each endpoint from the models' ``api_fields``: a field's schema
  comes from its model field (type, choices, null), or, for a serializer field
  or a property, from the small tables :data:`SERIALIZER_SCHEMAS` and
  :data:`PROPERTY_SCHEMAS`; where Wagtail puts each field (``meta``, what a
  listing shows) from the endpoint's :class:`Layout`;
* the open-data tables from opendata/tables.py, the filters from planes/api/filters.py.

Every object allows no keys but its own (``additionalProperties: false``). An item
lists under ``x-default-fields`` the keys the API returns without ``fields``; they
are not ``required``, since ``fields`` can leave any of them out. Objects whose shape
``fields`` cannot change (an activity, an evidence item, a listing's envelope) list
theirs as ``required``. The schemathesis test (tests/test_api_schema.py) checks both.
An ``api_fields`` entry whose schema cannot be found (a property or serializer
field missing from the tables) stops the description from being built.

The query parameters come from planes/api/parameters.py's :class:`Param`: the endpoints
refuse (400) every value their schema does not allow, so the description and the API
agree; what depends on another parameter is in ``x-`` extensions (see that module).
Listings link to their detail (OpenAPI ``links``), so a client, or schemathesis's
stateful phase, can follow real ids.
"""

import functools
import re
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, get_page_models

from cms.converters import MAX_ID, IdConverter
from instancia.models import InstanceSettings
from opendata.tables import COLUMNS

from ..choices import ActivityStatus, CompletionLevel, EvidenceKind, OGPValue, PlanStatus, Stance
from ..filters import BOOLEAN_VALUES
from ..links import DOWNLOAD_FORMATS, SITE_TABLE_SLUGS, TABLE_SLUGS
from ..models import (
    ActionPlanPage,
    CommitmentPage,
    Institution,
    MilestonePage,
    Organization,
    PeriodStatus,
    ReportingPeriod,
    SnapshotKind,
)
from ..progress import SITUATION_FILTERS
from .fields import (
    AbsoluteUrlField,
    ActivitiesField,
    CivilSocietyAssessmentsField,
    CivilSocietySummaryField,
    CommitmentRefsField,
    DownloadsField,
    EvidenceField,
    LabelField,
    PageHistoryField,
    PeriodSnapshotsField,
    TagNamesField,
    UpdateReportedLateField,
    UtcDateTimeField,
)
from .filters import DOMAIN_FILTERS, MAX_OFFSET
from .parameters import (
    NO_NUL,
    X_CONFLICTS,
    X_NAMES_BY_PAGE_TYPE,
    X_PAGE_TYPES,
    X_REQUIRES,
    X_VALUES_BY_PAGE_TYPE,
    Param,
    fields_pattern,
    is_multi_relation,
    order_pattern,
)

ERROR = {"$ref": "#/components/schemas/Error"}
#: The keys of an item without ``fields`` (an extension: ``fields`` can leave any out).
DEFAULT_FIELDS = "x-default-fields"


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict, required=None) -> dict:
    """An object with exactly these keys, ``required`` (all by default) always present."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    required = list(properties if required is None else required)
    if required:  # OpenAPI 3.0: when present, at least one name
        schema["required"] = required
    return schema


def trimmable(properties: dict, defaults) -> dict:
    """An item ``fields`` can trim: these keys and no others, none required; the keys an
    answer without ``fields`` has under ``x-default-fields``."""
    return {**obj(properties, []), DEFAULT_FIELDS: list(defaults)}


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string"}
STR_LIST = array(STR)

# The objects the serializer fields of planes/api/fields.py write.
EVIDENCE_ITEM = obj(
    {
        "title": STR,
        "date": nullable(DATE),
        "kind": enum(EvidenceKind.values),
        "url": {**URL, "description": gettext_lazy("Dirección absoluta de descarga")},
        "file_extension": STR,
        "sha256": {
            **STR,
            "description": gettext_lazy(
                "SHA-256 del archivo, registrado al subirlo (vacío si es un enlace)"
            ),
        },
    }
)
#: A milestone's evidence item: whether it was reported after its period had closed.
REPORTED_LATE = {
    **BOOL,
    "description": gettext_lazy(
        "Informada después del cierre: fechada dentro de un periodo de reporte que ya "
        "estaba cerrado cuando se publicó por primera vez"
    ),
}
MILESTONE_EVIDENCE_ITEM = obj({**EVIDENCE_ITEM["properties"], "reported_late": REPORTED_LATE})
ACTIVITY = obj(
    {
        "id": INT,
        "title": STR,
        "description": STR,
        "status": enum(ActivityStatus.values),
        "start_date": nullable(DATE),
        "end_date": nullable(DATE),
        "means_of_verification": STR,
        "evidence": array(MILESTONE_EVIDENCE_ITEM),
    }
)
COMMITMENT_REF = obj(
    {
        "id": INT,
        "number": INT,
        "ogp_id": STR,
        "title": STR,
        "progress": NUM,
        "completion_level": enum(CompletionLevel.values),
        "html_url": nullable(URL),
    }
)

BODY_REF = obj({"id": INT, "name": STR, "acronym": STR})
ASSESSMENT = obj(
    {
        "organization": BODY_REF,
        "stance": enum(Stance.values),
        "completion_level": enum(CompletionLevel.values),
        "date": nullable(DATE),
        "comment": STR,
        "evidence": array(EVIDENCE_ITEM),
        "response": nullable(obj({"institution": BODY_REF, "date": nullable(DATE), "text": STR})),
    }
)
CIVIL_SOCIETY_SUMMARY = obj(
    {
        "assessed_milestones": INT,
        "disagreeing_milestones": INT,
        "partly_agreeing_milestones": INT,
    }
)

#: Schemas of the ``api_fields`` with a serializer of their own, by serializer class.
#: A snapshot of a commitment or milestone when its period closed (PeriodSnapshot).
PERIOD_SNAPSHOT = obj(
    {
        "page_id": INT,
        "kind": enum([SnapshotKind.COMMITMENT, SnapshotKind.MILESTONE]),
        "parent_page_id": nullable(INT),
        "title": STR,
        "number": nullable(INT),
        "ogp_id": STR,
        "progress": NUM,
        "pct_verified": NUM,
        "pct_completed": NUM,
        "pct_in_progress": NUM,
        "pct_not_started": NUM,
        "completion_level": STR,
        "delayed": BOOL,
        "activities_done": nullable(INT),
        "activities_total": nullable(INT),
        "evidence_count": nullable(INT),
        "taken_at": DATETIME,
    }
)
#: A page's figures at one closed period (planes.history.history_entries).
STANCE_SUMMARY_SNAPSHOT = obj(
    {
        "assessed_milestones": INT,
        "disagreeing_milestones": INT,
        "partly_agreeing_milestones": INT,
    }
)
STANCE_SNAPSHOT = obj(
    {
        "organization": BODY_REF,
        "stance": enum(Stance.values),
        "completion_level": enum(CompletionLevel.values),
    }
)
HISTORY_ENTRY = obj(
    {
        "period": obj(
            {
                "id": INT,
                "name": STR,
                "start_date": DATE,
                "end_date": DATE,
                "closed_at": nullable(DATETIME),
            }
        ),
        "progress": NUM,
        "completion_level": enum(CompletionLevel.values),
        "delayed": BOOL,
        "activities_done": nullable(INT),
        "activities_total": nullable(INT),
        "evidence_count": nullable(INT),
        "civil_society": {
            "nullable": True,
            "description": gettext_lazy(
                "Lo que la sociedad civil había publicado al cierre: en una acción clave, "
                "la postura y el nivel de cada organización; en un compromiso, cuántas "
                "acciones clave se valoraron y en cuántas hay desacuerdo o acuerdo parcial. "
                "null en fotografías tomadas antes de que se registrara."
            ),
            "anyOf": [array(STANCE_SNAPSHOT), STANCE_SUMMARY_SNAPSHOT],
        },
    }
)
PAGE_HISTORY = {
    **array(HISTORY_ENTRY),
    "description": gettext_lazy(
        "Las cifras de la página al cierre de cada periodo cerrado de su plan, del más "
        "antiguo al más reciente (fotografías tomadas al cerrar, que no cambian). Sólo en "
        "el detalle (`/api/v2/pages/<id>/`), no en los listados."
    ),
}
SERIALIZER_SCHEMAS = {
    LabelField: STR,
    AbsoluteUrlField: URL,
    TagNamesField: STR_LIST,
    DownloadsField: obj({f"{t}_{f}": URL for t in TABLE_SLUGS for f in DOWNLOAD_FORMATS}),
    ActivitiesField: array(ACTIVITY),
    UpdateReportedLateField: REPORTED_LATE,
    EvidenceField: array(obj({"activity_id": INT, **MILESTONE_EVIDENCE_ITEM["properties"]})),
    CommitmentRefsField: array(COMMITMENT_REF),
    CivilSocietyAssessmentsField: array(ASSESSMENT),
    CivilSocietySummaryField: CIVIL_SOCIETY_SUMMARY,
    PeriodSnapshotsField: array(PERIOD_SNAPSHOT),
    PageHistoryField: PAGE_HISTORY,
    UtcDateTimeField: nullable(DATETIME),
}
#: Schemas of the ``api_fields`` that are properties of the model, by name.
PROPERTY_SCHEMAS = {
    "completion_level": enum(CompletionLevel.values),
    "completion_level_label": STR,
    "delayed": BOOL,
    "due_soon": BOOL,
    "stale": BOOL,
    "ogp_values": array(enum(OGPValue.values)),
    "ogp_value_labels": STR_LIST,
    "sdg_goal_numbers": array(INT),
}
#: Schemas of the model fields whose JSON has no general type (JSONField), by name.
JSON_FIELD_SCHEMAS = {
    "irm_ogp_values": array(enum(OGPValue.values)),
}
#: A page as ``parent`` and ``alias_of`` show it.
PAGE_REF = obj(
    {
        "id": INT,
        "meta": obj({"type": STR, "detail_url": URL, "html_url": nullable(URL)}),
        "title": STR,
    }
)
#: Schemas of the fields Wagtail's serializers add (``type`` is the model's label).
WAGTAIL_SCHEMAS = {
    "detail_url": URL,
    "html_url": nullable(URL),
    "parent": nullable(PAGE_REF),
    "alias_of": nullable(PAGE_REF),
    "locale": STR,
    "tags": STR_LIST,
    "download_url": URL,
}
#: JSON types of the model fields, the most specific class first (decimals are numbers:
#: COERCE_DECIMAL_TO_STRING is off).
FIELD_TYPES = (
    (models.BooleanField, BOOL),
    (models.DateTimeField, DATETIME),
    (models.DateField, DATE),
    (models.IntegerField, INT),
    (models.FloatField, NUM),
    (models.DecimalField, NUM),
    (models.CharField, STR),
    (models.TextField, STR),
)
POSITIVE_FIELDS = (
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


class Layout(NamedTuple):
    """Where an endpoint puts an item's fields (Wagtail's settings of its endpoint class)."""

    base: tuple[str, ...]  # body fields before the model's api_fields
    meta: tuple[str, ...]  # fields shown under "meta"
    listing: tuple[str, ...]  # a listing item's fields without ``fields``
    nested: tuple[str, ...]  # a related object's fields without sub-fields
    detail_only: tuple[str, ...] = ()
    detail_optional: tuple[str, ...] = ()  # in a detail only when ``fields`` asks

    @classmethod
    def of(cls, viewset, model) -> "Layout":
        available = viewset.get_available_fields(model)
        detail = viewset.get_detail_default_fields(model)
        return cls(
            base=tuple(viewset.body_fields),
            meta=tuple(viewset.meta_fields),
            listing=tuple(viewset.get_listing_default_fields(model)),
            nested=tuple(viewset.get_nested_default_fields(model)),
            detail_only=tuple(viewset.detail_only_fields),
            detail_optional=tuple(name for name in available if name not in detail),
        )


#: The directory endpoints' layout (planes.api.endpoints.DirectoryEndpoint; a test checks).
DIRECTORY_LAYOUT = Layout(
    base=("id",),
    meta=("type", "detail_url", "html_url"),
    listing=("id", "type", "detail_url", "html_url", "name", "acronym", "slug"),
    nested=("id", "type", "detail_url", "name", "acronym"),
)
#: The periods endpoint's layout (planes.api.endpoints.PeriodsEndpoint).
PERIODS_LAYOUT = Layout(
    base=("id",),
    meta=("type", "detail_url"),
    listing=(
        "id",
        "type",
        "detail_url",
        "plan",
        "name",
        "start_date",
        "end_date",
        "due_date",
        "status",
        "closed_at",
    ),
    nested=("id", "type", "detail_url", "name"),
    detail_only=("snapshots",),
)
#: The fields of a page only its detail shows (planes.api.endpoints.PagesEndpoint).
PAGE_DETAIL_ONLY_FIELDS = ("parent", "history")
#: Inline children (a plan's minutes, a milestone's updates): every field, no detail_url.
CHILD_LAYOUT = Layout(base=("id",), meta=("type",), listing=(), nested=())


class ItemType(NamedTuple):
    name: str  # component name
    model: type
    labels: tuple[str, ...] = ()  # the ``type`` values, if not just the model's


class Endpoint(NamedTuple):
    name: str
    summary: str
    layout: Layout
    types: tuple[ItemType, ...]
    item: str  # component name of a detail answer


#: Page types with their own schema; any other page shows only Wagtail's page fields.
PAGE_TYPES = (ActionPlanPage, CommitmentPage, MilestonePage)


def _endpoints() -> tuple[Endpoint, ...]:
    """The endpoints of planes/api/router.py, in the order the description lists them."""
    others = tuple(m._meta.label for m in get_page_models() if m not in PAGE_TYPES)
    pages = Endpoint(
        "pages",
        _("Páginas publicadas: planes, compromisos y acciones clave"),
        Layout.of(PagesAPIViewSet, Page)._replace(detail_only=PAGE_DETAIL_ONLY_FIELDS),
        (*(ItemType(m.__name__, m) for m in PAGE_TYPES), ItemType("OtherPage", Page, others)),
        "page",
    )
    documents, images = DocumentsAPIViewSet.model, ImagesAPIViewSet.model
    single = (
        ("institutions", _("Instituciones de gobierno"), DIRECTORY_LAYOUT, Institution),
        (
            "organizations",
            _("Organizaciones de la sociedad civil"),
            DIRECTORY_LAYOUT,
            Organization,
        ),
        (
            "periods",
            _("Periodos de reporte de planes publicados"),
            PERIODS_LAYOUT,
            ReportingPeriod,
        ),
        (
            "documents",
            _("Documentos usados por el contenido publicado"),
            Layout.of(DocumentsAPIViewSet, documents),
            documents,
        ),
        (
            "images",
            _("Imágenes usadas por el contenido publicado"),
            Layout.of(ImagesAPIViewSet, images),
            images,
        ),
    )
    return (
        pages,
        *(
            Endpoint(name, summary, layout, (ItemType(model.__name__, model),), model.__name__)
            for name, summary, layout, model in single
        ),
    )


def _layout_of(model) -> Layout:
    """The layout of the endpoint that serves ``model`` (a related object is nested)."""
    for endpoint in _endpoints():
        if any(issubclass(model, t.model) for t in endpoint.types):
            return endpoint.layout
    return CHILD_LAYOUT


def _value_schema(field) -> dict:
    """The value of a model field that is not a relation, as Wagtail's serializers write it."""
    schema = next((s for cls, s in FIELD_TYPES if isinstance(field, cls)), None)
    if isinstance(field, models.JSONField):
        schema = JSON_FIELD_SCHEMAS.get(field.name)
    if schema is None:
        raise LookupError(f"{field!r}: no JSON type for {type(field).__name__} in FIELD_TYPES")
    if field.choices:
        schema = enum([value for value, _label in field.flatchoices if value != ""])
        if field.blank:
            schema["enum"].append("")
    elif isinstance(field, POSITIVE_FIELDS):
        schema = {**schema, "minimum": 0}
    return nullable(schema) if field.null else schema


class Components(dict):
    """The description's named schemas. Items are built from their model; a related
    object is a schema of its own, built once and referenced."""

    def ref(self, name: str, build) -> dict:
        if name not in self:
            self[name] = {}  # its place, while it is built
            self[name] = build()
        return {"$ref": f"#/components/schemas/{name}"}

    def field(self, field) -> dict:
        """A model field's value: a related object is nested, an inline child whole."""
        if not field.is_relation:
            return _value_schema(field)
        related = field.related_model
        if field.one_to_many and isinstance(field.field, ParentalKey):
            # An inline child (a plan's minutes): all of its fields.
            return array(
                self.ref(related.__name__, lambda: self.item(related, CHILD_LAYOUT, "child"))
            )
        nested = self.ref(
            f"{related.__name__}_nested",
            lambda: self.item(related, _layout_of(related), "nested"),
        )
        if field.many_to_many or field.one_to_many:
            return array(nested)
        return {"nullable": True, "allOf": [nested]} if field.null else nested

    def api_field(self, model, api_field) -> dict:
        """One of ``model.api_fields``: by its serializer, model field or property."""
        if api_field.serializer is not None:
            try:
                return SERIALIZER_SCHEMAS[type(api_field.serializer)]
            except KeyError:
                raise LookupError(
                    f"{model.__name__}.{api_field.name}: add the schema of "
                    f"{type(api_field.serializer).__name__} to SERIALIZER_SCHEMAS"
                ) from None
        try:
            field = model._meta.get_field(api_field.name)
        except FieldDoesNotExist:
            try:
                return PROPERTY_SCHEMAS[api_field.name]
            except KeyError:
                raise LookupError(
                    f"{model.__name__}.{api_field.name}: add its schema to PROPERTY_SCHEMAS"
                ) from None
        return self.field(field)

    def item(self, model, layout: Layout, context: str, labels=()) -> dict:
        """An item of ``model`` as a ``detail``, a ``listing`` item, a ``nested`` related
        object or an inline ``child``: Wagtail's fields and the model's ``api_fields``."""
        api_fields = {f.name: f for f in getattr(model, "api_fields", ())}
        names = list(dict.fromkeys([*layout.base, *api_fields, *layout.meta]))
        if context != "detail":
            names = [name for name in names if name not in layout.detail_only]
        required = {
            "detail": [name for name in names if name not in layout.detail_optional],
            "listing": layout.listing,
            "nested": layout.nested,
            "child": names,
        }[context]
        schemas = {}
        for name in names:
            if name == "type":
                schemas[name] = enum(labels or [model._meta.label])
            elif name in api_fields:
                schemas[name] = self.api_field(model, api_fields[name])
            elif name in WAGTAIL_SCHEMAS:
                schemas[name] = WAGTAIL_SCHEMAS[name]
            else:
                schemas[name] = self.field(model._meta.get_field(name))
        meta = {name: s for name, s in schemas.items() if name in layout.meta}
        body = {name: s for name, s in schemas.items() if name not in layout.meta}
        meta_defaults = [n for n in required if n in meta]
        properties = {"id": body.pop("id"), "meta": trimmable(meta, meta_defaults)}
        properties.update(body)
        defaults = [name for name in required if name in properties]
        if meta_defaults:
            defaults.insert(1 if "id" in defaults else 0, "meta")
        return trimmable(properties, defaults)

    def endpoint(self, endpoint: Endpoint) -> None:
        """Detail and listing-item schemas of each item type, and the listing envelope."""
        for t in endpoint.types:
            self[t.name] = self.item(t.model, endpoint.layout, "detail", t.labels)
            self[f"{t.name}_in_listing"] = self.item(t.model, endpoint.layout, "listing", t.labels)
        if len(endpoint.types) > 1:
            for suffix in ("", "_in_listing"):
                # anyOf: with ``fields`` an item may fit more than one type's schema.
                self[endpoint.item + suffix] = {
                    "anyOf": [
                        {"$ref": f"#/components/schemas/{t.name}{suffix}"} for t in endpoint.types
                    ]
                }
        self[f"{endpoint.name}_listing"] = _listing(
            f"#/components/schemas/{endpoint.item}_in_listing"
        )


def _row_schema(table: str) -> dict:
    props = {}
    for column in COLUMNS[table]:
        schema = {
            "string": STR,
            "integer": INT,
            "number": NUM,
            "boolean": BOOL,
            "date": DATE,
            "datetime": DATETIME,
        }[column.type]
        if (
            column.type in ("date", "datetime", "string")
            or column.nullable
            or column.name in ("weight",)
        ):
            schema = nullable(schema)
        props[column.name] = {**schema, "description": str(column.meaning)}
    return obj(props)


def _listing(item_ref: str) -> dict:
    return obj(
        {"meta": obj({"total_count": INT}), "items": array({"$ref": item_ref})},
    )


def _ref_target(schema: dict):
    """The component a property's schema refers to (itself, its items or allOf), if any."""
    while isinstance(schema, dict):
        if "$ref" in schema:
            return schema["$ref"].rsplit("/", 1)[1]
        schema = schema.get("items") or (schema.get("allOf") or [None])[0]
    return None


def _names(item: dict) -> list[str]:
    """The field names of an item schema: its keys and those of its ``meta``."""
    props = item["properties"]
    meta = props.get("meta", {}).get("properties", {})
    return [name for name in props if name != "meta"] + list(meta)


def _selectable(components: dict, component: str) -> tuple[list[str], dict]:
    """(names ``fields`` can give for an item, relation → names of its object's fields)."""
    item = components[component]
    nested = {}
    for name, schema in item["properties"].items():
        target = _ref_target(schema)
        if target and "properties" in components.get(target, {}):
            nested[name] = _names(components[target])
    return _names(item), nested


def _orderable(viewset, model) -> list[str]:
    names = viewset.get_available_fields(model, db_fields_only=True)
    return [name for name in names if not is_multi_relation(model, name)]


def fields_note() -> str:
    return " " + _(
        "Sintaxis: `*` (todos) seguido de `-campo` para quitar; `_` (ninguno) seguido de "
        "campos para mostrar; o campos que añadir y `-campo` que quitar. Una relación admite "
        "sus propios campos entre paréntesis, p. ej. `lead_institutions(name,acronym)`. Sin "
        "este parámetro la respuesta trae los campos de `x-default-fields` de cada esquema."
    )


#: Python's whitespace (``str.split``, cms.middleware's word count), spelt out: ``\\s``
#: differs between regex engines (Rust's, which schemathesis validates with, leaves out
#: \\x1c-\\x1f).
WHITESPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0" + "\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: At most MAX_SEARCH_WORDS (32) words, no NUL (cms.middleware, planes/api/filters.py).
SEARCH_PATTERN = (
    f"^[{WHITESPACE}]*(?:[^{WHITESPACE}\\x00]+[{WHITESPACE}]+){{0,31}}"
    f"(?:[^{WHITESPACE}\\x00]+[{WHITESPACE}]*)?$"
)


def _common_params(limit_max: int, names, nested, orderable) -> list[Param]:
    return [
        Param(
            "limit",
            _("Resultados por página (por omisión 20, máximo %(max)s).") % {"max": limit_max},
            {"type": "integer", "minimum": 0, "maximum": limit_max},
            _("El límite debe ser un número entero positivo."),
            own_maximum=True,
        ),
        Param(
            "offset",
            _("Resultados a saltar. No se combina con `order=random`."),
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            _("El desplazamiento (offset) debe ser un número entero positivo."),
            {X_CONFLICTS: [{"name": "order", "value": "random"}]},
            own_maximum=True,
        ),
        Param(
            "fields",
            _("Campos a incluir.") + fields_note(),
            {"type": "string", "pattern": fields_pattern(names, nested)},
        ),
        Param(
            "order",
            _(
                "Orden: uno o más campos separados por comas (`-` delante para descendente), "
                "o `random` (sin `offset`)."
            ),
            {"type": "string", "pattern": order_pattern(orderable)},
            _("No se puede ordenar por «%(value)s»: no es un campo ordenable."),
        ),
        Param(
            "search",
            _(
                "Búsqueda de texto completo en español, hasta 32 palabras y 1,000 caracteres. "
                "En `pages/`, la del sitio (/buscar/): planes, compromisos y acciones clave "
                "publicados, los mismos resultados en el mismo orden."
            ),
            {"type": "string", "maxLength": 1000, "pattern": SEARCH_PATTERN},
        ),
        Param(
            "search_operator",
            _(
                "Operador entre las palabras de la búsqueda; sólo junto con `search`. `and` "
                "(por omisión): páginas con todas las palabras; si ninguna las tiene todas, "
                "como `or`. `or`: páginas con alguna palabra o con una que empieza igual, "
                "primero las que tienen más."
            ),
            enum(["and", "or"]),
            extensions={X_REQUIRES: ["search"]},
        ),
    ]


def _id_param(name: str, description: str, maximum: int = MAX_ID) -> Param:
    return Param(name, description, {"type": "integer", "minimum": 1, "maximum": maximum})


def _page_labels() -> dict:
    """Every page type's ``type`` value → its model."""
    return {model._meta.label: model for model in get_page_models()}


def _page_params(components: dict, limit_max: int, detail: bool) -> list[Param]:
    """The parameters of ``pages/``: the names ``fields`` and ``order`` can take depend on
    the type (``x-names-by-page-type``); without a single type, those of every page."""
    suffix = "" if detail else "_in_listing"
    fields_by_label, order_by_label, nested = {}, {}, {}
    for label, model in _page_labels().items():
        component = model.__name__ if model in PAGE_TYPES else "OtherPage"
        names, relations = _selectable(components, component + suffix)
        fields_by_label[label] = names
        nested.update(relations)
        order_by_label[label] = _orderable(PagesAPIViewSet, model)
    all_names = sorted({n for names in fields_by_label.values() for n in names})
    fields = Param(
        "fields",
        _("Campos a incluir; cada tipo de página tiene los suyos (`x-names-by-page-type`).")
        + fields_note(),
        {"type": "string", "pattern": fields_pattern(all_names, nested)},
        extensions={X_NAMES_BY_PAGE_TYPE: fields_by_label},
    )
    if detail:
        return [fields]
    all_orderable = sorted({n for names in order_by_label.values() for n in names})
    common = {p.name: p for p in _common_params(limit_max, all_names, nested, all_orderable)}
    common["fields"] = fields._replace(
        description=_(
            "Campos a incluir; con un solo `type`, cada tipo de página tiene los suyos "
            "(`x-names-by-page-type`)."
        )
        + fields_note()
    )
    common["order"] = common["order"]._replace(
        description=common["order"].description
        + " "
        + _(
            "Con un solo `type`, los campos de ese tipo (`x-names-by-page-type`); sin él, "
            "los de toda página."
        ),
        extensions={X_NAMES_BY_PAGE_TYPE: order_by_label},
    )
    labels = "|".join(re.escape(label) for label in sorted(_page_labels()))
    statuses = {
        ActionPlanPage._meta.label: PlanStatus.values,
        CommitmentPage._meta.label: CompletionLevel.values,
        MilestonePage._meta.label: CompletionLevel.values,
    }
    levels = ", ".join(CompletionLevel.values)
    domain = {
        "institution": Param(
            "institution",
            _(
                "Institución responsable (id o slug). Requiere `type=planes.CommitmentPage` o "
                "`type=planes.MilestonePage`."
            ),
            {"type": "string", "minLength": 1, "pattern": NO_NUL},
        ),
        "organization": Param(
            "organization",
            _(
                "Organización corresponsable (id o slug). Requiere "
                "`type=planes.CommitmentPage` o `type=planes.MilestonePage`."
            ),
            {"type": "string", "minLength": 1, "pattern": NO_NUL},
        ),
        "status": Param(
            "status",
            _(
                "Con `type=planes.ActionPlanPage`, la etapa (%(stages)s); con "
                "`type=planes.CommitmentPage` o `type=planes.MilestonePage`, el nivel de "
                "cumplimiento (%(levels)s)."
            )
            % {"stages": ", ".join(PlanStatus.values), "levels": levels},
            enum(sorted({*PlanStatus.values, *CompletionLevel.values})),
            extensions={X_VALUES_BY_PAGE_TYPE: {k: list(v) for k, v in statuses.items()}},
        ),
        "situation": Param(
            "situation",
            _(
                "Situación: completo (`complete`), con retraso (`delayed`) o en tiempo "
                "(`on_time`), como en el tablero del plan; o un aviso: por vencer "
                "(`due_soon`) o sin actualizar (`stale`). Requiere "
                "`type=planes.CommitmentPage`."
            ),
            enum(SITUATION_FILTERS),
        ),
        "delayed": Param(
            "delayed",
            _(
                "Con retraso (`true`/`1`) o no (`false`/`0`). Requiere "
                "`type=planes.CommitmentPage` o `type=planes.MilestonePage`."
            ),
            enum(BOOLEAN_VALUES),
            _("«delayed» debe ser true o false."),
        ),
        "due_soon": Param(
            "due_soon",
            _(
                "Por vencer (`true`/`1`) o no (`false`/`0`): sin cumplir, su fecha de término "
                "(la más próxima pendiente, en un compromiso) llega dentro de los días que fija "
                "el sitio. Requiere `type=planes.CommitmentPage` o `type=planes.MilestonePage`."
            ),
            enum(BOOLEAN_VALUES),
            _("«due_soon» debe ser true o false."),
        ),
        "stale": Param(
            "stale",
            _(
                "Sin actualizar (`true`/`1`) o no (`false`/`0`): en proceso y sin "
                "actualización ni evidencia publicadas en más de los días que fija el sitio. "
                "Requiere `type=planes.CommitmentPage` o `type=planes.MilestonePage`."
            ),
            enum(BOOLEAN_VALUES),
            _("«stale» debe ser true o false."),
        ),
        "tag": Param(
            "tag",
            _(
                "Tema (slug o nombre, sin distinguir mayúsculas ni acentos). Requiere "
                "`type=planes.CommitmentPage`."
            ),
            {"type": "string", "minLength": 1, "pattern": NO_NUL},
        ),
        "ogp_value": Param(
            "ogp_value",
            _("Valor de gobierno abierto de OGP. Requiere `type=planes.CommitmentPage`."),
            enum(OGPValue.values),
        ),
    }
    for name, param in domain.items():
        types = {X_PAGE_TYPES: [m._meta.label for m in DOMAIN_FILTERS[name]]}
        domain[name] = param._replace(extensions={**types, **(param.extensions or {})})
    return [
        *common.values(),
        Param(
            "type",
            _(
                "Tipo de página: `planes.ActionPlanPage`, `planes.CommitmentPage`, "
                "`planes.MilestonePage`... (varios separados por comas). Con un solo tipo se "
                "puede filtrar por sus campos (p. ej. `number=3`, `progress=100`) y usar los "
                "filtros del dominio."
            ),
            {"type": "string", "pattern": f"^(?:{labels})(?:,(?:{labels}))*$"},
            _("El tipo no existe. Use, p. ej., type=planes.CommitmentPage."),
        ),
        _id_param("child_of", _("Hijas directas de la página con este id (404 si no existe).")),
        _id_param(
            "descendant_of", _("Descendientes de la página con este id (404 si no existe).")
        )._replace(extensions={X_CONFLICTS: [{"name": "child_of"}]}),
        _id_param("ancestor_of", _("Ancestros de la página con este id (404 si no existe).")),
        *domain.values(),
    ]


def _params(components: dict, endpoint: "Endpoint", limit_max: int, detail: bool):
    if endpoint.name == "pages":
        return _page_params(components, limit_max, detail)
    (item_type,) = endpoint.types
    suffix = "" if detail else "_in_listing"
    names, nested = _selectable(components, item_type.name + suffix)
    params = _common_params(limit_max, names, nested, _orderable(BaseAPIViewSet, item_type.model))
    if endpoint.name == "periods":
        params = [p for p in params if not p.name.startswith("search")] + [
            _id_param("plan", _("Sólo los periodos de este plan (id de su página).")),
            Param(
                "status",
                _("Sólo los periodos abiertos (`open`) o cerrados (`closed`)."),
                enum(PeriodStatus.values),
            ),
        ]
    return [p for p in params if p.name == "fields"] if detail else params


@functools.cache
def _parameters(limit_max: int, language: str | None) -> dict:
    """Built once per interface language (the descriptions and messages are in it)."""
    components = Components(Error=obj({"message": STR}))
    for endpoint in _endpoints():
        components.endpoint(endpoint)
    return {
        (endpoint.name, detail): _params(components, endpoint, limit_max, detail)
        for endpoint in _endpoints()
        for detail in (False, True)
    }


def query_parameters(endpoint: str, detail: bool) -> list[Param]:
    """The query parameters of an endpoint's listing or detail (built once)."""
    return _parameters(settings.WAGTAILAPI_LIMIT_MAX, translation.get_language())[
        (endpoint, detail)
    ]


def _responses(ok_schema: dict, links: dict | None = None) -> dict:
    ok = {"description": "OK", "content": {"application/json": {"schema": ok_schema}}}
    if links:
        ok["links"] = links
    return {
        "200": ok,
        "400": {
            "description": _(
                "Parámetro no válido: desconocido, con un valor que su esquema no admite, o "
                "en una combinación que su descripción excluye (mensaje en el idioma de la "
                "interfaz)"
            ),
            "content": {"application/json": {"schema": ERROR}},
        },
        "404": {
            "description": _("No existe o no está publicado"),
            "content": {"application/json": {"schema": ERROR}},
        },
    }


#: Links from a directory entry to the pages it is responsible for.
DIRECTORY_LINKS = {
    "institutions": {
        "compromisos": {"type": "planes.CommitmentPage"},
        "acciones_clave": {"type": "planes.MilestonePage"},
    },
    "organizations": {
        "compromisos": {"type": "planes.CommitmentPage"},
        "acciones_clave": {"type": "planes.MilestonePage"},
    },
}


def _endpoint_paths(endpoint: Endpoint, components: dict, limit_max: int) -> dict:
    name = endpoint.name
    to_detail = {
        "detalle": {
            "operationId": f"{name}_detail",
            "parameters": {"id": "$response.body#/items/0/id"},
            "description": _("El primer resultado, en detalle"),
        }
    }
    if name == "pages":
        to_detail["hijas"] = {
            "operationId": "pages_listing",
            "parameters": {"child_of": "$response.body#/items/0/id"},
            "description": _("Las páginas hijas del primer resultado"),
        }
    detail_links = {
        f"{TABLE_SLUGS[table]}_{fmt}": {
            "operationId": f"plan_{table}_{fmt}",
            "parameters": {"plan_id": "$response.body#/id"},
            "description": _("Los datos abiertos de la página, si es un plan"),
        }
        for table in EXPORT_TABLES
        for fmt in DOWNLOAD_FORMATS
        if name == "pages"
    }
    detail_links |= {
        link: {
            "operationId": "pages_listing",
            "parameters": {**constants, name[:-1]: "$response.body#/id"},
            "description": _("Las páginas de las que es responsable"),
        }
        for link, constants in DIRECTORY_LINKS.get(name, {}).items()
    }
    listing = {
        "get": {
            "operationId": f"{name}_listing",
            "summary": endpoint.summary,
            "tags": [name],
            "parameters": [
                p.openapi() for p in _params(components, endpoint, limit_max, detail=False)
            ],
            "responses": _responses({"$ref": f"#/components/schemas/{name}_listing"}, to_detail),
        }
    }
    detail = {
        "get": {
            "operationId": f"{name}_detail",
            "summary": _("%(summary)s (detalle)") % {"summary": endpoint.summary},
            "tags": [name],
            "parameters": [
                _id_param("id", _("Identificador")).openapi("path", required=True),
                *(p.openapi() for p in _params(components, endpoint, limit_max, detail=True)),
            ],
            "responses": _responses(
                {"$ref": f"#/components/schemas/{endpoint.item}"}, detail_links or None
            ),
        }
    }
    return {f"/api/v2/{name}/": listing, f"/api/v2/{name}/{{id}}/": detail}


EXPORT_TABLES = tuple(TABLE_SLUGS)
FEEDS = (
    (
        "updates_feed_rss",
        "/datos/actualizaciones.rss",
        gettext_lazy("Actualizaciones de avance (RSS)"),
    ),
    (
        "updates_feed_atom",
        "/datos/actualizaciones.atom",
        gettext_lazy("Actualizaciones de avance (Atom)"),
    ),
)
#: The tag of the open-data operations.
OPEN_DATA_TAG = gettext_lazy("datos abiertos")
DOWNLOAD_CONTENT = {
    "json": lambda table: {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{table}_export"}}
    },
    "csv": lambda table: {"text/csv": {"schema": STR}},
    "xlsx": lambda table: {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        }
    },
}


def _download(table: str, fmt: str) -> dict:
    return {
        "get": {
            "operationId": f"plan_{table}_{fmt}",
            "summary": _("Tabla «%(table)s» de un plan en %(format)s")
            % {"table": table, "format": fmt.upper()},
            "tags": [OPEN_DATA_TAG],
            "parameters": [
                _id_param("plan_id", _("Identificador del plan"), IdConverter.MAX).openapi(
                    "path", required=True
                )
            ],
            "responses": {
                "200": {"description": _("Archivo"), "content": DOWNLOAD_CONTENT[fmt](table)},
                "404": {"description": _("No existe el plan publicado")},
            },
        },
    }


def _site_download(table: str, fmt: str) -> dict:
    content = DOWNLOAD_CONTENT[fmt](table)
    if fmt == "json":
        content = {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{table}_site_export"}}
        }
    return {
        "get": {
            "operationId": f"site_{table}_{fmt}",
            "summary": _("Tabla «%(table)s» de todos los planes en %(format)s")
            % {"table": table, "format": fmt.upper()},
            "tags": [OPEN_DATA_TAG],
            "responses": {"200": {"description": _("Archivo"), "content": content}},
        },
    }


#: What /datos/datapackage.json holds (a Frictionless Data Package; its own specification
#: says the rest: https://specs.frictionlessdata.io/data-package/).
DATA_PACKAGE = {
    "type": "object",
    "properties": {
        "profile": STR,
        "name": STR,
        "title": STR,
        "licenses": array({"type": "object"}),
        "resources": array(
            {
                "type": "object",
                "properties": {
                    "name": STR,
                    "path": STR,
                    "format": STR,
                    "schema": {"type": "object"},
                },
                "required": ["name", "path", "schema"],
            }
        ),
    },
    "required": ["name", "licenses", "resources"],
}


def _open_data_paths() -> dict:
    paths = {
        f"/datos/planes/{{plan_id}}/{TABLE_SLUGS[table]}.{fmt}": _download(table, fmt)
        for table in EXPORT_TABLES
        for fmt in DOWNLOAD_FORMATS
    }
    paths |= {
        f"/datos/{slug}.{fmt}": _site_download(table, fmt)
        for table, slug in SITE_TABLE_SLUGS.items()
        for fmt in DOWNLOAD_FORMATS
    }
    paths["/datos/datapackage.json"] = {
        "get": {
            "operationId": "data_package",
            "summary": _("Paquete de datos (Frictionless Data Package) que describe cada tabla"),
            "tags": [OPEN_DATA_TAG],
            "responses": {
                "200": {
                    "description": _("Descriptor del paquete de datos"),
                    "content": {"application/json": {"schema": DATA_PACKAGE}},
                }
            },
        }
    }
    paths["/datos/tablero.json"] = {
        "get": {
            "operationId": "site_export",
            "summary": _("Todos los planes publicados, con sus tres tablas"),
            "tags": [OPEN_DATA_TAG],
            "responses": {
                "200": {
                    "description": _("Exportación completa"),
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/site_export"}}
                    },
                }
            },
        }
    }
    for name, url, summary in FEEDS:
        media = "application/rss+xml" if url.endswith("rss") else "application/atom+xml"
        paths[url] = {
            "get": {
                "operationId": name,
                "summary": summary,
                "tags": [OPEN_DATA_TAG],
                "responses": {
                    "200": {"description": _("Canal"), "content": {media: {"schema": STR}}}
                },
            }
        }
    return paths


ENVELOPE = {"generated_at": DATETIME, "license": STR, "license_url": STR, "publisher": STR}


def _open_data_schemas() -> dict:
    plan = _row_schema("plans")
    schemas = {
        "site_export": obj(
            {
                **ENVELOPE,
                "plans": array(
                    obj(
                        {
                            **plan["properties"],
                            **{t: array(_row_schema(t)) for t in EXPORT_TABLES},
                        }
                    )
                ),
            }
        )
    }
    for table in SITE_TABLE_SLUGS:
        schemas[f"{table}_site_export"] = obj(
            {
                **ENVELOPE,
                "table": enum([table]),
                "columns": STR_LIST,
                "rows": array(_row_schema(table)),
            }
        )
    for table in EXPORT_TABLES:
        schemas[f"{table}_export"] = obj(
            {
                **ENVELOPE,
                "plan": plan,
                "table": enum([table]),
                "columns": STR_LIST,
                "rows": array(_row_schema(table)),
            }
        )
    return schemas


def _license(instance) -> dict:
    return {
        "name": instance.licence,
        **({"url": instance.licence_link} if instance.licence_link else {}),
    }


def _contact(instance) -> dict:
    contact = {"name": instance.publisher}
    if instance.contact_email:
        contact["email"] = instance.contact_email
    return {"contact": contact}


def build_openapi(instance=None) -> dict:
    """``instance``: the instance settings (board name, licence, contact) of the request;
    their defaults when not given (no database needed)."""
    instance = instance if instance is not None else InstanceSettings()
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    paths = {}
    schemas = Components(Error=obj({"message": STR}))
    for endpoint in _endpoints():
        schemas.endpoint(endpoint)
    for endpoint in _endpoints():
        paths.update(_endpoint_paths(endpoint, schemas, limit_max))
    paths.update(_open_data_paths())
    schemas.update(_open_data_schemas())
    return _plain(
        {
            "openapi": "3.0.3",
            "info": {
                "title": _("%(board)s: API pública") % {"board": instance.board_name},
                "version": "2",
                "description": _(
                    "API de sólo lectura (Wagtail API v2) y datos abiertos de los planes de acción "
                    "de la Alianza para el Gobierno Abierto: planes, compromisos, acciones clave, "
                    "evidencias, instituciones y organizaciones. Sólo contenido publicado. Máximo "
                    '%(max)s resultados por página. Errores: JSON `{"message": ...}` con estado '
                    "4xx."
                )
                % {"max": limit_max},
                "license": _license(instance),
                **_contact(instance),
            },
            "servers": [{"url": "/"}],
            "paths": paths,
            "components": {"schemas": schemas},
        }
    )


def _plain(value):
    """The description as plain JSON values: lazy translations (module-level texts) in
    the interface's language of the moment."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
