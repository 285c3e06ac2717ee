"""Roles: groups, their permissions, the approval workflow and commitment assignments.

Each role's group is found by its fixed key (instancia.models.RoleGroup), never by
its name: administrators may rename a group, and an installation made before the keys
gets its old groups and workflow renamed in place (instancia/legacy.py).

Everything here is created by code (``manage.py setup_roles``, also run by
``load_demo`` and the tests), never by clicking, and is idempotent.

* Administradores: every page permission, directory, users, groups, workflows.
* Aprobadores: edit and publish anywhere, review the approval workflow (the
  coordinating body named in the instance settings), verify activities.
* Editores de gobierno / de sociedad civil: admin access and document upload;
  page permissions only through the per-commitment editors group of each
  commitment they are assigned to (add and change, never publish).

The civil-society assessments and the government's responses go through the same
workflow; who writes and reviews them is a permission policy of their own
(planes/voice_access.py), from memberships and assignments, not from groups.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.models.workflows import GroupApprovalTask

from instancia.legacy import LEGACY_GROUP_NAMES, LEGACY_TASK_NAMES, LEGACY_WORKFLOW_NAMES
from instancia.models import RoleGroup

from .models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentEditorsGroup,
    EditorRole,
    GovernmentResponse,
)
from .permissions import (
    ADMINISTRATORS,
    ALL_GROUPS,
    APPROVERS,
    CIVIL_SOCIETY_EDITORS,
    GOVERNMENT_EDITORS,
    GROUP_NAMES,
    MANAGE_COMMITMENT_PERMISSION,
    VERIFY_ACTIVITY_PERMISSION,
)

#: The workflow's and its task's names, in the interface's language (labels: setup_roles
#: finds them under any of their default names and renames them to the current one).
WORKFLOW_NAME = _("Aprobación")
TASK_NAME = _("Aprobación")
#: The interface languages whose default names setup_roles recognises (None: Spanish,
#: the source strings).
NAME_LANGUAGES = (None, "en")
#: A commitment's editors group's default name (by the commitment's id: group names are
#: unique), in the interface's language when the group is made.
COMMITMENT_GROUP_NAME = _("Compromiso #%(id)s · editores")

#: Model permissions ("app_label.codename") for each group.
MODEL_PERMISSIONS = {
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        VERIFY_ACTIVITY_PERMISSION,
        MANAGE_COMMITMENT_PERMISSION,
        *[
            f"planes.{action}_{model}"
            for model in ("institution", "organization", "commitmentassignment", "membership")
            for action in ("add", "change", "delete", "view")
        ],
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        # Reporting periods: define, generate, close and reopen them.
        *[
            f"planes.{action}_reportingperiod"
            for action in ("add", "change", "delete", "view", "close", "reopen")
        ],
        # The instance's settings (name, coordinating body, brand, licence).
        "instancia.change_instancesettings",
        # Login lock-outs (django-axes): see and lift them.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    APPROVERS: [
        "wagtailadmin.access_admin",
        VERIFY_ACTIVITY_PERMISSION,
        "planes.view_reportingperiod",
        "planes.close_reportingperiod",
    ],
    GOVERNMENT_EDITORS: ["wagtailadmin.access_admin"],
    CIVIL_SOCIETY_EDITORS: ["wagtailadmin.access_admin"],
}

#: Page permissions on the whole tree (root page) for each group.
TREE_PAGE_PERMISSIONS = {
    ADMINISTRATORS: ("add", "change", "publish", "bulk_delete", "lock", "unlock"),
    APPROVERS: ("add", "change", "publish", "lock", "unlock"),
}
#: Page permissions of a commitment's editors group, on the commitment subtree.
COMMITMENT_PAGE_PERMISSIONS = ("add", "change")

#: Document permissions on the root collection (evidence upload).
DOCUMENT_PERMISSIONS = {
    ADMINISTRATORS: ("add", "change", "delete", "choose"),
    APPROVERS: ("add", "change", "choose"),
    GOVERNMENT_EDITORS: ("add", "choose"),
    CIVIL_SOCIETY_EDITORS: ("add", "choose"),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(kind: str) -> Permission:
    return _permission(f"wagtailcore.{kind}_page")


@transaction.atomic
def setup_groups() -> dict[str, Group]:
    """Create the four groups with their model, page and document permissions."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name in ALL_GROUPS:
        group = role_group(name)
        group.permissions.add(*[_permission(p) for p in MODEL_PERMISSIONS[name]])
        for kind in TREE_PAGE_PERMISSIONS.get(name, ()):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_page_permission(kind)
            )
        for kind in DOCUMENT_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(f"wagtaildocs.{kind}_document"),
            )
        groups[name] = group
    setup_workflow([groups[APPROVERS], groups[ADMINISTRATORS]])
    return groups


def role_group(key: str) -> Group:
    """The group that plays the role ``key``: the one recorded, else one of the names it
    had (renamed to today's name), else a new one; recorded under the key."""
    name = str(GROUP_NAMES[key])
    recorded = RoleGroup.objects.select_related("group").filter(key=key).first()
    if recorded is not None:
        group = recorded.group
        # A default name in another language (the interface changed): today's label.
        if (
            group.name != name
            and group.name in default_names(GROUP_NAMES[key])
            and not Group.objects.filter(name=name).exists()
        ):
            group.name = name
            group.save(update_fields=["name"])
        return group
    group = Group.objects.filter(name=name, tablero_role__isnull=True).first()
    if group is None:
        old = Group.objects.filter(
            name__in=(*default_names(GROUP_NAMES[key]), *LEGACY_GROUP_NAMES.get(key, ())),
            tablero_role__isnull=True,
        ).first()
        if old is not None and not Group.objects.filter(name=name).exists():
            old.name = name
            old.save(update_fields=["name"])
            group = old
    if group is None:
        group = Group.objects.create(name=_free_name(name))
    RoleGroup.objects.create(key=key, group=group)
    return group


def _free_name(name: str) -> str:
    """``name``, or ``name (2)``… if a group without the role already has it."""
    candidate, number = name, 1
    while Group.objects.filter(name=candidate).exists():
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def default_names(label) -> set[str]:
    """A default name (a lazy translation) in every interface language."""
    names = set()
    for language in NAME_LANGUAGES:
        with translation.override(language):
            names.add(str(label))
    return names


def _named(model, label, legacy: tuple[str, ...]):
    """The object called ``label`` in today's language, or the one under its name in
    another language or an older name, renamed."""
    name = str(label)
    found = model.objects.filter(name=name).first()
    if found is None:
        found = model.objects.filter(name__in=(*default_names(label), *legacy)).first()
        if found is not None:
            found.name = name
            found.save(update_fields=["name"])
    return found


#: Snippets moderated by the approval workflow too (Wagtail assigns workflows to their type).
MODERATED_SNIPPETS = (CivilSocietyAssessment, GovernmentResponse)


def setup_workflow(reviewers: list[Group]) -> Workflow:
    """The approval workflow on the whole page tree and on the two voices' snippets,
    reviewed by ``reviewers``."""
    workflow = _named(Workflow, WORKFLOW_NAME, LEGACY_WORKFLOW_NAMES)
    if workflow is None:
        workflow = Workflow.objects.create(name=str(WORKFLOW_NAME), active=True)
    task = _named(GroupApprovalTask, TASK_NAME, LEGACY_TASK_NAMES)
    if task is None:
        task = GroupApprovalTask.objects.create(name=str(TASK_NAME))
    task.groups.add(*reviewers)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root_page = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    for model in MODERATED_SNIPPETS:
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    _retire_wagtail_defaults(workflow)
    return workflow


#: Created by Wagtail's own initial migrations; Tablero's roles replace them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def _retire_wagtail_defaults(workflow: Workflow) -> None:
    """Deactivate Wagtail's sample workflow and drop its sample groups while they are empty."""
    for other in Workflow.objects.exclude(pk=workflow.pk).filter(active=True):
        if not (other.workflow_pages.exists() or other.workflow_content_types.exists()):
            other.deactivate()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


# Commitment assignments ----------------------------------------------------------
def commitment_group_name(commitment) -> str:
    return str(COMMITMENT_GROUP_NAME) % {"id": commitment.pk}


def commitment_group(commitment) -> Group:
    """The commitment's editors group: the one recorded for it, else (made before the
    record existed) the group with its default name, else a new one; recorded."""
    recorded = (
        CommitmentEditorsGroup.objects.select_related("group")
        .filter(commitment_id=commitment.pk)
        .first()
    )
    if recorded is not None:
        return recorded.group
    name = commitment_group_name(commitment)
    group = Group.objects.filter(
        name=name, tablero_commitment__isnull=True, tablero_role__isnull=True
    ).first() or Group.objects.create(name=name)
    CommitmentEditorsGroup.objects.create(commitment_id=commitment.pk, group=group)
    return group


@transaction.atomic
def sync_commitment(commitment) -> Group:
    """Make the commitment's editors group match its assignments."""
    group = commitment_group(commitment)
    for kind in COMMITMENT_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=commitment.pk, permission=_page_permission(kind)
        )
    user_ids = CommitmentAssignment.objects.filter(commitment_id=commitment.pk).values_list(
        "user_id", flat=True
    )
    group.user_set.set(list(user_ids))
    return group


@transaction.atomic
def sync_user_roles(user) -> None:
    """Put the person in the role groups their assignments call for, and only those."""
    roles = set(CommitmentAssignment.objects.filter(user=user).values_list("role", flat=True))
    wanted = {
        GOVERNMENT_EDITORS: EditorRole.GOVERNMENT in roles,
        CIVIL_SOCIETY_EDITORS: EditorRole.CIVIL_SOCIETY in roles,
    }
    groups = {
        recorded.key: recorded.group
        for recorded in RoleGroup.objects.filter(key__in=wanted).select_related("group")
    }
    for name, member in wanted.items():
        group = groups.get(name)
        if group is None:
            continue
        if member:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def remove_commitment_group(record: CommitmentEditorsGroup) -> None:
    """Its commitment is gone (the record went with it): so goes the group."""
    Group.objects.filter(pk=record.group_id).delete()
