"""Roles: the groups, their permissions and who may do what beyond page permissions.

Groups are created by code (``manage.py setup_roles``), never by clicking, and
running the set-up again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

VERIFY_ACTIVITY_PERMISSION = "planes.verify_activity"

ADMINISTRATORS = "Administradores"
APPROVERS = "Aprobadores SFP"
GOVERNMENT_EDITORS = "Editores de gobierno"
CIVIL_SOCIETY_EDITORS = "Editores de sociedad civil"
ALL_GROUPS = (ADMINISTRATORS, APPROVERS, GOVERNMENT_EDITORS, CIVIL_SOCIETY_EDITORS)
EDITOR_GROUPS = (GOVERNMENT_EDITORS, CIVIL_SOCIETY_EDITORS)

GROUP_DESCRIPTIONS = {
    ADMINISTRATORS: _("Planes, compromisos, directorio, usuarios y grupos."),
    APPROVERS: _("Revisan y publican (o devuelven) los cambios de cualquier plan."),
    GOVERNMENT_EDITORS: _("Informan avances de los compromisos asignados; no publican."),
    CIVIL_SOCIETY_EDITORS: _("Informan avances de los compromisos asignados; no publican."),
}

#: Model permissions ("app_label.codename") for each group.
MODEL_PERMISSIONS = {
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "planes.verify_activity",
        "planes.add_institution",
        "planes.change_institution",
        "planes.delete_institution",
        "planes.view_institution",
        "planes.add_organization",
        "planes.change_organization",
        "planes.delete_organization",
        "planes.view_organization",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
    ],
    APPROVERS: ["wagtailadmin.access_admin", "planes.verify_activity"],
    GOVERNMENT_EDITORS: ["wagtailadmin.access_admin"],
    CIVIL_SOCIETY_EDITORS: ["wagtailadmin.access_admin"],
}


def can_verify_activities(user) -> bool:
    """Only SFP approvers and administrators may mark an activity as verified."""
    return bool(user and user.is_active and user.has_perm(VERIFY_ACTIVITY_PERMISSION))


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_groups() -> dict[str, Group]:
    """Create the four groups with their model permissions (idempotent)."""
    groups = {}
    for name in ALL_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(p) for p in MODEL_PERMISSIONS[name]])
        groups[name] = group
    return groups
