"""The query parameters of the public API: one definition for the description and the check.

Each parameter is a :class:`Param` with its JSON schema. The OpenAPI description
(planes/api/openapi.py) publishes that schema and the endpoints refuse, with a 400 in
Spanish, any value the schema does not allow (:func:`check_query`), so the two say the
same: integers are ASCII digits within their bounds, a value of a list is in its
``enum``, text is not empty and has no NUL character, ``fields`` and ``order`` follow
their grammar (:func:`fields_pattern`, :func:`order_pattern`) over the names the
endpoint has.

What a schema cannot say about one parameter alone (``search_operator`` only with
``search``; a domain filter only with its page type...) is in the description's text
and in ``x-`` extensions of the parameter (:data:`X_REQUIRES`, :data:`X_CONFLICTS`,
:data:`X_PAGE_TYPES`, :data:`X_VALUES_BY_PAGE_TYPE`, :data:`X_NAMES_BY_PAGE_TYPE`); the
endpoints refuse those combinations with a 400 too.
"""

import re
from typing import NamedTuple

from django.utils.translation import gettext as _
from wagtail.api.v2.utils import FieldsParameterParseError, parse_fields_parameter

from .messages import TranslatedBadRequest

#: Extensions of a parameter in the description (OpenAPI allows ``x-`` keys anywhere).
X_REQUIRES = "x-requires"  # names of parameters it needs
X_CONFLICTS = "x-conflicts"  # [{"name": ..., "value": ...}]: not together (with that value)
X_PAGE_TYPES = "x-page-types"  # labels: only with exactly one of these ``type`` values
X_VALUES_BY_PAGE_TYPE = "x-values-by-page-type"  # {label: values} under that type
X_NAMES_BY_PAGE_TYPE = "x-names-by-page-type"  # {label: names}: fields/order of each type

#: A value with no NUL character (PostgreSQL cannot take one; the answer would differ).
NO_NUL = r"^[^\x00]+$"


class Param(NamedTuple):
    name: str
    description: str
    schema: dict
    #: The 400's message when the value does not fit the schema (``%(value)s``,
    #: ``%(name)s``); None: the generic one of its kind.
    message: str | None = None
    extensions: dict | None = None
    #: Bounds the endpoint checks itself, with messages of its own (limit, offset).
    own_maximum: bool = False

    def openapi(self, location: str = "query", required: bool = False) -> dict:
        return {
            "name": self.name,
            "in": location,
            "required": required,
            "description": self.description,
            "schema": self.schema,
            **(self.extensions or {}),
        }


def _alternatives(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))


def _list_grammar(names, nested: dict | None = None) -> str:
    """``*`` then fields to leave out; ``_`` then fields to show; or fields to add and to
    leave out (``-name``). A relation takes its own fields in parentheses, one level."""
    plain = f"(?:{_alternatives(names)})"
    items = [f"-?{plain}"]
    shown = [plain]
    for name, sub_names in sorted((nested or {}).items()):
        sub = f"{re.escape(name)}\\({_list_grammar(sub_names)}\\)"
        items.append(sub)
        shown.append(sub)
    item = f"(?:{'|'.join(items)})"
    positive = f"(?:{'|'.join(shown)})"
    return f"(?:\\*(?:,-{plain})*|_(?:,{positive})*|{item}(?:,{item})*)"


def fields_pattern(names, nested: dict | None = None) -> str:
    """The grammar of ``fields`` (Wagtail's, a little stricter) over ``names``; ``nested``:
    relation name → the names of the related object's fields."""
    return f"^{_list_grammar(names, nested)}$"


def order_pattern(names) -> str:
    """``random``, or one or more field names separated by commas, each with ``-`` for
    descending order."""
    field = f"-?(?:{_alternatives(names)})"
    return f"^(?:random|{field}(?:,{field})*)$"


def _fields_message(value: str, pattern: str) -> str:
    try:
        parsed = parse_fields_parameter(value)
    except FieldsParameterParseError as error:
        return _("Error en el parámetro fields: %(reason)s.") % {"reason": error}
    unknown = [n for n, _neg, _sub in parsed if n not in "*_" and not re.fullmatch(pattern, n)]
    if unknown:
        return _("Campos desconocidos: %(names)s.") % {"names": ", ".join(unknown)}
    return _(
        "El parámetro fields no es válido: «%(value)s». Consulte en /api/v2/openapi.json "
        "los campos de cada tipo."
    ) % {"value": value}


def value_error(param: Param, value: str) -> str | None:
    """Why ``value`` does not fit ``param``'s schema (a Spanish message), or None."""
    schema = param.schema
    context = {"name": param.name, "value": value}
    if schema.get("type") == "integer":
        if not (value.isascii() and value.isdigit()):
            return (param.message or _("%(name)s debe ser un número entero positivo.")) % context
        number = int(value)
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and number < low:
            return _("%(name)s debe ser un número entero entre %(low)s y %(high)s.") % {
                **context,
                "low": low,
                "high": high,
            }
        if high is not None and number > high and not param.own_maximum:
            return _("%(name)s no puede ser mayor que %(high)s.") % {**context, "high": high}
        return None
    if "\x00" in value:
        return _("El parámetro %(name)s no puede contener caracteres nulos.") % context
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return None  # over-long searches: cms.middleware answers first, with its message
    if not value and schema.get("minLength", 0) > 0:
        return _("El parámetro %(name)s no puede estar vacío.") % context
    if "enum" in schema and value not in schema["enum"]:
        if param.message:
            return param.message % context
        return _("«%(value)s» no es un valor válido para %(name)s; use uno de: %(values)s.") % {
            **context,
            "values": ", ".join(schema["enum"]),
        }
    pattern = schema.get("pattern")
    if pattern and pattern != NO_NUL and not re.fullmatch(pattern, value):
        if param.name == "fields":
            return _fields_message(value, pattern)
        if param.message:
            return param.message % context
        return _("«%(value)s» no es un valor válido para %(name)s.") % context
    return None


def check_query(query, params, *, unknown_allowed: bool, refused=frozenset()) -> None:
    """400 (TranslatedBadRequest) for a documented parameter whose value does not fit its
    schema, a dependency between parameters not met, a ``refused`` one or, unless
    ``unknown_allowed`` (a listing, whose field filters Wagtail checks), any other."""
    by_name = {p.name: p for p in params}
    unknown = sorted(
        name for name in query if name not in by_name and (name in refused or not unknown_allowed)
    )
    if unknown:
        raise TranslatedBadRequest(
            _("Parámetro de consulta desconocido: %(names)s. Consulte /api/ para los válidos.")
            % {"names": ", ".join(unknown)}
        )
    for name in query:
        if name in by_name:
            message = value_error(by_name[name], query[name])
            if message:
                raise TranslatedBadRequest(message)
    for name in query:
        extensions = by_name[name].extensions or {} if name in by_name else {}
        for needed in extensions.get(X_REQUIRES, ()):
            if needed not in query:
                raise TranslatedBadRequest(
                    _("El parámetro %(name)s sólo se admite junto con %(needed)s.")
                    % {"name": name, "needed": needed}
                )
        for conflict in extensions.get(X_CONFLICTS, ()):
            other, value = conflict["name"], conflict.get("value")
            if other in query and (value is None or query[other] == value):
                raise TranslatedBadRequest(
                    _("No se pueden combinar %(name)s y %(other)s.")
                    % {"name": name, "other": other if value is None else f"{other}={value}"}
                )


def is_multi_relation(model, name) -> bool:
    """A many-to-many or reverse relation: not orderable nor a field filter (the domain
    filters select by them)."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field at all
        return False
    return bool(field.is_relation and (field.many_to_many or field.one_to_many))
