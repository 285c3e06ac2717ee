"""MilestonePage (the "acción clave" or "hito"), its activities and progress updates.

Activities and updates are inline models of the page, and each activity's
evidence is a StreamField, so all of it is revisioned and moderated with the
page (Wagtail cannot nest an InlinePanel inside another).
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import progress
from ..api.fields import (
    ActivitiesField,
    CivilSocietyAssessmentsField,
    EvidenceField,
    PageHistoryField,
    UpdateReportedLateField,
)
from ..blocks import EvidenceBlock
from ..choices import ActivityStatus, EvidenceKind
from ..compare import ChangedRowsInlinePanel, DatedRowsComparison
from ..evidence import evidence_by_activity
from ..forms import MilestonePageForm, ProgressUpdateForm
from ..tree import parent_path
from ..validators import validate_not_future
from .directory import Institution, Organization
from .mixins import DateRangeMixin, FollowUpMixin, StoredProgressMixin, tabbed_editor
from .ordering import ORDERING, OrderedChild, OrderedChildrenMixin
from .querysets import MilestoneManager


class AuthoredInlinePanel(ChangedRowsInlinePanel):
    """The progress updates' panel: each row's form knows who edits (see ProgressUpdateForm)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            form=ProgressUpdateForm, inherit_kwargs=["for_user"]
        )
        return options


class MilestonePage(FollowUpMixin, OrderedChildrenMixin, DateRangeMixin, StoredProgressMixin, Page):
    description = RichTextField(_("descripción"), blank=True)
    indicator = models.TextField(_("indicador"), blank=True)
    means_of_verification = models.TextField(
        _("medio de verificación"),
        blank=True,
        help_text=_("Qué probará que la acción clave está cumplida."),
    )
    expected_deliverable = models.TextField(_("entregable esperado"), blank=True)
    weight = models.DecimalField(
        _("ponderación"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(0, _("La ponderación no puede ser negativa."))],
        help_text=_(
            "Peso de esta acción clave dentro del compromiso. Se normaliza: si todas "
            "valen lo mismo, cuentan por igual."
        ),
    )
    responsible_institutions = ParentalManyToManyField(
        "planes.Institution",
        verbose_name=_("instituciones responsables"),
        blank=True,
        related_name="milestones",
    )
    responsible_organizations = ParentalManyToManyField(
        "planes.Organization",
        verbose_name=_("organizaciones responsables"),
        blank=True,
        related_name="milestones",
    )

    # Stored figures (see planes/progress.py).
    activities_total = models.PositiveIntegerField(default=0, editable=False)
    activities_done = models.PositiveIntegerField(default=0, editable=False)
    #: The latest date of its published updates and evidence ("sin actualizar").
    last_reported_date = models.DateField(null=True, editable=False)
    #: Where «sin actualizar» counts from: that date, or else the start date.
    follow_up_date = models.DateField(null=True, editable=False)

    base_form_class = MilestonePageForm
    objects = MilestoneManager()

    parent_page_types = ["planes.CommitmentPage"]
    subpage_types = []
    template = "planes/milestone_page.html"

    api_fields = [
        APIField("description"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("weight"),
        APIField("indicator"),
        APIField("means_of_verification"),
        APIField("expected_deliverable"),
        APIField("responsible_institutions"),
        APIField("responsible_organizations"),
        *[APIField(name) for name in StoredProgressMixin.PROGRESS_FIELDS],
        APIField("completion_level"),
        APIField("completion_level_label"),
        APIField("delayed"),
        APIField("due_soon"),
        APIField("stale"),
        APIField("last_reported_date"),
        APIField("activities_total"),
        APIField("activities_done"),
        APIField("activities", serializer=ActivitiesField(read_only=True)),
        APIField("evidence", serializer=EvidenceField(read_only=True)),
        APIField(
            "civil_society_assessments",
            serializer=CivilSocietyAssessmentsField(read_only=True),
        ),
        APIField("updates"),
        APIField("history", serializer=PageHistoryField(read_only=True)),
    ]

    # Activities, their evidence (a StreamField: see Activity.evidence_titles) and the
    # progress updates are inline models: indexed with the page, from its published version.
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("indicator"),
        index.SearchField("means_of_verification"),
        index.SearchField("expected_deliverable"),
        index.RelatedFields(
            "activities",
            [
                index.SearchField("title"),
                index.SearchField("description"),
                index.SearchField("evidence_titles"),
            ],
        ),
        index.RelatedFields("updates", [index.SearchField("text")]),
        # What civil society published about it (never a draft): see civil_society_text.
        index.SearchField("civil_society_text"),
        index.RelatedFields(
            "responsible_institutions", [index.SearchField("name"), index.SearchField("acronym")]
        ),
        index.RelatedFields(
            "responsible_organizations", [index.SearchField("name"), index.SearchField("acronym")]
        ),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("weight")]),
        FieldPanel("indicator"),
        FieldPanel("means_of_verification"),
        FieldPanel("expected_deliverable"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_institutions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("responsible_organizations", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Responsables"),
        ),
    ]
    activity_panels = [
        ChangedRowsInlinePanel("activities", label=_("Actividad"), heading=_("Actividades"))
    ]
    update_panels = [
        AuthoredInlinePanel(
            "updates",
            label=_("Actualización"),
            heading=_("Actualizaciones de avance"),
            comparison_class=DatedRowsComparison,
        )
    ]
    edit_handler = tabbed_editor(
        (content_panels, _("Acción clave")),
        (activity_panels, _("Actividades y evidencias")),
        (update_panels, _("Actualizaciones")),
    )

    class Meta:
        verbose_name = _("acción clave")
        verbose_name_plural = _("acciones clave")

    def civil_society_text(self) -> str:
        """The published assessments' comments and the government's published responses,
        for the search index (re-indexed when one is published or withdrawn)."""
        from .voices import CivilSocietyAssessment, GovernmentResponse

        if not self.pk:
            return ""
        comments = CivilSocietyAssessment.objects.filter(milestone=self, live=True)
        responses = GovernmentResponse.objects.filter(
            assessment__milestone=self, assessment__live=True, live=True
        )
        texts = [a.comment for a in comments] + [r.text for r in responses]
        return "\n".join(" ".join(strip_tags(str(text)).split()) for text in texts)

    def progress_can_refresh(self) -> bool:
        return True  # computed from its own activities, held in memory

    def save_revision(self, *args, **kwargs):
        # Drafts carry their own figures, so previews and reviewers see them.
        self.refresh_progress()
        return super().save_revision(*args, **kwargs)

    def refresh_progress(self) -> None:
        """Recompute the milestone's figures from its own activities (in memory)."""
        activities = list(self.activities.all())
        statuses = [activity.status for activity in activities]
        self.set_breakdown(progress.milestone_breakdown(statuses))
        self.last_reported_date = progress.latest_date(
            [update.date for update in self.updates.all()]
            + [
                _as_date((block.get("value") or {}).get("date"))
                for activity in activities
                for block in activity.evidence.raw_data
            ]
        )
        self.follow_up_date = self.last_reported_date or self.start_date
        self.activities_total = len(statuses)
        self.activities_done = sum(1 for status in statuses if progress.is_done(status))

    def is_delayed(self, today: datetime.date | None = None) -> bool:
        return progress.is_delayed(self.end_date, self.is_complete, today)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        activities = list(self.activities.all())
        evidence = evidence_by_activity(activities)
        context["activity_rows"] = [{"activity": a, "evidence": evidence[a.pk]} for a in activities]
        all_items = [item for a in activities for item in evidence[a.pk]]
        context["evidence_groups"] = [
            {"kind": kind, "label": label, "items": [i for i in all_items if i.kind == kind]}
            for kind, label in EvidenceKind.choices
        ]
        context["updates"] = self.updates.select_related(
            "author_institution", "author_organization"
        )
        return context

    @property
    def delayed(self) -> bool:
        return self.is_delayed()

    # The bodies that answer for it: the milestone's own and its commitment's. -------
    def co_responsible_organizations(self) -> QuerySet:
        """Organizations responsible for the milestone or for its commitment."""
        return Organization.objects.filter(
            Q(milestones=self) | Q(commitments__path=parent_path(self))
        ).distinct()

    def accountable_institutions(self) -> QuerySet:
        """Institutions responsible for the milestone or leading its commitment."""
        return Institution.objects.filter(
            Q(milestones=self) | Q(commitments__path=parent_path(self))
        ).distinct()


def _as_date(value) -> datetime.date | None:
    """An evidence block's date, stored as ISO text in the raw StreamField data."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class Activity(DateRangeMixin, OrderedChild):
    """An ordered step of a milestone, with its status and evidence."""

    milestone = ParentalKey(MilestonePage, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("actividad"), max_length=500)
    description = models.TextField(_("descripción"), blank=True)
    means_of_verification = models.TextField(_("medio de verificación"), blank=True)
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )
    evidence = StreamField(
        [("evidence", EvidenceBlock())],
        verbose_name=_("evidencias"),
        blank=True,
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("description"),
        FieldPanel("means_of_verification"),
        FieldPanel("evidence"),
    ]

    class Meta(OrderedChild.Meta):
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        permissions = [("verify_activity", _("Puede marcar actividades como verificadas"))]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return progress.is_done(self.status)

    def evidence_titles(self) -> str:
        """The titles of the activity's evidence items, for the search index."""
        return "\n".join(
            str((block.get("value") or {}).get("title") or "") for block in self.evidence.raw_data
        ).strip()

    def clean(self):
        super().clean()
        if self.is_done and not len(self.evidence):
            raise ValidationError(
                {
                    "status": _(
                        "Para marcar la actividad como completada o verificada, agrega al "
                        "menos una evidencia."
                    )
                }
            )


class ProgressUpdate(OrderedChild):
    """A dated progress note on a milestone, by a government or civil-society author."""

    milestone = ParentalKey(MilestonePage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("fecha"))
    text = RichTextField(_("actualización"), features=["bold", "italic", "link", "ol", "ul"])
    author_institution = models.ForeignKey(
        "planes.Institution",
        verbose_name=_("institución autora"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_organization = models.ForeignKey(
        "planes.Organization",
        verbose_name=_("organización autora"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("date"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("author_institution"), FieldPanel("author_organization")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("text"),
        APIField("author_institution"),
        APIField("author_organization"),
        APIField("reported_late", serializer=UpdateReportedLateField(read_only=True)),
    ]

    class Meta(OrderedChild.Meta):
        # Newest first everywhere (site, API, exports, edit form); the formset's
        # numbering only breaks ties between updates of the same date.
        ordering = ["-date", *ORDERING]
        verbose_name = _("actualización de avance")
        verbose_name_plural = _("actualizaciones de avance")

    @property
    def author(self):
        return self.author_institution or self.author_organization

    def clean(self):
        super().clean()
        if not self.author_institution_id and not self.author_organization_id:
            raise ValidationError(
                {"author_institution": _("Indica la institución o la organización que informa.")}
            )
        if self.author_institution_id and self.author_organization_id:
            raise ValidationError(
                {
                    "author_organization": _(
                        "Una actualización la informa una institución o una organización, no ambas."
                    )
                }
            )
        try:
            validate_not_future(self.date, _("La fecha de la actualización no puede ser futura."))
        except ValidationError as error:
            raise ValidationError({"date": error}) from error


__all__ = ["MilestonePage", "Activity", "ProgressUpdate"]
