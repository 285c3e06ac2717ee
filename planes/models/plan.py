"""ActionPlanPage: one national action plan and its documents."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from instancia.models import current

from .. import page_cache, progress
from ..api.fields import CivilSocietySummaryField, DownloadsField, LabelField
from ..choices import PlanStatus
from ..compare import ChangedRowsInlinePanel, DatedRowsComparison
from ..content_version import content_digest
from ..forms import ActionPlanPageForm
from ..links import plan_download_urls
from .commitment import CommitmentPage
from .mixins import DateRangeMixin, StoredProgressMixin, tabbed_editor
from .ordering import ORDERING, OrderedChild, OrderedChildrenMixin


def default_country() -> str:
    """A new plan's country: the instance's jurisdiction (settings, Ajustes > Instancia)."""
    return current().jurisdiction


class ActionPlanPage(OrderedChildrenMixin, DateRangeMixin, StoredProgressMixin, Page):
    number = models.PositiveSmallIntegerField(
        _("número de plan"), help_text=_("Ordinal del plan: 4 para el cuarto plan de acción.")
    )
    country = models.CharField(_("país"), max_length=100, blank=True, default=default_country)
    government = models.CharField(
        _("gobierno"), max_length=255, blank=True, help_text=_("Gobierno que presenta el plan.")
    )
    status = models.CharField(
        _("etapa"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.IMPLEMENTATION
    )
    summary = RichTextField(_("resumen"), blank=True)
    co_creation = RichTextField(_("proceso de cocreación"), blank=True)
    plan_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("documento del plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    commitments_total = models.PositiveIntegerField(default=0, editable=False)

    base_form_class = ActionPlanPageForm

    parent_page_types = ["home.HomePage"]
    subpage_types = ["planes.CommitmentPage"]
    template = "planes/action_plan_page.html"

    api_fields = [
        APIField("number"),
        APIField("country"),
        APIField("government"),
        APIField("status"),
        APIField("status_label", serializer=LabelField(source="get_status_display")),
        APIField("start_date"),
        APIField("end_date"),
        APIField("summary"),
        APIField("co_creation"),
        APIField("plan_document"),
        APIField("minutes"),
        *[APIField(name) for name in StoredProgressMixin.PROGRESS_FIELDS],
        APIField("completion_level"),
        APIField("completion_level_label"),
        APIField("commitments_total"),
        APIField("downloads", serializer=DownloadsField(read_only=True)),
        APIField("civil_society", serializer=CivilSocietySummaryField(read_only=True)),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("co_creation"),
        index.SearchField("government"),
        index.RelatedFields("minutes", [index.SearchField("title")]),
        index.FilterField("number"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Periodo")),
        FieldRowPanel([FieldPanel("country"), FieldPanel("government")]),
        FieldPanel("summary"),
    ]
    co_creation_panels = [FieldPanel("co_creation")]
    document_panels = [
        FieldPanel("plan_document"),
        MultiFieldPanel(
            [
                ChangedRowsInlinePanel(
                    "minutes", label=_("Minuta"), comparison_class=DatedRowsComparison
                )
            ],
            heading=_("Minutas del Comité Coordinador"),
        ),
    ]
    edit_handler = tabbed_editor(
        (content_panels, _("Plan")),
        (co_creation_panels, _("Cocreación")),
        (document_panels, _("Documentos")),
    )

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")

    def refresh_progress(self) -> None:
        """Recompute the plan's figures from its published commitments."""
        rows = (
            CommitmentPage.objects.child_of(self)
            .live()
            .values_list(*StoredProgressMixin.PROGRESS_FIELDS[1:])
        )
        breakdowns = [
            progress.Breakdown(verified=v, completed=c, in_progress=i, not_started=n)
            for v, c, i, n in rows
        ]
        self.set_breakdown(progress.mean_breakdown(breakdowns))
        self.commitments_total = len(breakdowns)

    def civil_society_summary(self) -> dict:
        """What civil society's published assessments say of this page's milestones."""
        from .voices import civil_society_summary_under

        return civil_society_summary_under(self.path)

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders a page through its model; the dashboard's filters and queries
        # sit in the layer above the models (a module-level import would be a cycle).
        from ..filters import dashboard_choices, filtered_commitments
        from ..queries import figure_rows, level_counts, live_commitments, plan_figures

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        # The plan-wide figures and the filters' options, whatever the filters: computed
        # once per version of the plan (any publication under it renews it) and day.
        derived = page_cache.per_section(
            self,
            {
                f"dashboard-figures:{today.isoformat()}": lambda: plan_figures(self, today),
                "dashboard-choices": lambda: dashboard_choices(live_commitments(self)),
            },
        )
        figures = derived[f"dashboard-figures:{today.isoformat()}"]
        # The cards' relations are fetched by the template, only for the cards it renders.
        filterset, matching = filtered_commitments(
            request, live_commitments(self, related=False), derived["dashboard-choices"]
        )
        voices = figures["voices"]

        def cards() -> list:
            """The commitments the filters choose, with what their cards show beside their
            columns and their fragments' digests: kept per plan version, day and filters."""
            commitments = list(matching)
            for commitment in commitments:
                commitment.civil_society = voices.get(commitment.pk)
                content_digest(commitment)
            return commitments

        if getattr(request, "is_preview", False):
            commitments = cards()
        else:
            filters = sorted((k, v) for k, v in request.GET.lists() if k in filterset.filters)
            key = f"dashboard-cards:{today.isoformat()}:{filters!r}"
            commitments = page_cache.per_section(self, {key: cards})[key]
        all_level_counts, all_situations = figure_rows(figures)
        context.update(
            civil_society_disagreements=sum(v["disagreeing_milestones"] for v in voices.values()),
            filter_form=filterset.form,
            filters_active=filterset.active,
            filters_applied=filterset.applied,
            commitments=commitments,
            level_counts=level_counts(commitments),
            all_level_counts=all_level_counts,
            all_situations=all_situations,
            total_commitments=figures["total"],
            minutes=list(self.minutes.select_related("document")),
            downloads=plan_download_urls(self),
        )
        return context


class PlanMinutes(OrderedChild):
    """Minutes of a coordinating-committee meeting, attached to the plan."""

    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="minutes")
    title = models.CharField(_("título"), max_length=255)
    date = models.DateField(_("fecha de la sesión"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("documento"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("date")]), FieldPanel("document")]
    api_fields = [APIField("title"), APIField("date"), APIField("document")]

    class Meta(OrderedChild.Meta):
        # In the order of the meetings everywhere; the formset's numbering breaks ties.
        ordering = ["date", *ORDERING]
        verbose_name = _("minuta")
        verbose_name_plural = _("minutas")
