"""Who may do what: the roles' groups, the domain permissions and the checks on them.

A leaf module (nothing of the project below it), so admin forms and panels can
ask "may this person verify?" without importing the role set-up in roles.py.
"""

from django.utils.translation import gettext_lazy as _

from instancia.models import RoleKey

#: The roles, by their fixed keys (instancia.models.RoleGroup says which group plays
#: each): checks never read a group's name, which administrators may change.
ADMINISTRATORS = RoleKey.ADMINISTRATORS.value
APPROVERS = RoleKey.APPROVERS.value
GOVERNMENT_EDITORS = RoleKey.GOVERNMENT_EDITORS.value
CIVIL_SOCIETY_EDITORS = RoleKey.CIVIL_SOCIETY_EDITORS.value
ALL_GROUPS = (ADMINISTRATORS, APPROVERS, GOVERNMENT_EDITORS, CIVIL_SOCIETY_EDITORS)
#: The name each role's group gets when setup_roles creates it (neutral: no country), in
#: the interface's language (a label only: the role is the key).
GROUP_NAMES = {
    ADMINISTRATORS: _("Administradores"),
    APPROVERS: _("Aprobadores"),
    GOVERNMENT_EDITORS: _("Editores de gobierno"),
    CIVIL_SOCIETY_EDITORS: _("Editores de sociedad civil"),
}
#: Groups that publish, move and delete pages (besides superusers).
MODERATOR_GROUPS = (ADMINISTRATORS, APPROVERS)
#: The lookup from a user to their groups' role keys: ``groups__<ROLE_LOOKUP>__in``.
ROLE_LOOKUP = "tablero_role__key"

#: Mark an activity verified (approvers and administrators).
VERIFY_ACTIVITY_PERMISSION = "planes.verify_activity"
#: A commitment's identity, responsibility and IRM fields (administrators only).
MANAGE_COMMITMENT_PERMISSION = "planes.manage_commitment"


def can_verify_activities(user) -> bool:
    """Only approvers and administrators may mark an activity as verified."""
    return bool(user and user.is_active and user.has_perm(VERIFY_ACTIVITY_PERMISSION))


def is_moderator(user) -> bool:
    """Administrators and approvers (who may publish, move and delete)."""
    if not (user and user.is_active):
        return False
    return (
        user.is_superuser or user.groups.filter(**{f"{ROLE_LOOKUP}__in": MODERATOR_GROUPS}).exists()
    )
