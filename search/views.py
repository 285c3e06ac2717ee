"""The site's search page, /buscar/: published plans, commitments and milestones.

The search itself is search.queries.search_pages, shared with the API. This
view adds the filters (plan, type), pagination and, for the page of results
shown, each result's specific page, plan, commitment and snippet, fetched in
bulk: the number of SQL queries does not grow with the number of results. When
no page has every word, the results have some of them and the page says so; a
query of stop words only ("de la") is treated as an empty one.
"""

import re
from collections import defaultdict

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from planes.models import (
    ActionPlanPage,
    CommitmentPage,
    CommitmentTag,
    MilestonePage,
)
from planes.queries import live_plans
from planes.tree import ancestor_paths
from planes.widgets import FastSelect

from .highlight import plain, snippet
from .queries import SEARCHABLE_TYPES, query_words, search_pages, search_words

RESULTS_PER_PAGE = 10
#: The query as shown back in the input and the page (escaped by the template).
MAX_SHOWN_QUERY = 200
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
POPULAR_TAGS = 8

TYPE_CHOICES = [
    ("", _("Todo")),
    ("plan", _("Planes de acción")),
    ("commitment", _("Compromisos")),
    ("milestone", _("Acciones clave")),
]


class SearchFilterForm(forms.Form):
    """The filters of the search page; an unknown value is reported and ignored."""

    plan = forms.TypedChoiceField(
        label=_("Plan de acción"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect,
    )
    type = forms.ChoiceField(
        label=_("Tipo de resultado"), required=False, choices=TYPE_CHOICES, widget=FastSelect
    )

    def __init__(self, data, plans):
        super().__init__(data)
        self.plans = {plan.pk: plan for plan in plans}
        self.fields["plan"].choices = [("", _("Todos los planes"))] + [
            (plan.pk, plan.title) for plan in plans
        ]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out, not applied)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "plan": self.plans.get(data.get("plan")),
            "type": data.get("type") or "",
        }

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


def search(request):
    raw_query = request.GET.get("q", "")
    shown_query = CONTROL_CHARS_RE.sub("", raw_query)[:MAX_SHOWN_QUERY].strip()
    words = search_words(raw_query)  # without stop words: none, nothing to search
    plans = list(live_plans().only("id", "title", "path", "depth", "url_path"))
    form = SearchFilterForm(request.GET, plans)
    filters = form.filters()

    queryset = Page.objects.all()
    if filters["type"]:
        queryset = queryset.type(SEARCHABLE_TYPES[filters["type"]])
    if filters["plan"] is not None:
        queryset = queryset.descendant_of(filters["plan"], inclusive=True)
    results = search_pages(raw_query, queryset)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))

    context = {
        "search_query": shown_query,
        "searched": bool(words),
        # Words, but only ones too common to search for ("de la").
        "only_stop_words": not words and bool(query_words(raw_query)),
        # No page had every word: these have some of them.
        "any_word": results.any_word,
        "several_words": len(words) > 1,
        "form": form,
        "results": page,
        # Every page found, when only the most relevant are kept (queries.MAX_CANDIDATES).
        "result_total": results.total or page.paginator.count,
        "kept_only": results.total and page.paginator.count,
        "items": result_items(list(page.object_list), words),
        "plans": plans,
    }
    if words and not page.paginator.count:
        context["popular_tags"] = popular_tags()
    return TemplateResponse(request, "search/search.html", context)


def result_items(pages, words) -> list[dict]:
    """The page of results with their specific pages, plan, commitment and snippet.

    A fixed number of queries: one per page type present (with its prefetches)
    and one each for the plans and commitments above the results.
    """
    model_by_ct_id = {
        ct.pk: model
        for model, ct in ContentType.objects.get_for_models(*SEARCHABLE_TYPES.values()).items()
    }
    type_keys = {model: key for key, model in SEARCHABLE_TYPES.items()}
    ids_by_model = defaultdict(list)
    for page in pages:
        model = model_by_ct_id.get(page.content_type_id)
        if model is not None:
            ids_by_model[model].append(page.pk)

    specific = {}
    for model, ids in ids_by_model.items():
        specific.update({p.pk: p for p in _specific_queryset(model).filter(pk__in=ids)})

    ancestors = {path for page in pages for path in ancestor_paths(page)}
    plans = {}
    commitments = {}
    if ancestors:
        plans = {p.path: p for p in ActionPlanPage.objects.live().filter(path__in=ancestors)}
        if any(isinstance(p, MilestonePage) for p in specific.values()):
            commitments = {
                c.path: c
                for c in CommitmentPage.objects.live()
                .filter(path__in=ancestors)
                .only("id", "title", "number", "path", "depth", "url_path")
            }

    items = []
    for page in pages:
        page = specific.get(page.pk)
        if page is None:
            continue
        key = type_keys[type(page)]
        prefixes = ancestor_paths(page, inclusive=True)
        plan = next((plans[p] for p in prefixes if p in plans), None)
        commitment = next((commitments[p] for p in prefixes if p in commitments), None)
        items.append(
            {
                "page": page,
                "type": key,
                "type_label": capfirst(type(page)._meta.verbose_name),
                "plan": plan if plan is not None and plan.pk != page.pk else None,
                "commitment": commitment if key == "milestone" else None,
                "snippet": snippet(snippet_texts(page, key), words),
            }
        )
    return items


def _specific_queryset(model):
    if model is CommitmentPage:
        return model.objects.prefetch_related("lead_institutions", "organizations", "tags")
    if model is MilestonePage:
        return model.objects.prefetch_related(
            "activities",
            "updates",
            "responsible_institutions",
            "responsible_organizations",
        )
    return model.objects.all()


def _names(entries) -> str:
    return ", ".join(f"{e.acronym} ({e.name})" if e.acronym else e.name for e in entries)


def snippet_texts(page, key) -> list[str]:
    """The texts a result's snippet may come from, most telling first."""
    if key == "plan":
        return [page.summary, page.co_creation, page.government]
    if key == "commitment":
        return [
            page.objective,
            page.short_title,
            page.problem,
            page.proposed_solution,
            page.description,
            page.background,
            _("Responsables: %(names)s")
            % {"names": _names([*page.lead_institutions.all(), *page.organizations.all()])},
            _("Temas: %(names)s") % {"names": ", ".join(t.name for t in page.tags.all())},
        ]
    activities = list(page.activities.all())
    return [
        page.description,
        page.expected_deliverable,
        page.indicator,
        page.means_of_verification,
        *[plain(u.text) for u in page.updates.all()],
        *[f"{a.title}. {a.description}" for a in activities],
        *[a.evidence_titles() for a in activities],
        _("Responsables: %(names)s")
        % {
            "names": _names(
                [*page.responsible_institutions.all(), *page.responsible_organizations.all()]
            )
        },
    ]


def popular_tags() -> list[dict]:
    """The themes of the most published commitments, as search suggestions."""
    return list(
        CommitmentTag.objects.filter(content_object__live=True)
        .values("tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:POPULAR_TAGS]
    )
