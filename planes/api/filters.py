"""Query-string filters of the public API.

Wagtail's own filters (field filters, child_of, order, search, ...) stay; this
module makes them answer 400 instead of 500 on values the database cannot take,
and adds the domain filters: institution, organization, status, delayed, tag and
ogp_value. Slugs and tags are matched without regard to case (and tags without
regard to accents either): ``institution=SFP`` is ``sfp``, ``tag=anticorrupcion``
finds «Anticorrupción».
"""

import contextlib
from decimal import InvalidOperation

from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.utils import parse_boolean
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.queries import search_pages

from ..choices import CompletionLevel, OGPValue, PlanStatus
from ..models import ActionPlanPage, CommitmentPage, Institution, MilestonePage, Organization
from ..models.commitment import OGP_VALUE_FIELDS, CommitmentTag
from .messages import TranslatedBadRequest

#: Errors a filter value can raise when Django converts it for the database.
VALUE_ERRORS = (ValueError, TypeError, ValidationError, InvalidOperation, OverflowError)

#: Domain filters → the page types they apply to.
DOMAIN_FILTERS = {
    "institution": (CommitmentPage, MilestonePage),
    "organization": (CommitmentPage, MilestonePage),
    "status": (ActionPlanPage, CommitmentPage, MilestonePage),
    "delayed": (CommitmentPage, MilestonePage),
    "tag": (CommitmentPage,),
    "ogp_value": (CommitmentPage,),
}
DIRECTORY_FIELDS = {
    ("institution", CommitmentPage): "lead_institutions",
    ("institution", MilestonePage): "responsible_institutions",
    ("organization", CommitmentPage): "organizations",
    ("organization", MilestonePage): "responsible_organizations",
}
DIRECTORY_MODELS = {"institution": Institution, "organization": Organization}


class FieldsFilter(wagtail_filters.FieldsFilter):
    """Wagtail's field filters (``?number=3``), with bad values reported as 400."""

    def filter_queryset(self, request, queryset, view):
        try:
            queryset = super().filter_queryset(request, queryset, view)
            # Django converts lookup values when the query is compiled.
            with contextlib.suppress(EmptyResultSet, FullResultSet):
                str(queryset.query)
        except VALUE_ERRORS as error:
            raise TranslatedBadRequest(
                _("Valor de filtro no válido: %(error)s") % {"error": error}
            ) from error
        return queryset


class SearchFilter(wagtail_filters.SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "\x00" in request.GET.get("search", ""):
            raise TranslatedBadRequest(_("La búsqueda no puede contener caracteres nulos."))
        return super().filter_queryset(request, queryset, view)


class PageSearchFilter(SearchFilter):
    """``search`` on pages: the site's own search (search.queries.search_pages), so the
    API and /buscar/ give the same results in the same order. It finds plans,
    commitments and milestones; ``search_operator`` is ``and`` (default) or ``or``."""

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
            return search_pages(
                query, queryset, operator=operator, order_by_relevance="order" not in request.GET
            )
        except FilterFieldError as error:
            raise TranslatedBadRequest(
                _("No se puede filtrar por «%(field)s» al mismo tiempo que se busca.")
                % {"field": error.field_name}
            ) from error
        except OrderByFieldError as error:
            raise TranslatedBadRequest(
                _("No se puede ordenar por «%(field)s» al mismo tiempo que se busca.")
                % {"field": error.field_name}
            ) from error


def tag_key(text: str) -> str:
    """What two spellings of a tag share: «Anticorrupción», "anticorrupcion" and the slug
    "anticorrupción" all give "anticorrupcion" (lower case, no accents, slug form)."""
    return slugify(text) or text.strip().casefold()


def matching_tag_ids(value: str) -> list[int]:
    """Ids of the commitments' tags whose name or slug is ``value`` in :func:`tag_key`
    terms. Tags are few: they are compared here, the same way on every database."""
    key = tag_key(value)
    tags = CommitmentTag.objects.values_list("tag_id", "tag__name", "tag__slug").distinct()
    return sorted({pk for pk, name, slug in tags if key in (tag_key(name), tag_key(slug or ""))})


def _type_names(models) -> str:
    return ", ".join(f"type={m._meta.app_label}.{m.__name__}" for m in models)


class DomainFilter(BaseFilterBackend):
    """``institution``, ``organization`` (id or slug), ``status``, ``delayed``, ``tag``,
    ``ogp_value``. They need a single page type (``type=planes.CommitmentPage``...)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        for name, models in DOMAIN_FILTERS.items():
            if name not in request.GET:
                continue
            value = request.GET[name].strip()
            if model not in models:
                raise TranslatedBadRequest(
                    _("El filtro «%(name)s» requiere %(types)s.")
                    % {"name": name, "types": _type_names(models)}
                )
            queryset = queryset.filter(pk__in=self.matching(name, value, model).values("pk"))
        return queryset

    def matching(self, name, value, model):
        qs = model.objects.all()
        if name in DIRECTORY_MODELS:
            entries = DIRECTORY_MODELS[name].objects.filter(
                Q(pk=int(value)) if value.isascii() and value.isdigit() else Q(slug__iexact=value)
            )
            return qs.filter(**{f"{DIRECTORY_FIELDS[name, model]}__in": entries})
        if name == "status":
            return self.with_status(qs, value, model)
        if name == "delayed":
            try:
                delayed = parse_boolean(value)
            except ValueError as error:
                raise TranslatedBadRequest(_("«delayed» debe ser true o false.")) from error
            return qs.delayed() if delayed else qs.not_delayed()
        if name == "tag":
            return qs.filter(tags__id__in=matching_tag_ids(value))
        if value not in OGPValue.values:
            raise TranslatedBadRequest(
                _("«ogp_value» debe ser uno de: %(values)s.")
                % {"values": ", ".join(OGPValue.values)}
            )
        return qs.filter(**{OGP_VALUE_FIELDS[OGPValue(value)]: True})

    def with_status(self, qs, value, model):
        """A plan's stage, or a commitment's or milestone's completion level."""
        if model is ActionPlanPage:
            choices = PlanStatus.values
            if value in choices:
                return qs.filter(status=value)
        else:
            choices = CompletionLevel.values
            if value in choices:
                return qs.at_level(value)
        raise TranslatedBadRequest(
            _("«status» debe ser uno de: %(values)s.") % {"values": ", ".join(choices)}
        )
