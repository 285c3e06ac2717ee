"""Who may read, write, review and publish the two voices in the admin.

One Wagtail permission policy per model (registered for the exact class in
PlanesConfig.ready(), so every snippet view, the listing, the chooser and
Wagtail's own actions ask it):

* add, change: the authors only (planes/models/voices.py says who they are), and
  each row only by its own authors. Approvers and administrators have no change
  permission: they review through the approval workflow (planes/voice_admin.py shows
  them the editor read-only, with the approve and request-changes actions).
* delete: the authors, only while the row was never published (a published voice
  is corrected by a new, reviewed version, never removed from the editor).
* publish: approvers and administrators, because approving the workflow's last
  task publishes the submitted revision as them. The editor's own "publish"
  action is removed (planes/voice_admin.py): publishing only goes through review.
* view: approvers and administrators see everything; an editor sees their own
  bodies' rows (drafts included) and the published rows of their commitments.
* lock, unlock: nobody beyond what the workflow gives reviewers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import EditorRole
from .models.assignment import assigned_commitment_paths
from .models.voices import CivilSocietyAssessment, GovernmentResponse
from .permissions import MODERATOR_GROUPS, ROLE_LOOKUP, is_moderator

WRITING = frozenset({"add", "change"})


def moderates(user) -> bool:
    """is_moderator, kept on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_tablero_moderator", None)
    if cached is None:
        cached = user._tablero_moderator = is_moderator(user)
    return cached


class VoicePermissionPolicy(BasePermissionPolicy):
    #: The assignment role of the editors who write this model.
    role = ""
    #: The membership field of the body that authors this model.
    body = ""

    def _active(self, user) -> bool:
        return bool(user and user.is_authenticated and user.is_active)

    def may_write_some(self, user) -> bool:
        """Whether the person could author some row: a member of a body of the right kind,
        assigned in the right role to a commitment."""
        return (
            self._active(user)
            and user.memberships.filter(**{f"{self.body}__isnull": False}).exists()
            and bool(assigned_commitment_paths(user, self.role))
        )

    def may_see_drafts(self, user, instance) -> bool:
        """History, revisions and previews: the authors and the reviewers."""
        return self._active(user) and (moderates(user) or instance.is_authored_by(user))

    # Model-wide ----------------------------------------------------------------
    def user_has_permission(self, user, action):
        if not self._active(user):
            return False
        if action in WRITING or action == "delete":
            return self.may_write_some(user)
        if action == "view":
            return moderates(user) or user.commitment_assignments.exists()
        if action == "publish":
            return moderates(user)
        return False

    # Per row -------------------------------------------------------------------
    def user_has_permission_for_instance(self, user, action, instance):
        if not self._active(user):
            return False
        if action in WRITING:
            return instance.is_authored_by(user)
        if action == "delete":
            return instance.first_published_at is None and instance.is_authored_by(user)
        if action == "view":
            return self.visible_to(user).filter(pk=instance.pk).exists()
        if action == "publish":
            return moderates(user)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        model = self.model
        if not self._active(user):
            return model.objects.none()
        actions = set(actions)
        if "publish" in actions and moderates(user):
            return model.objects.all()
        found = model.objects.none()
        if "view" in actions:
            found |= self.visible_to(user)
        if actions & (WRITING | {"delete"}):
            found |= model.objects.authored_by(user)
        return found

    def visible_to(self, user) -> QuerySet:
        """Reviewers: every row. Editors: their bodies' rows, and the published rows about
        the commitments they are assigned to."""
        model = self.model
        if moderates(user):
            return model.objects.all()
        published = Q(live=True) & Q(
            pk__in=model.objects.about_commitments(assigned_commitment_paths(user))
        )
        own = Q(pk__in=model.objects.authored_by(user))
        return model.objects.filter(published | own)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        actions = set(actions)
        wanted = Q(pk__in=[])
        if actions & (WRITING | {"delete"}):
            wanted |= Q(
                **{f"memberships__{self.body}__isnull": False},
                commitment_assignments__role=self.role,
            )
        if actions & {"view", "publish"}:
            wanted |= Q(is_superuser=True) | Q(**{f"groups__{ROLE_LOOKUP}__in": MODERATOR_GROUPS})
        if "view" in actions:
            wanted |= Q(commitment_assignments__isnull=False)
        return users.filter(wanted).distinct()


class AssessmentPermissionPolicy(VoicePermissionPolicy):
    role = EditorRole.CIVIL_SOCIETY
    body = "organization"


class ResponsePermissionPolicy(VoicePermissionPolicy):
    role = EditorRole.GOVERNMENT
    body = "institution"


def voice_policies() -> dict:
    """The policy of each voice model (registered by PlanesConfig.ready)."""
    return {
        CivilSocietyAssessment: AssessmentPermissionPolicy(CivilSocietyAssessment),
        GovernmentResponse: ResponsePermissionPolicy(GovernmentResponse),
    }
