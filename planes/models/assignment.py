"""Who edits which commitment: the administrator's assignments.

An assignment puts a person on a commitment as a government or a
civil-society editor. Assignments drive Wagtail's own page permissions (see
planes/roles.py): each commitment has an editors group with add and change
permission on its subtree, whose members are exactly the assigned people.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorRole(models.TextChoices):
    GOVERNMENT = "government", _("Editor(a) de gobierno")
    CIVIL_SOCIETY = "civil_society", _("Editor(a) de sociedad civil")


class CommitmentAssignment(models.Model):
    commitment = models.ForeignKey(
        "planes.CommitmentPage",
        verbose_name=_("compromiso"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="commitment_assignments",
    )
    role = models.CharField(_("rol"), max_length=20, choices=EditorRole.choices)
    created_at = models.DateTimeField(_("asignado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("asignación")
        verbose_name_plural = _("asignaciones")
        ordering = ["commitment__path", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "user"], name="unique_assignment_per_commitment"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.commitment} ({self.get_role_display()})"


class CommitmentEditorsGroup(models.Model):
    """The group whose members edit one commitment (its assigned people), found by the
    commitment, never by its name: an administrator may rename it, and its default name is
    in the interface's language."""

    commitment = models.OneToOneField(
        "planes.CommitmentPage",
        verbose_name=_("compromiso"),
        on_delete=models.CASCADE,
        related_name="editors_group",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("grupo"),
        on_delete=models.CASCADE,
        related_name="tablero_commitment",
    )

    class Meta:
        verbose_name = _("grupo de editores de un compromiso")
        verbose_name_plural = _("grupos de editores de los compromisos")

    def __str__(self):
        return str(self.group)


def assigned_commitment_paths(user, role: str | None = None) -> list[str]:
    """Tree paths of the commitments the person is assigned to (in ``role`` when given)."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    assignments = CommitmentAssignment.objects.filter(user=user)
    if role is not None:
        assignments = assignments.filter(role=role)
    return list(assignments.values_list("commitment__path", flat=True))
