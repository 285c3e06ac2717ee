"""Who may do what: the role groups' names, the domain permissions and the checks on them.

A leaf module (nothing of the project below it), so admin forms and panels can
ask "may this person verify?" without importing the role set-up in roles.py.
"""

ADMINISTRATORS = "Administradores"
APPROVERS = "Aprobadores SFP"
GOVERNMENT_EDITORS = "Editores de gobierno"
CIVIL_SOCIETY_EDITORS = "Editores de sociedad civil"
ALL_GROUPS = (ADMINISTRATORS, APPROVERS, GOVERNMENT_EDITORS, CIVIL_SOCIETY_EDITORS)
#: Groups that publish, move and delete pages (besides superusers).
MODERATOR_GROUPS = (ADMINISTRATORS, APPROVERS)

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
    return user.is_superuser or user.groups.filter(name__in=MODERATOR_GROUPS).exists()
