"""Shared pieces of the plan, commitment and milestone pages."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

from .. import progress
from ..choices import CompletionLevel
from ..progress import COMPLETE_AT, Breakdown, completion_level
from .followup import followup_days


class DateRangeMixin(models.Model):
    """Start and end dates, with the end not before the start."""

    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de término"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        validate_date_range(self.start_date, self.end_date)


def validate_date_range(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError(
            {"end_date": _("La fecha de término no puede ser anterior a la fecha de inicio.")}
        )


class StoredProgressMixin(models.Model):
    """Progress figures stored on the page so listings never recompute them.

    They are written only through :meth:`set_breakdown`, from the rules in
    planes/progress.py.
    """

    progress = models.FloatField(_("avance (%)"), default=0, editable=False)
    pct_verified = models.FloatField(_("verificado (%)"), default=0, editable=False)
    pct_completed = models.FloatField(_("completado (%)"), default=0, editable=False)
    pct_in_progress = models.FloatField(_("en proceso (%)"), default=0, editable=False)
    pct_not_started = models.FloatField(_("sin iniciar (%)"), default=100, editable=False)

    PROGRESS_FIELDS = (
        "progress",
        "pct_verified",
        "pct_completed",
        "pct_in_progress",
        "pct_not_started",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Partial saves (e.g. Wagtail's save_revision) leave the live figures alone.
        if kwargs.get("update_fields") is None and self.progress_can_refresh():
            self.refresh_progress()
        return super().save(*args, **kwargs)

    def progress_can_refresh(self) -> bool:
        """Whether refresh_progress has what it needs (pages with children need a pk)."""
        return self.pk is not None

    def refresh_progress(self) -> None:
        raise NotImplementedError

    @property
    def breakdown(self) -> Breakdown:
        return Breakdown(
            verified=self.pct_verified,
            completed=self.pct_completed,
            in_progress=self.pct_in_progress,
            not_started=self.pct_not_started,
        )

    def set_breakdown(self, breakdown: Breakdown) -> None:
        self.pct_verified = breakdown.verified
        self.pct_completed = breakdown.completed
        self.pct_in_progress = breakdown.in_progress
        self.pct_not_started = breakdown.not_started
        self.progress = breakdown.progress

    @property
    def completion_level(self) -> str:
        return completion_level(self.progress)

    @property
    def completion_level_label(self) -> str:
        return CompletionLevel(self.completion_level).label

    @property
    def is_complete(self) -> bool:
        return self.progress >= COMPLETE_AT


class FollowUpMixin:
    """«Por vencer» and «sin actualizar» (planes/progress.py) of a page with stored progress
    and a ``follow_up_date``: the pages differ only in the date that makes them due
    (``due_date_attribute``), the same field their queryset's ``due_field`` names. The
    days are the site's (FollowUpSettings) unless given."""

    #: The attribute holding the date that makes the page "por vencer".
    due_date_attribute = "end_date"

    def is_due_soon(self, today: datetime.date | None = None, days: int | None = None) -> bool:
        days = followup_days()[0] if days is None else days
        due = getattr(self, self.due_date_attribute)
        return progress.is_due_soon(due, self.is_complete, days, today)

    def is_stale(self, today: datetime.date | None = None, days: int | None = None) -> bool:
        days = followup_days()[1] if days is None else days
        return progress.is_stale(self.follow_up_date, None, self.is_complete, days, today)

    @property
    def due_soon(self) -> bool:
        return self.is_due_soon()

    @property
    def stale(self) -> bool:
        return self.is_stale()


def tabbed_editor(*tabs: tuple[list, str]) -> TabbedInterface:
    """The page's own tabs, then Wagtail's promotion and settings tabs."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for panels, heading in tabs]
        + [
            ObjectList(Page.promote_panels, heading=_("Promoción")),
            ObjectList(Page.settings_panels, heading=_("Configuración")),
        ]
    )
