"""The one filter engine of the public site and the API (django-filter FilterSets).

Each page type has a FilterSet whose filters carry the domain's English names
(``institution``, ``organization``, ``status``, ``situation``, ``delayed``, ``due_soon``, ``stale``,
``tag``, ``ogp_value``): the API uses them as query parameters. The plan
dashboard binds the same filters under its Spanish URL names
(:data:`SITE_PARAMETERS`), as select lists of the values present in the plan,
and adds its sort order. Levels, delay and situation are the querysets' SQL
form of progress.py (planes/models/querysets.py).

Matching is forgiving: an institution or organization by id or slug in any
case; a tag by name or slug without regard to case or accents
(``anticorrupcion`` finds «Anticorrupción»).
"""

import django_filters
from django.db.models import Exists, F, OuterRef
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .choices import CompletionLevel, OGPValue, PlanStatus, Stance
from .history import with_change_since_last_close
from .models import (
    ActionPlanPage,
    CivilSocietyAssessment,
    CommitmentPage,
    CommitmentTag,
    Institution,
    MilestonePage,
    Organization,
)
from .models.commitment import OGP_VALUE_FIELDS
from .progress import SITUATION_FILTERS
from .widgets import FastSelect

#: The values ``delayed`` takes (as Wagtail's API reads booleans).
BOOLEAN_VALUES = {"true": True, "1": True, "false": False, "0": False}


def _one_of(name: str, values) -> dict:
    """The error a choice filter gives for an unknown value: «name» must be one of ..."""
    return {
        "invalid_choice": _("«%(name)s» debe ser uno de: %(values)s.")
        % {"name": name, "values": ", ".join(values)}
    }


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


def directory_entries(model, value: str):
    """Directory entries named by ``value``: an id, or a slug in any case."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return model.objects.filter(pk=int(value))
    return model.objects.filter(slug__iexact=value)


class DirectoryFilterMixin:
    """``institution`` and ``organization``, on the page type's own directory fields."""

    #: Directory model → the page's many-to-many field to it.
    directory_fields: dict = {}

    def filter_directory(self, queryset, name, value):
        model = Institution if name == "institution" else Organization
        field = self.directory_fields[model]
        matching = queryset.model.objects.filter(
            **{f"{field}__in": directory_entries(model, value)}
        )
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_level(self, queryset, name, value):
        return queryset.at_level(value)

    def filter_delayed(self, queryset, name, value):
        return queryset.delayed() if BOOLEAN_VALUES[value] else queryset.not_delayed()

    def filter_due_soon(self, queryset, name, value):
        return queryset.due_soon() if BOOLEAN_VALUES[value] else queryset.not_due_soon()

    def filter_stale(self, queryset, name, value):
        return queryset.stale() if BOOLEAN_VALUES[value] else queryset.not_stale()


#: The boolean filters' error for a value other than true, false, 1 or 0.
BOOLEAN_ERRORS = {
    "delayed": _("«delayed» debe ser true o false."),
    "due_soon": _("«due_soon» debe ser true o false."),
    "stale": _("«stale» debe ser true o false."),
}


def _boolean_filter(name: str):
    return django_filters.ChoiceFilter(
        choices=[(value, value) for value in BOOLEAN_VALUES],
        method=f"filter_{name}",
        error_messages={"invalid_choice": BOOLEAN_ERRORS[name]},
    )


def _delayed_filter():
    return _boolean_filter("delayed")


def _level_filter():
    return django_filters.ChoiceFilter(
        choices=CompletionLevel.choices,
        method="filter_level",
        label=_("Nivel de cumplimiento"),
        error_messages=_one_of("status", CompletionLevel.values),
    )


class CommitmentFilterSet(DirectoryFilterMixin, django_filters.FilterSet):
    institution = django_filters.CharFilter(
        method="filter_directory", label=_("Institución responsable")
    )
    organization = django_filters.CharFilter(
        method="filter_directory", label=_("Organización corresponsable")
    )
    status = _level_filter()
    situation = django_filters.ChoiceFilter(
        choices=list(SITUATION_FILTERS.items()),
        method="filter_situation",
        label=_("Situación"),
    )
    delayed = _delayed_filter()
    due_soon = _boolean_filter("due_soon")
    stale = _boolean_filter("stale")
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tema"))
    ogp_value = django_filters.ChoiceFilter(
        choices=OGPValue.choices,
        method="filter_ogp_value",
        label=_("Valor de gobierno abierto"),
        error_messages=_one_of("ogp_value", OGPValue.values),
    )

    directory_fields = {Institution: "lead_institutions", Organization: "organizations"}

    class Meta:
        model = CommitmentPage
        fields = []

    def filter_situation(self, queryset, name, value):
        return queryset.in_situation(value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(
            pk__in=CommitmentPage.objects.filter(tags__id__in=matching_tag_ids(value)).values("pk")
        )

    def filter_ogp_value(self, queryset, name, value):
        return queryset.filter(**{OGP_VALUE_FIELDS[OGPValue(value)]: True})


class MilestoneFilterSet(DirectoryFilterMixin, django_filters.FilterSet):
    institution = django_filters.CharFilter(method="filter_directory")
    organization = django_filters.CharFilter(method="filter_directory")
    status = _level_filter()
    delayed = _delayed_filter()
    due_soon = _boolean_filter("due_soon")
    stale = _boolean_filter("stale")

    directory_fields = {
        Institution: "responsible_institutions",
        Organization: "responsible_organizations",
    }

    class Meta:
        model = MilestonePage
        fields = []


class PlanFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=PlanStatus.choices,
        field_name="status",
        error_messages=_one_of("status", PlanStatus.values),
    )

    class Meta:
        model = ActionPlanPage
        fields = []


#: The filter set of each page type the API filters.
FILTERSETS = {
    ActionPlanPage: PlanFilterSet,
    CommitmentPage: CommitmentFilterSet,
    MilestonePage: MilestoneFilterSet,
}


# The plan dashboard ----------------------------------------------------------------
#: The dashboard's Spanish URL parameters → the filters they set, and the blank choice.
SITE_PARAMETERS = {
    "institucion": ("institution", _("Todas")),
    "organizacion": ("organization", _("Todas")),
    "nivel": ("status", _("Todos")),
    "valor": ("ogp_value", _("Todos")),
    "tema": ("tag", _("Todos")),
    "situacion": ("situation", _("Todas")),
}

SORTS = {
    "numero": (_("Número"), ("number",)),
    "avance": (_("Mayor avance"), ("-progress", "number")),
    "-avance": (_("Menor avance"), ("progress", "number")),
    "termino": (_("Fecha de término"), (F("end_date").asc(nulls_last=True), "number")),
    "cambio": (
        _("Mayor cambio desde el último cierre"),
        (F("progress_change").desc(nulls_last=True), "number"),
    ),
    "-cambio": (
        _("Menor cambio desde el último cierre"),
        (F("progress_change").asc(nulls_last=True), "number"),
    ),
}


class PlanDashboardFilterSet(CommitmentFilterSet):
    """The dashboard's GET form, shareable as a URL: the commitment filters under their
    Spanish names, as lists of what the plan holds, and the sort order. An unknown
    value is reported beside its field; the valid ones still apply."""

    orden = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="sort",
        label=_("Ordenar por"),
        empty_label=None,
        widget=FastSelect,
    )
    voces = django_filters.ChoiceFilter(
        choices=[("desacuerdo", _("Con desacuerdo de la sociedad civil"))],
        method="with_disagreement",
        label=_("Sociedad civil"),
        empty_label=_("Todas las valoraciones"),
        widget=FastSelect,
    )

    def __init__(self, data, queryset, choices: dict | None = None):
        """``choices``: :func:`dashboard_choices` of ``queryset``, when already at hand (the
        plan page keeps them per plan version); otherwise read here (three queries)."""
        super().__init__(data, queryset=queryset)
        engine = self.filters
        self.filters = {
            spanish: self.site_filter(engine[english], blank)
            for spanish, (english, blank) in SITE_PARAMETERS.items()
        }
        self.filters["voces"] = engine["voces"]
        self.filters["orden"] = engine["orden"]
        if choices is None:
            choices = dashboard_choices(queryset)
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    @staticmethod
    def site_filter(engine_filter, blank):
        """The engine's filter as a select list (same method, same field name)."""
        site = django_filters.ChoiceFilter(
            field_name=engine_filter.field_name,
            method=engine_filter.method,
            label=engine_filter.label,
            choices=engine_filter.extra.get("choices", []),
            empty_label=blank,
            widget=FastSelect,
        )
        site.parent = engine_filter.parent
        site.model = engine_filter.model
        return site

    def with_disagreement(self, queryset, name, value):
        """Commitments where a co-responsible organization published an assessment that
        disagrees with the government's report (on a live milestone)."""
        disagreeing = CivilSocietyAssessment.objects.published().filter(
            stance=Stance.DISAGREE, milestone__path__startswith=OuterRef("path")
        )
        return queryset.filter(Exists(disagreeing))

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(with_change_since_last_close(queryset))
        if not self.form.cleaned_data.get("orden"):
            queryset = queryset.order_by(*SORTS["numero"][1])
        return queryset

    def get_form_class(self):
        form_class = super().get_form_class()

        def __init__(form, *args, **kwargs):
            form_class.__init__(form, *args, label_suffix="", **kwargs)

        return type(form_class.__name__, (form_class,), {"__init__": __init__})

    @property
    def active(self) -> bool:
        """Whether any filter (not the sort order) is applied."""
        return bool(self.applied)

    @property
    def applied(self) -> list[tuple[str, str]]:
        """(field label, chosen option) of each filter applied, in the form's order: what
        the dashboard says is applied while the filters are folded away."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 - validates the form, so cleaned_data exists
        applied = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name == "orden" or not value:
                continue
            applied.append((str(field.label), str(dict(field.choices).get(value, value))))
        return applied


def _entry_choices(entries) -> list[tuple[str, str]]:
    """Options by full name with the acronym, «Oficina de Gobierno Abierto (OGA)»:
    acronyms alone mean little to most readers."""
    return [(e.slug, e.name_with_acronym) for e in entries.distinct().order_by("name")]


def dashboard_choices(commitments) -> dict[str, list[tuple[str, str]]]:
    """The options of the dashboard's institution, organization and theme lists: what the
    ``commitments`` (a queryset) hold; three queries, plain values (cacheable)."""
    ids = commitments.values("pk")
    tags = Tag.objects.filter(planes_commitmenttag_items__content_object__in=ids)
    return {
        "institucion": _entry_choices(Institution.objects.filter(commitments__in=ids)),
        "organizacion": _entry_choices(Organization.objects.filter(commitments__in=ids)),
        "tema": [(t.slug, t.name) for t in tags.distinct().order_by("name")],
    }


def filtered_commitments(request, commitments, choices: dict | None = None):
    """(filter set, filtered and sorted commitments) for the plan dashboard."""
    filterset = PlanDashboardFilterSet(request.GET or None, commitments, choices)
    return filterset, filterset.qs


__all__ = [
    "FILTERSETS",
    "PlanDashboardFilterSet",
    "dashboard_choices",
    "filtered_commitments",
    "matching_tag_ids",
    "tag_key",
]
