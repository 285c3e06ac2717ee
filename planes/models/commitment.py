"""CommitmentPage: one commitment of an action plan, with the national template's sections."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .. import page_cache, progress
from ..api.fields import CivilSocietySummaryField, PageHistoryField, TagNamesField
from ..choices import (
    IRMCompletion,
    IRMEarlyResults,
    IRMOpenGovernment,
    IRMPotentialForResults,
    IRMPotentialImpact,
    IRMSpecificity,
    OGPValue,
)
from ..content_version import content_digest
from ..forms import CommitmentPageForm
from ..permissions import MANAGE_COMMITMENT_PERMISSION
from .milestone import MilestonePage
from .mixins import DateRangeMixin, FollowUpMixin, StoredProgressMixin, tabbed_editor
from .querysets import CommitmentManager, CommitmentQuerySet

#: Boolean field for each OGP value, in display order.
OGP_VALUE_FIELDS = {
    OGPValue.ACCESS_TO_INFORMATION: "value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "value_public_accountability",
    OGPValue.TECHNOLOGY_INNOVATION: "value_technology_innovation",
}

#: The commitment template's text sections, in the order of the national template.
TEMPLATE_SECTIONS = (
    "background",
    "problem",
    "description",
    "proposed_solution",
    "ogp_values_relevance",
    "sdg_alignment",
    "gender_alignment",
    "risk_analysis",
    "pnd_alignment",
    "short_term_objective",
    "end_term_objective",
    "global_indicator",
    "other_actors",
    "additional_info",
)


sdg_list_validator = RegexValidator(
    r"^\s*(\d{1,2}\s*(,\s*\d{1,2}\s*)*)?$",
    _("Escribe los números de los ODS separados por comas, por ejemplo: 5, 10, 16."),
)


class CommitmentTag(TaggedItemBase):
    content_object = ParentalKey(
        "planes.CommitmentPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CommitmentPage(FollowUpMixin, DateRangeMixin, StoredProgressMixin, Page):
    number = models.PositiveSmallIntegerField(_("número de compromiso"))
    ogp_id = models.CharField(
        _("identificador OGP"),
        max_length=20,
        blank=True,
        help_text=_(
            "Identificador en la Alianza para el Gobierno Abierto: siglas del país y número, "
            "por ejemplo AB0012."
        ),
        validators=[
            RegexValidator(
                r"^[A-Z]{2,4}\d{3,5}$",
                _("Usa el formato de OGP: siglas del país y número, por ejemplo AB0012."),
            )
        ],
    )
    short_title = models.CharField(_("título corto"), max_length=120, blank=True)
    objective = models.TextField(_("objetivo general"), blank=True)

    value_access_to_information = models.BooleanField(
        OGPValue.ACCESS_TO_INFORMATION.label, default=False
    )
    value_civic_participation = models.BooleanField(
        OGPValue.CIVIC_PARTICIPATION.label, default=False
    )
    value_public_accountability = models.BooleanField(
        OGPValue.PUBLIC_ACCOUNTABILITY.label, default=False
    )
    value_technology_innovation = models.BooleanField(
        OGPValue.TECHNOLOGY_INNOVATION.label, default=False
    )

    tags = ClusterTaggableManager(through=CommitmentTag, blank=True, verbose_name=_("temas"))
    lead_institutions = ParentalManyToManyField(
        "planes.Institution",
        verbose_name=_("instituciones responsables"),
        blank=True,
        related_name="commitments",
    )
    organizations = ParentalManyToManyField(
        "planes.Organization",
        verbose_name=_("organizaciones corresponsables"),
        blank=True,
        related_name="commitments",
    )

    # The national commitment template.
    background = RichTextField(_("antecedentes"), blank=True)
    problem = RichTextField(_("problemática"), blank=True)
    description = RichTextField(_("descripción del compromiso"), blank=True)
    proposed_solution = RichTextField(_("solución propuesta"), blank=True)
    ogp_values_relevance = RichTextField(_("relevancia respecto a los valores de OGP"), blank=True)
    sdg_alignment = RichTextField(_("alineación con la Agenda 2030 (ODS)"), blank=True)
    sdg_goals = models.CharField(
        _("ODS relacionados"),
        max_length=60,
        blank=True,
        validators=[sdg_list_validator],
        help_text=_("Números de los Objetivos de Desarrollo Sostenible, separados por comas."),
    )
    gender_alignment = RichTextField(_("alineación con la perspectiva de género"), blank=True)
    risk_analysis = RichTextField(_("análisis de riesgos (supuestos)"), blank=True)
    pnd_alignment = RichTextField(_("alineación con el Plan Nacional de Desarrollo"), blank=True)
    short_term_objective = RichTextField(_("objetivo a corto plazo"), blank=True)
    end_term_objective = RichTextField(_("objetivo al término del plan"), blank=True)
    global_indicator = RichTextField(_("indicador global"), blank=True)
    other_actors = RichTextField(_("otros actores involucrados"), blank=True)
    additional_info = RichTextField(_("información adicional"), blank=True)
    roadmap_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("hoja de ruta"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    contact_name = models.CharField(_("persona de contacto"), max_length=255, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)

    # Independent Reporting Mechanism (IRM) assessment, as the IRM recorded it. Two
    # vocabularies (planes.choices.IRMCycle): plans starting before 2020 were assessed for
    # specificity, potential impact, completion at mid-term and end of term and «did it open
    # government?»; from 2020 on (the Results-Oriented cycle) for verifiability, relevance
    # to OGP values, potential for results, completion and early results. Both share the
    # relevant OGP values, the end-of-term completion, the notes and the report.
    irm_specificity = models.CharField(
        _("especificidad"), max_length=20, choices=IRMSpecificity.choices, blank=True
    )
    irm_verifiable = models.BooleanField(_("verificable"), null=True, blank=True)
    irm_relevant_to_ogp_values = models.BooleanField(
        _("relevante para los valores de OGP"), null=True, blank=True
    )
    irm_ogp_values = models.JSONField(
        _("valores de OGP a los que es relevante según el MRI"),
        default=list,
        blank=True,
        help_text=_("Según la evaluación del MRI, que puede diferir de los valores declarados."),
    )
    irm_potential_impact = models.CharField(
        _("impacto potencial"), max_length=20, choices=IRMPotentialImpact.choices, blank=True
    )
    irm_potential_for_results = models.CharField(
        _("potencial de resultados"),
        max_length=20,
        choices=IRMPotentialForResults.choices,
        blank=True,
    )
    irm_completion_midterm = models.CharField(
        _("cumplimiento a medio término según el MRI"),
        max_length=20,
        choices=IRMCompletion.choices,
        blank=True,
    )
    irm_completion = models.CharField(
        _("cumplimiento al final del plan según el MRI"),
        max_length=20,
        choices=IRMCompletion.choices,
        blank=True,
    )
    irm_did_it_open_government = models.CharField(
        _("¿contribuyó a abrir el gobierno?"),
        max_length=20,
        choices=IRMOpenGovernment.choices,
        blank=True,
    )
    irm_early_results = models.CharField(
        _("resultados tempranos (¿contribuyó a abrir el gobierno?)"),
        max_length=20,
        choices=IRMEarlyResults.choices,
        blank=True,
    )
    irm_notes = models.TextField(_("notas de la evaluación"), blank=True)
    irm_report_url = models.URLField(_("informe del MRI"), blank=True)

    # Stored figures (see planes/progress.py).
    milestones_total = models.PositiveIntegerField(default=0, editable=False)
    milestones_done = models.PositiveIntegerField(default=0, editable=False)
    pending_end_date = models.DateField(null=True, editable=False)
    #: The latest published update or evidence among its live milestones.
    last_reported_date = models.DateField(null=True, editable=False)
    #: Where «sin actualizar» counts from: that date, or else when its work began.
    follow_up_date = models.DateField(null=True, editable=False)

    base_form_class = CommitmentPageForm
    objects = CommitmentManager()
    #: «Por vencer» counts to its earliest pending end, its own or a milestone's.
    due_date_attribute = CommitmentQuerySet.due_field

    parent_page_types = ["planes.ActionPlanPage"]
    subpage_types = ["planes.MilestonePage"]
    template = "planes/commitment_page.html"

    api_fields = [
        APIField("number"),
        APIField("ogp_id"),
        APIField("short_title"),
        APIField("objective"),
        APIField("start_date"),
        APIField("end_date"),
        *[APIField(name) for name in StoredProgressMixin.PROGRESS_FIELDS],
        APIField("completion_level"),
        APIField("completion_level_label"),
        APIField("delayed"),
        APIField("due_soon"),
        APIField("stale"),
        APIField("last_reported_date"),
        APIField("civil_society", serializer=CivilSocietySummaryField(read_only=True)),
        APIField("milestones_total"),
        APIField("milestones_done"),
        APIField("lead_institutions"),
        APIField("organizations"),
        APIField("ogp_values"),
        APIField("ogp_value_labels"),
        APIField("tags", serializer=TagNamesField(read_only=True)),
        APIField("sdg_goal_numbers"),
        *[APIField(name) for name in TEMPLATE_SECTIONS],
        APIField("roadmap_document"),
        APIField("contact_name"),
        APIField("irm_specificity"),
        APIField("irm_verifiable"),
        APIField("irm_relevant_to_ogp_values"),
        APIField("irm_ogp_values"),
        APIField("irm_potential_impact"),
        APIField("irm_potential_for_results"),
        APIField("irm_completion_midterm"),
        APIField("irm_completion"),
        APIField("irm_did_it_open_government"),
        APIField("irm_early_results"),
        APIField("irm_notes"),
        APIField("irm_report_url"),
        APIField("history", serializer=PageHistoryField(read_only=True)),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("ogp_id"),
        index.SearchField("short_title", boost=2),
        index.SearchField("objective"),
        *[index.SearchField(name) for name in TEMPLATE_SECTIONS],
        index.FilterField("number"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        # Boosted: a search for an acronym ranks its institution's commitments above their
        # milestones.
        index.RelatedFields(
            "lead_institutions",
            [index.SearchField("name"), index.SearchField("acronym", boost=2)],
        ),
        index.RelatedFields(
            "organizations", [index.SearchField("name"), index.SearchField("acronym", boost=2)]
        ),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [
                FieldPanel("number", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("ogp_id", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("short_title"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("start_date", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("end_date", permission=MANAGE_COMMITMENT_PERMISSION),
            ],
            heading=_("Periodo"),
        ),
        FieldPanel("objective"),
        MultiFieldPanel(
            [FieldPanel(name) for name in OGP_VALUE_FIELDS.values()],
            heading=_("Valores de gobierno abierto"),
        ),
        FieldPanel("tags"),
        FieldPanel(
            "lead_institutions",
            widget=forms.CheckboxSelectMultiple,
            permission=MANAGE_COMMITMENT_PERMISSION,
        ),
        FieldPanel(
            "organizations",
            widget=forms.CheckboxSelectMultiple,
            permission=MANAGE_COMMITMENT_PERMISSION,
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contacto")
        ),
    ]
    template_panels = [
        FieldPanel("background"),
        FieldPanel("problem"),
        FieldPanel("description"),
        FieldPanel("proposed_solution"),
        FieldPanel("ogp_values_relevance"),
        MultiFieldPanel(
            [FieldPanel("sdg_goals"), FieldPanel("sdg_alignment")], heading=_("Agenda 2030")
        ),
        FieldPanel("gender_alignment"),
        FieldPanel("risk_analysis"),
        FieldPanel("pnd_alignment"),
        FieldPanel("short_term_objective"),
        FieldPanel("end_term_objective"),
        FieldPanel("global_indicator"),
        FieldPanel("other_actors"),
        FieldPanel("additional_info"),
        FieldPanel("roadmap_document"),
    ]
    # The form (CommitmentPageForm) leaves out the other cycle's fields unless they hold a
    # value, so an editor sees the vocabulary the IRM used for this plan.
    irm_panels = [
        MultiFieldPanel(
            [
                FieldPanel("irm_verifiable", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_potential_for_results", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_early_results", permission=MANAGE_COMMITMENT_PERMISSION),
            ],
            heading=_("Ciclo orientado a resultados (planes de 2020 en adelante)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("irm_specificity", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_potential_impact", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_completion_midterm", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_did_it_open_government", permission=MANAGE_COMMITMENT_PERMISSION),
            ],
            heading=_("Metodología anterior (planes iniciados antes de 2020)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("irm_relevant_to_ogp_values", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel(
                    "irm_ogp_values",
                    widget=forms.CheckboxSelectMultiple,
                    permission=MANAGE_COMMITMENT_PERMISSION,
                ),
                FieldPanel("irm_completion", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_notes", permission=MANAGE_COMMITMENT_PERMISSION),
                FieldPanel("irm_report_url", permission=MANAGE_COMMITMENT_PERMISSION),
            ],
            heading=_("En ambos ciclos"),
        ),
    ]
    edit_handler = tabbed_editor(
        (content_panels, _("Compromiso")),
        (template_panels, _("Ficha del compromiso")),
        (irm_panels, _("Evaluación del MRI")),
    )

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        permissions = [
            (
                "manage_commitment",
                _("Puede cambiar número, fechas, responsables y evaluación MRI de un compromiso"),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    #: The fields of each IRM vocabulary that the other one does not use.
    IRM_CYCLE_FIELDS = {
        "results_oriented": ("irm_verifiable", "irm_potential_for_results", "irm_early_results"),
        "earlier": (
            "irm_specificity",
            "irm_potential_impact",
            "irm_completion_midterm",
            "irm_did_it_open_government",
        ),
    }

    @property
    def irm_ogp_value_labels(self) -> list[str]:
        """The OGP values the IRM found the commitment relevant to, in Spanish."""
        return [str(OGPValue(v).label) for v in self.irm_ogp_values or [] if v in OGPValue.values]

    def refresh_progress(self) -> None:
        """Recompute the commitment's figures from its published milestones."""
        rows = list(
            MilestonePage.objects.child_of(self)
            .live()
            .values_list(
                "weight",
                "end_date",
                *StoredProgressMixin.PROGRESS_FIELDS[1:],
                "last_reported_date",
                "start_date",
            )
        )
        items = [
            (progress.Breakdown(verified=v, completed=c, in_progress=i, not_started=n), weight)
            for weight, _end, v, c, i, n, _last, _start in rows
        ]
        self.last_reported_date = progress.latest_date(row[-2] for row in rows)
        starts = [day for day in [self.start_date, *(row[-1] for row in rows)] if day]
        self.follow_up_date = self.last_reported_date or (min(starts) if starts else None)
        self.set_breakdown(progress.weighted_breakdown(items))
        self.milestones_total = len(rows)
        done = [b.progress >= progress.COMPLETE_AT for b, _w in items]
        self.milestones_done = sum(done)
        self.pending_end_date = progress.earliest_pending_end(
            [(end, is_done) for (_w, end, *_rest), is_done in zip(rows, done, strict=True)]
            + [(self.end_date, self.is_complete)]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the page shows of its milestones, civil society and plan: read and computed
        # once per version of the plan (any publication under it renews it), language and
        # day, with
        # each milestone's fragment digest (planes/templatetags/fragments.py) computed once.
        if getattr(request, "is_preview", False):
            # A preview shows the draft's own texts: never read from, nor stored in, the
            # cache that the published page reads.
            context.update(self._page_content())
            return context
        today = timezone.localdate().isoformat()
        key = f"commitment-page:{self.pk}:{translation.get_language()}:{today}"
        context.update(page_cache.per_section(self, {key: self._page_content})[key])
        return context

    def _page_content(self) -> dict:
        # Wagtail renders a page through its model; the page's content comes from the
        # query layer, which imports the models (a module-level import would be a cycle).
        from ..queries import (
            civil_society_summary,
            evidence_by_milestone,
            live_milestones,
            published_assessments,
        )

        milestones = list(live_milestones(self))
        shares = progress.normalised_weights([m.weight for m in milestones])
        evidence = evidence_by_milestone(milestones)
        for milestone, share in zip(milestones, shares, strict=True):
            milestone.weight_share = 100 * share
            milestone.evidence_items = evidence[milestone.pk]
        voices: dict[int, list] = {}
        for assessment in published_assessments(milestones):
            voices.setdefault(assessment.milestone_id, []).append(assessment)
        for milestone in milestones:
            milestone.civil_society_voices = voices.get(milestone.pk, [])
            content_digest(milestone)
        return {
            "civil_society": civil_society_summary([self])[self.pk],
            "milestones": milestones,
            # "What proves it", for the whole commitment: every milestone's evidence here.
            "evidence_total": sum(len(items) for items in evidence.values()),
            "plan": self.get_parent(),
            "sections": self.filled_sections(),
        }

    #: Sections whose text is longer than this (characters) are shown collapsed.
    LONG_SECTION = 400

    def filled_sections(self) -> list[dict]:
        """The template's text sections that have content, with their labels; the long
        ones are marked so the page can show them collapsed."""
        return [
            {
                "name": name,
                "label": self._meta.get_field(name).verbose_name.capitalize(),
                "value": value,
                "long": len(strip_tags(value)) > self.LONG_SECTION,
            }
            for name in TEMPLATE_SECTIONS
            if (value := getattr(self, name))
        ]

    # Read-only helpers for templates, API and exports.
    @property
    def ogp_values(self) -> list[str]:
        return [value for value, field in OGP_VALUE_FIELDS.items() if getattr(self, field)]

    @property
    def ogp_value_labels(self) -> list[str]:
        return [OGPValue(value).label for value in self.ogp_values]

    @property
    def sdg_goal_numbers(self) -> list[int]:
        return [int(n) for n in re.findall(r"\d+", self.sdg_goals or "")]

    def civil_society_summary(self) -> dict:
        """What civil society's published assessments say of this page's milestones."""
        from .voices import civil_society_summary_under

        return civil_society_summary_under(self.path)

    def is_delayed(self, today: datetime.date | None = None) -> bool:
        return progress.is_delayed(self.pending_end_date, False, today)

    @property
    def delayed(self) -> bool:
        return self.is_delayed()

    def clean(self):
        super().clean()
        bad = [n for n in self.sdg_goal_numbers if not 1 <= n <= 17] if self.sdg_goals else []
        if bad:
            raise ValidationError({"sdg_goals": _("Los ODS van del 1 al 17.")})
