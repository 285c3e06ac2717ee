"""Reporting periods of a plan and the snapshots taken when one closes.

A plan is followed in cycles (semesters, quarters): when an approver closes a
period, every published figure of the plan, its commitments and milestones is
copied into :class:`PeriodSnapshot` rows. Snapshots are never edited afterwards:
later edits, unpublishing or deletion of the pages leave them as they were. An
administrator may reopen a period (logged); its snapshots are then marked
superseded and closing again takes new ones.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.models import Page

from ..api.fields import PeriodSnapshotsField, UtcDateTimeField
from .mixins import validate_date_range


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Abierto")
    CLOSED = "closed", _("Cerrado")


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(
        "planes.ActionPlanPage",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    name = models.CharField(_("nombre"), max_length=120)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))
    due_date = models.DateField(
        _("fecha límite de informes"),
        null=True,
        blank=True,
        help_text=_("Hasta cuándo se espera el informe de avance de este periodo."),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cerrado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    api_fields = [
        APIField("plan"),
        APIField("name"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("due_date"),
        APIField("status"),
        APIField("closed_at", serializer=UtcDateTimeField()),
        APIField("snapshots", serializer=PeriodSnapshotsField(read_only=True)),
    ]

    class Meta:
        verbose_name = _("periodo de reporte")
        verbose_name_plural = _("periodos de reporte")
        ordering = ["plan_id", "start_date", "pk"]
        permissions = [
            ("close_reportingperiod", _("Puede cerrar periodos de reporte")),
            ("reopen_reportingperiod", _("Puede reabrir periodos de reporte")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_period_name_per_plan"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y})"

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    def clean(self):
        super().clean()
        validate_date_range(self.start_date, self.end_date)
        if self.plan_id and self.start_date and self.end_date:
            overlapping = ReportingPeriod.objects.filter(
                plan_id=self.plan_id,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("Las fechas se cruzan con el periodo «%(other)s» del mismo plan.")
                    % {"other": overlapping.first().name}
                )


class SnapshotKind(models.TextChoices):
    PLAN = "plan", _("plan")
    COMMITMENT = "commitment", _("compromiso")
    MILESTONE = "milestone", _("acción clave")


class SnapshotQuerySet(models.QuerySet):
    def current(self):
        """The snapshots of each period's latest closing (not superseded by a reopening)."""
        return self.filter(superseded_at__isnull=True)

    def public(self):
        """Snapshots of pages that are live and public now: the one rule the API, the
        report and the history downloads share (a page unpublished, made private or
        deleted after the close keeps its snapshot, which is no longer shown)."""
        return self.filter(page_id__in=Page.objects.live().public().values("pk"))


class PeriodSnapshot(models.Model):
    """The published figures of one page when its plan's period closed. Immutable."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=12, choices=SnapshotKind.choices)
    # The page's id, kept even if the page is later deleted (hence no foreign key).
    page_id = models.PositiveBigIntegerField(db_index=True)
    parent_page_id = models.PositiveBigIntegerField(null=True)
    title = models.CharField(max_length=500)
    number = models.PositiveIntegerField(null=True)
    ogp_id = models.CharField(max_length=20, blank=True)
    progress = models.FloatField()
    pct_verified = models.FloatField()
    pct_completed = models.FloatField()
    pct_in_progress = models.FloatField()
    pct_not_started = models.FloatField()
    completion_level = models.CharField(max_length=20)
    delayed = models.BooleanField()
    activities_done = models.PositiveIntegerField(null=True)
    activities_total = models.PositiveIntegerField(null=True)
    evidence_count = models.PositiveIntegerField(null=True)
    #: What civil society had published when the period closed: for a milestone, each
    #: organization's stance and completion level (a list); for a commitment or the plan,
    #: the milestones assessed and those with disagreement or partial agreement (a dict).
    #: None in snapshots taken before this was recorded.
    civil_society = models.JSONField(null=True, editable=False)
    taken_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, editable=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("fotografía de periodo")
        verbose_name_plural = _("fotografías de periodo")
        ordering = ["period_id", "kind", "number", "page_id"]
        indexes = [models.Index(fields=["page_id", "period"], name="snapshot_page_period")]

    def __str__(self):
        return f"{self.period.name} · {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Las fotografías de un periodo cerrado no se modifican."))
        return super().save(*args, **kwargs)


class UpdatePublication(models.Model):
    """When a progress update was first published (its milestone's publication that first
    carried it): kept apart from the update, which every publication rewrites from the
    revision. An update dated inside a period closed before this moment was reported late."""

    update = models.OneToOneField(
        "planes.ProgressUpdate", on_delete=models.CASCADE, related_name="publication"
    )
    #: None: published before first publications were recorded (never marked late).
    first_published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("publicación de actualización")
        verbose_name_plural = _("publicaciones de actualizaciones")

    def __str__(self):
        return f"{self.update_id} · {self.first_published_at}"


class EvidencePublication(models.Model):
    """When an evidence item of a milestone's activity was first published, by the id of
    its block in the activity's evidence stream (which every revision keeps). Evidence
    dated inside a period closed before this moment was reported late."""

    milestone = models.ForeignKey(
        "planes.MilestonePage", on_delete=models.CASCADE, related_name="evidence_publications"
    )
    block_id = models.CharField(max_length=64)
    #: None: published before first publications were recorded (never marked late).
    first_published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("publicación de evidencia")
        verbose_name_plural = _("publicaciones de evidencias")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "block_id"], name="unique_evidence_publication"
            )
        ]

    def __str__(self):
        return f"{self.milestone_id} · {self.block_id} · {self.first_published_at}"
