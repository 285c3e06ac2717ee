"""Admin: directory, assignments and memberships (wagtail-modeladmin), the two voices
(snippets), role guards, approvers' desk."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry
from wagtail.snippets.action_menu import (
    CancelWorkflowMenuItem,
    PublishMenuItem,
    UnpublishMenuItem,
    WorkflowMenuItem,
)
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from instancia.models import current

from .admin_panels import (
    ApproversDeskPanel,
    MyCommitmentsPanel,
    RemindersSettingsPanel,
    SinceAssessedPanel,
    WhatIOwePanel,
    compare_with_live_url,
    requested_changes_message,
)
from .document_access import may_download
from .followup_admin import FollowUpDeskView
from .models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    EditorRole,
    GovernmentResponse,
    Institution,
    Membership,
    MilestonePage,
    Organization,
)
from .period_admin import ReportingPeriodViewSet
from .periods import CLOSED_ACTION, REOPENED_ACTION
from .permissions import is_moderator
from .voice_admin import VoicesGroup


class InstitutionAdmin(ModelAdmin):
    model = Institution
    menu_label = _("Instituciones")
    menu_icon = "site"
    list_display = ("name", "acronym", "sector", "website")
    list_filter = ("sector",)
    search_fields = ("name", "acronym")
    ordering = ("name",)


class OrganizationAdmin(ModelAdmin):
    model = Organization
    menu_label = _("Organizaciones")
    menu_icon = "group"
    list_display = ("name", "acronym", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    ordering = ("name",)


class AssignmentAdmin(ModelAdmin):
    model = CommitmentAssignment
    menu_label = _("Asignaciones de compromisos")
    menu_icon = "user"
    list_display = ("user", "commitment", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "commitment__title")


class MembershipAdmin(ModelAdmin):
    """Who speaks for which institution or organization (what they write is signed by it)."""

    model = Membership
    menu_label = _("Pertenencias")
    menu_icon = "user"
    list_display = ("user", "institution", "organization", "created_at")
    list_filter = ("institution", "organization")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "institution__name",
        "institution__acronym",
        "organization__name",
        "organization__acronym",
    )


class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directorio")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (InstitutionAdmin, OrganizationAdmin, AssignmentAdmin, MembershipAdmin)


modeladmin_register(DirectoryGroup)


@hooks.register("register_admin_viewset")
def register_period_viewset():
    return ReportingPeriodViewSet("periodos")


@hooks.register("register_log_actions")
def register_period_log_actions(actions):
    actions.register_action(CLOSED_ACTION, _("Cerrar periodo"), _("Periodo cerrado"))
    actions.register_action(REOPENED_ACTION, _("Reabrir periodo"), _("Periodo reabierto"))


class LoginLockoutAdmin(ModelAdmin):
    """Accounts locked out after too many wrong passwords (django-axes): deleting the
    entry unlocks the account at once."""

    model = AccessAttempt
    menu_label = _("Bloqueos de acceso")
    menu_icon = "lock"
    add_to_settings_menu = True
    list_display = ("username", "ip_address", "failures_since_start", "attempt_time")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    inspect_view_enabled = True


modeladmin_register(LoginLockoutAdmin)


# Editors report progress; only moderators delete, move or copy pages. ---------
def _refusal(request, action: str) -> str:
    body = current(request).body
    messages_by_action = {
        "delete": _("Sólo %(body)s o la administración pueden borrar páginas."),
        "move": _("Sólo %(body)s o la administración pueden mover páginas."),
        "copy": _("Sólo %(body)s o la administración pueden copiar páginas."),
    }
    return messages_by_action[action] % {"body": body}


def _refuse_unless_moderator(request, action):
    if not is_moderator(request.user):
        message = _refusal(request, action)
        messages.error(request, message)
        raise PermissionDenied(message)


@hooks.register("before_delete_page")
def refuse_delete_by_editors(request, page):
    _refuse_unless_moderator(request, "delete")


@hooks.register("before_move_page")
def refuse_move_by_editors(request, page, destination):
    _refuse_unless_moderator(request, "move")


@hooks.register("before_copy_page")
def refuse_copy_by_editors(request, page):
    _refuse_unless_moderator(request, "copy")


class CompareWithLiveButton(PageMenuItem):
    """On a page's editor: what its latest draft or submission changes from the live one."""

    label = _("Comparar con lo publicado")
    icon_name = "history"
    priority = 64

    def is_shown(self, user):
        page = self.page
        return (
            page.live
            and page.has_unpublished_changes
            and page.latest_revision_id is not None
            and page.permissions_for_user(user).can_view_revisions()
        )

    @cached_property
    def url(self):
        return compare_with_live_url(self.page, self.page.latest_revision_id)


@hooks.register("register_page_header_buttons")
def compare_with_live_button(page, user, view_name, next_url=None):
    yield CompareWithLiveButton(page=page)


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """When a reviewer sent the page back, its editor reads why at the top of the form."""
    if request.method != "GET":
        return None
    message = requested_changes_message(page)
    if message:
        messages.warning(request, message)
    return None


@hooks.register("construct_homepage_panels")
def approvers_desk(request, panels):
    panels[:] = [p for p in panels if getattr(p, "name", "") != ApproversDeskPanel.name]
    panels.append(ApproversDeskPanel())
    roles = set(
        CommitmentAssignment.objects.filter(user=request.user).values_list("role", flat=True)
    )
    if roles:
        panels.append(WhatIOwePanel(request.user))
        panels.append(MyCommitmentsPanel(request.user))
    if EditorRole.CIVIL_SOCIETY in roles:
        panels.append(SinceAssessedPanel(request.user))


# The two voices: civil society's assessments and the government's responses. -----
register_snippet(VoicesGroup)
VOICE_MODELS = (CivilSocietyAssessment, GovernmentResponse)


@hooks.register("construct_snippet_action_menu")
def voices_publish_only_through_review(menu_items, request, context):
    """Nobody publishes or unpublishes a voice from its editor (approving its review
    publishes it); a reviewer's menu holds only the workflow's actions."""
    model = context.get("model")
    if model not in VOICE_MODELS:
        return
    menu_items[:] = [
        i for i in menu_items if not isinstance(i, PublishMenuItem | UnpublishMenuItem)
    ]
    instance = context.get("instance")
    policy = policy_registry.get_by_type(model)
    if instance is not None and not policy.user_has_permission_for_instance(
        request.user, "change", instance
    ):
        review = (WorkflowMenuItem, CancelWorkflowMenuItem)
        menu_items[:] = [i for i in menu_items if isinstance(i, review)]


@hooks.register("register_page_header_buttons")
def assess_this_milestone(page, user, view_name, next_url=None):
    """On a milestone's editor, a civil-society editor who may assess it finds the way to
    their organization's assessment (or to write one)."""
    if view_name != "edit" or page.specific_class is not MilestonePage:
        return []
    milestones = CivilSocietyAssessment.assessable_milestones(user)
    if not milestones.filter(pk=page.pk).exists():
        return []
    organizations = CivilSocietyAssessment.author_organizations(user, page)
    existing = CivilSocietyAssessment.objects.filter(
        milestone_id=page.pk, organization__in=organizations
    ).first()
    viewset = CivilSocietyAssessment.snippet_viewset
    if existing is not None:
        url = reverse(viewset.get_url_name("edit"), args=[existing.pk])
        return [Button(_("Valoración de mi organización"), url=url, icon_name="comment")]
    url = reverse(viewset.get_url_name("add")) + f"?milestone={page.pk}"
    return [Button(_("Valorar esta acción clave"), url=url, icon_name="comment", priority=5)]


@hooks.register("register_log_actions")
def register_authorship_log_action(actions):
    @actions.register_action("planes.update_author")
    class UpdateAuthorFormatter(LogFormatter):
        label = _("Cambiar la autoría de una actualización")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Autoría de la actualización del %(date)s: de «%(old)s» a «%(new)s»") % {
                "date": (data.get("update") or {}).get("date", "?"),
                "old": data.get("old") or "—",
                "new": data.get("new") or "—",
            }


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/tablero-admin.css"))


@hooks.register("insert_global_admin_js")
def keep_unsaved_changes_js():
    """An edit form's fields stay in the browser until the server answers the save."""
    return format_html(
        '{}<script src="{}" defer></script>',
        render_to_string("includes/keep_unsaved_texts.html"),
        static("js/tablero-keep-unsaved.js"),
    )


# Evidence of a draft is not public until the page is published. --------------
@hooks.register("before_serve_document")
def hide_documents_of_unpublished_content(document, request):
    """Everyone downloads the documents published content links to; editors also their
    own uploads and their commitments' documents; approvers and administrators, any."""
    if not may_download(request.user, document):
        raise Http404
    return None


# The follow-up desk (#17): approvers and administrators, in the Reports menu. ---------
@hooks.register("register_admin_urls")
def register_followup_desk_urls():
    from django.urls import path

    return [
        path("seguimiento/", FollowUpDeskView.as_view(), name="followup_desk"),
        path(
            "seguimiento/resultados/",
            FollowUpDeskView.as_view(results_only=True),
            name="followup_desk_results",
        ),
    ]


class FollowUpDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_followup_desk_menu_item():
    return FollowUpDeskMenuItem(
        _("Mesa de seguimiento"), reverse("followup_desk"), icon_name="time", order=50
    )


@hooks.register("register_account_settings_panel")
def reminders_settings_panel(request, user, profile):
    return RemindersSettingsPanel(request, user, profile)
