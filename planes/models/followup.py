"""Follow-up settings (days before "por vencer" and "sin actualizar", the digests'
frequency), each person's opt-out from reminders and the record of digests sent.

The days are site settings (Wagtail's *Configuración* menu). Pages, the API, the open
data and the desk read them through :func:`followup_days`: one query at most per request
(the value is kept for the rest of the request, then forgotten), so a long listing never
queries them once per row.
"""

import datetime
import threading

from django.conf import settings
from django.core.signals import request_started
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .. import progress


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Diario")
    WEEKLY = "weekly", _("Semanal (los lunes)")


@register_setting(icon="time")
class FollowUpSettings(BaseSiteSetting):
    due_soon_days = models.PositiveIntegerField(
        _("días para «por vencer»"),
        default=progress.DEFAULT_DUE_SOON_DAYS,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Una acción clave o un compromiso sin cumplir está por vencer si termina "
            "dentro de estos días (0: sólo lo que termina hoy)."
        ),
    )
    stale_days = models.PositiveIntegerField(
        _("días para «sin actualizar»"),
        default=progress.DEFAULT_STALE_DAYS,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Lo que está en proceso queda sin actualizar si lleva más de estos días sin "
            "una actualización ni una evidencia publicadas."
        ),
    )
    report_due_days = models.PositiveIntegerField(
        _("días de aviso del informe del periodo"),
        default=14,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Los recordatorios avisan del informe del periodo abierto cuando su fecha "
            "límite llega dentro de estos días."
        ),
    )
    review_wait_days = models.PositiveIntegerField(
        _("días de espera de una revisión"),
        default=3,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Las personas aprobadoras reciben aviso de los envíos que llevan en revisión "
            "más de estos días."
        ),
    )
    digest_frequency = models.CharField(
        _("frecuencia de los recordatorios"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )

    class Meta:
        verbose_name = _("seguimiento y recordatorios")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_followup_days()

    def sends_on(self, day: datetime.date) -> bool:
        """Whether the digests go out on ``day`` (weekly: Mondays)."""
        return self.digest_frequency == DigestFrequency.DAILY or day.weekday() == 0


def followup_settings() -> FollowUpSettings:
    """The default site's follow-up settings (unsaved defaults if none were saved)."""
    saved = FollowUpSettings.objects.filter(site__is_default_site=True).first()
    if saved is not None:
        return saved
    site = Site.objects.filter(is_default_site=True).first()
    return FollowUpSettings(site=site) if site else FollowUpSettings()


_held = threading.local()


def followup_days() -> tuple[int, int]:
    """(due-soon days, stale days) of the default site: one query, then kept until the
    next request starts (or the settings are saved)."""
    days = getattr(_held, "days", None)
    if days is None:
        current = FollowUpSettings.objects.filter(site__is_default_site=True).first()
        days = (
            (current.due_soon_days, current.stale_days)
            if current
            else (progress.DEFAULT_DUE_SOON_DAYS, progress.DEFAULT_STALE_DAYS)
        )
        _held.days = days
    return days


def forget_followup_days(**kwargs) -> None:
    _held.days = None


request_started.connect(forget_followup_days, dispatch_uid="tablero-forget-followup-days")


class ReminderPreference(models.Model):
    """A person's choice about reminder e-mails (the account settings' panel)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    receive_reminders = models.BooleanField(
        _("recibir recordatorios por correo"),
        default=True,
        help_text=_("Un resumen de lo pendiente: lo vencido, por vencer, sin actualizar…"),
    )

    class Meta:
        verbose_name = _("preferencia de recordatorios")
        verbose_name_plural = _("preferencias de recordatorios")

    def __str__(self):
        return f"{self.user}: {self.receive_reminders}"


class SentDigest(models.Model):
    """One digest sent to one person on one day: running the command twice sends nothing new."""

    class Kind(models.TextChoices):
        EDITOR = "editor", _("Pendientes de edición")
        APPROVER = "approver", _("Envíos en revisión")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="sent_digests",
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("día"))
    items = models.PositiveIntegerField(_("asuntos"), default=0)
    sent_at = models.DateTimeField(_("enviado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("recordatorio enviado")
        verbose_name_plural = _("recordatorios enviados")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="one_digest_per_day")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.day}"
