"""A reader's subscription to the e-mail notices of one plan or commitment page (#17).

The address is personal data: it is kept only to send these notices, shown nowhere (no
admin list, API, open data or search), and the row is deleted, not flagged, when the
reader unsubscribes or never confirms (``send_follower_digests`` deletes pending rows
older than ``AVISOS_PENDING_DAYS``).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """A random, unguessable token for a link (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(_("correo electrónico"), max_length=254)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("página"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: The confirmation link's token (double opt-in).
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token)
    #: The unsubscribe link's token (every notice carries it).
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmada el"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("último aviso el"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suscripción a avisos")
        verbose_name_plural = _("suscripciones a avisos")
        constraints = [
            models.UniqueConstraint(fields=["email", "page"], name="one_subscription_per_page")
        ]
        indexes = [models.Index(fields=["confirmed_at"], name="avisos_confirmed_idx")]

    def __str__(self):
        # Never the address: a row may show up in a log or an error report.
        return f"{_('suscripción')} {self.pk} · {self.page_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def since(self):
        """Where the next notice starts: the last one sent, else the confirmation."""
        return self.last_sent_at or self.confirmed_at
