"""Admin: directory, assignments and memberships (wagtail-modeladmin), role guards,
approvers' desk."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .admin_panels import ApproversDeskPanel
from .document_access import may_download
from .models import CommitmentAssignment, Institution, Membership, Organization
from .permissions import is_moderator


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
def _refuse_unless_moderator(request, message):
    if not is_moderator(request.user):
        messages.error(request, message)
        raise PermissionDenied(message)


@hooks.register("before_delete_page")
def refuse_delete_by_editors(request, page):
    _refuse_unless_moderator(request, _("Sólo la SFP o la administración pueden borrar páginas."))


@hooks.register("before_move_page")
def refuse_move_by_editors(request, page, destination):
    _refuse_unless_moderator(request, _("Sólo la SFP o la administración pueden mover páginas."))


@hooks.register("before_copy_page")
def refuse_copy_by_editors(request, page):
    _refuse_unless_moderator(request, _("Sólo la SFP o la administración pueden copiar páginas."))


@hooks.register("construct_homepage_panels")
def approvers_desk(request, panels):
    panels[:] = [p for p in panels if getattr(p, "name", "") != ApproversDeskPanel.name]
    panels.append(ApproversDeskPanel())


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


@hooks.register("insert_global_admin_js")
def keep_unsaved_changes_js():
    """An edit form's fields stay in the browser until the server answers the save."""
    return format_html('<script src="{}" defer></script>', static("js/tablero-keep-unsaved.js"))


# Evidence of a draft is not public until the page is published. --------------
@hooks.register("before_serve_document")
def hide_documents_of_unpublished_content(document, request):
    """Everyone downloads the documents published content links to; editors also their
    own uploads and their commitments' documents; approvers and administrators, any."""
    if not may_download(request.user, document):
        raise Http404
    return None
