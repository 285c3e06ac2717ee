"""Who speaks for which body: each editor belongs to the institutions or organizations
they report for.

A membership ties a person to exactly one government institution or one
civil-society organization. What an editor writes (a progress update, an
assessment, a response) is authored by one of their bodies, chosen by the system,
and nobody changes what another body wrote.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .directory import Institution, Organization


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institución"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Para una persona editora de gobierno."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organización"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Para una persona editora de sociedad civil."),
    )
    created_at = models.DateTimeField(_("registrada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("pertenencia")
        verbose_name_plural = _("pertenencias")
        ordering = ["user__username", "institution__name", "organization__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False, organization__isnull=True)
                | Q(institution__isnull=True, organization__isnull=False),
                name="membership_exactly_one_body",
                violation_error_message=_("Elige una institución o una organización, no ambas."),
            ),
            models.UniqueConstraint(
                fields=["user", "institution"],
                name="unique_institution_membership",
                violation_error_message=_("Esta persona ya pertenece a esa institución."),
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="unique_organization_membership",
                violation_error_message=_("Esta persona ya pertenece a esa organización."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.body}"

    @property
    def body(self):
        return self.institution or self.organization

    def clean(self):
        super().clean()
        if self.institution_id and self.organization_id:
            raise ValidationError(
                _("Una pertenencia es a una institución o a una organización, no a ambas.")
            )
        if not self.institution_id and not self.organization_id:
            raise ValidationError(_("Elige la institución o la organización de la persona."))


def _member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_institutions(user) -> QuerySet:
    """The government institutions the person speaks for."""
    if not _member(user):
        return Institution.objects.none()
    return Institution.objects.filter(memberships__user=user)


def user_organizations(user) -> QuerySet:
    """The civil-society organizations the person speaks for."""
    if not _member(user):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user)
