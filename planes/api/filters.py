"""Query-string filters of the public API.

Wagtail's own filters (field filters, child_of, order, search, ...) stay; this
module makes them answer 400 instead of 500 on values the database cannot take,
and adds the domain filters: institution, organization, status, situation, delayed,
tag and ogp_value, which are the site's own filter engine (planes/filters.py). Slugs and
tags are matched without regard to case (and tags without regard to accents
either): ``institution=OGA`` is ``oga``, ``tag=anticorrupcion`` finds
«Anticorrupción».
"""

import contextlib
from decimal import InvalidOperation

from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.queries import query_words, search_pages

from ..filters import FILTERSETS
from ..models import ActionPlanPage, CommitmentPage, MilestonePage
from .messages import TranslatedBadRequest

#: The largest ``offset`` of a listing: far beyond any real listing, within every database.
MAX_OFFSET = 1_000_000_000

#: Errors a filter value can raise when Django converts it for the database.
VALUE_ERRORS = (ValueError, TypeError, ValidationError, InvalidOperation, OverflowError)

#: Domain filters → the page types they apply to.
DOMAIN_FILTERS = {
    "institution": (CommitmentPage, MilestonePage),
    "organization": (CommitmentPage, MilestonePage),
    "status": (ActionPlanPage, CommitmentPage, MilestonePage),
    "situation": (CommitmentPage,),
    "delayed": (CommitmentPage, MilestonePage),
    "due_soon": (CommitmentPage, MilestonePage),
    "stale": (CommitmentPage, MilestonePage),
    "tag": (CommitmentPage,),
    "ogp_value": (CommitmentPage,),
}


class FieldsFilter(wagtail_filters.FieldsFilter):
    """Wagtail's field filters (``?number=3``), with bad values reported as 400."""

    def filter_queryset(self, request, queryset, view):
        try:
            filtered = super().filter_queryset(request, queryset, view)
            # Django converts lookup values when the query is compiled.
            with contextlib.suppress(EmptyResultSet, FullResultSet):
                str(filtered.query)
        except VALUE_ERRORS as error:
            raise TranslatedBadRequest(
                _("Valor de filtro no válido: %(error)s") % {"error": error}
            ) from error
        if "search" in request.GET and filtered is not queryset:
            # The search backend filters only on its indexed fields (``status`` of a plan
            # is not one): by primary key, any field filter combines with a search.
            return queryset.filter(pk__in=filtered.values("pk"))
        return filtered


def _search_errors(error):
    """The 400 for a filter or an order the search backend cannot apply."""
    if isinstance(error, FilterFieldError):
        return TranslatedBadRequest(
            _("No se puede filtrar por «%(field)s» al mismo tiempo que se busca.")
            % {"field": error.field_name}
        )
    return TranslatedBadRequest(
        _("No se puede ordenar por «%(field)s» al mismo tiempo que se busca.")
        % {"field": error.field_name}
    )


class SearchFilter(wagtail_filters.SearchFilter):
    """``search`` on documents, images and the directory. Only the words of the query reach
    the database (search.queries.query_words: no quote or operator of SQLite's or
    PostgreSQL's full-text syntax); with ``order``, the matches in that order (any
    orderable field, not only the indexed ones)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if "\x00" in request.GET["search"]:
            raise TranslatedBadRequest(_("La búsqueda no puede contener caracteres nulos."))
        words = query_words(request.GET["search"])
        if not words:
            return queryset.none()
        operator = request.GET.get("search_operator") or "and"
        backend = get_search_backend()
        try:
            if "order" in request.GET:
                found = backend.search(
                    " ".join(words),
                    queryset.order_by(),
                    operator=operator,
                    order_by_relevance=False,
                )
                return queryset.filter(pk__in=[item.pk for item in found])
            return backend.search(" ".join(words), queryset, operator=operator)
        except (FilterFieldError, OrderByFieldError) as error:
            raise _search_errors(error) from error


class PageSearchFilter(SearchFilter):
    """``search`` on pages: the site's own search (search.queries.search_pages), so the
    API and /buscar/ give the same results in the same order. It finds plans,
    commitments and milestones; ``search_operator`` is ``and`` (default) or ``or``.
    With ``order``, the pages it finds in that order."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = request.GET["search"]
        if "\x00" in query:
            raise TranslatedBadRequest(_("La búsqueda no puede contener caracteres nulos."))
        if getattr(queryset, "_filtered_by_tag", False):
            raise TranslatedBadRequest(
                _("No se puede filtrar por etiqueta al mismo tiempo que se busca.")
            )
        operator = request.GET.get("search_operator") or "and"
        if operator not in ("and", "or"):
            raise TranslatedBadRequest(_("search_operator debe ser «and» u «or»."))
        try:
            if "order" in request.GET:
                found = search_pages(
                    query, queryset.order_by(), operator=operator, order_by_relevance=False
                )
                return queryset.filter(pk__in=[page.pk for page in found])
            return search_pages(query, queryset, operator=operator)
        except (FilterFieldError, OrderByFieldError) as error:
            raise _search_errors(error) from error


def _type_names(models) -> str:
    return ", ".join(f"type={m._meta.app_label}.{m.__name__}" for m in models)


class DomainFilter(BaseFilterBackend):
    """``institution``, ``organization`` (id or slug), ``status``, ``situation``,
    ``delayed``, ``due_soon``, ``stale``, ``tag``, ``ogp_value``: the site's filter engine
    (planes/filters.py) under its English names. They need a single page type
    (``type=planes.CommitmentPage``...)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        given = {name: request.GET[name].strip() for name in DOMAIN_FILTERS if name in request.GET}
        for name in given:
            if model not in DOMAIN_FILTERS[name]:
                raise TranslatedBadRequest(
                    _("El filtro «%(name)s» requiere %(types)s.")
                    % {"name": name, "types": _type_names(DOMAIN_FILTERS[name])}
                )
        if not given:
            return queryset
        filterset = FILTERSETS[model](given, queryset=model.objects.all())
        if not filterset.is_valid():
            errors = filterset.errors
            raise TranslatedBadRequest(" ".join(str(m) for name in errors for m in errors[name]))
        # By primary key, so the site's search (PageSearchFilter) can still run on the result.
        return queryset.filter(pk__in=filterset.qs.values("pk"))
