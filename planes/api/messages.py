"""Spanish wording for the error messages that Wagtail's API v2 raises in English.

Wagtail's ``BadRequestError`` messages are plain English strings (not marked for
translation). The public API answers in the site's language, so each known
message is matched here and rewritten; anything unknown keeps Wagtail's text
after a translated prefix, so a client is never left without the reason.
"""

import re

from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError


class TranslatedBadRequest(BadRequestError):
    """A 400 whose message is already in the site's language (raised by Tablero's filters)."""


def _patterns():
    """(regex on Wagtail's message, translated template using the regex's groups)."""
    return [
        (
            r"query parameter is not an operation or a recognised field: (?P<names>.+)",
            _("Parámetro de consulta desconocido: %(names)s. Consulte /api/ para los válidos."),
        ),
        (
            r"limit cannot be higher than (?P<max>\d+)",
            _("El límite no puede ser mayor que %(max)s resultados por página."),
        ),
        (r"limit must be a positive integer", _("El límite debe ser un número entero positivo.")),
        (
            r"offset must be a positive integer",
            _("El desplazamiento (offset) debe ser un número entero positivo."),
        ),
        (
            r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<field>\w+) .*",
            _("«%(value)s» no es un valor válido para el filtro %(field)s."),
        ),
        (
            r"field filter error\. null characters are not allowed for (?P<field>\w+)",
            _("El filtro %(field)s no puede contener caracteres nulos."),
        ),
        (
            r"cannot order by '(?P<field>.*)' \((unknown|invalid) field\)",
            _("No se puede ordenar por «%(field)s»: no es un campo ordenable."),
        ),
        (
            r"random ordering cannot be combined with other fields",
            _("El orden aleatorio no se puede combinar con otros campos."),
        ),
        (
            r"random ordering with offset is not supported",
            _("El orden aleatorio no admite desplazamiento (offset)."),
        ),
        (r"search is disabled", _("La búsqueda no está disponible.")),
        (
            r"filtering by tag with a search query is not supported",
            _("No se puede filtrar por etiqueta al mismo tiempo que se busca."),
        ),
        (
            r"cannot filter by '(?P<field>.*)' while searching \(field is not indexed\)",
            _("No se puede filtrar por «%(field)s» al mismo tiempo que se busca."),
        ),
        (
            r"cannot order by '(?P<field>.*)' while searching \(field is not indexed\)",
            _("No se puede ordenar por «%(field)s» al mismo tiempo que se busca."),
        ),
        (
            r"(?P<param>child_of|ancestor_of|descendant_of|translation_of) "
            r"must be a positive integer",
            _("%(param)s debe ser un número entero positivo."),
        ),
        (
            r"(parent|descendant|ancestor|translation_of) page doesn't exist",
            _("La página indicada no existe o no está publicada."),
        ),
        (
            r"filtering by descendant_of with child_of is not supported",
            _("No se pueden combinar descendant_of y child_of."),
        ),
        (
            r"type doesn't exist",
            _("El tipo no existe. Use, p. ej., type=planes.CommitmentPage."),
        ),
        (r"unknown fields: (?P<names>.+)", _("Campos desconocidos: %(names)s.")),
        (
            r"'(?P<name>.+)' does not support nested fields",
            _("El campo «%(name)s» no admite subcampos."),
        ),
        (r"fields error: (?P<reason>.+)", _("Error en el parámetro fields: %(reason)s.")),
    ]


def translate_api_error(message: str) -> str:
    """Wagtail's English API error ``message`` in the active language."""
    for pattern, template in _patterns():
        match = re.fullmatch(pattern, message)
        if match:
            return template % match.groupdict()
    return _("La consulta no es válida: %(reason)s") % {"reason": message}


def api_error_message(exc: Exception) -> str:
    """The translated message of a 400 raised by Wagtail's API or by Tablero's filters."""
    if isinstance(exc, TranslatedBadRequest):
        return str(exc)
    return translate_api_error(str(exc))


def not_found_message() -> str:
    return _("No existe este recurso de la API o no está publicado.")
