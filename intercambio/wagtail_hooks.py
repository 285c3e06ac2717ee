"""Admin: the "Importar plan" screen in Configuración and an export button on plans."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from planes.models import ActionPlanPage

from . import views
from .plan_import import can_import


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [
        path("importar-plan/", views.ImportView.as_view(), name="intercambio_import"),
        path("importar-plan/confirmar/", views.ConfirmView.as_view(), name="intercambio_confirm"),
        path(
            "importar-plan/plantilla.xlsx",
            views.TemplateDownloadView.as_view(),
            name="intercambio_template",
        ),
        path("exportar-plan/<int:plan_id>/", views.ExportView.as_view(), name="intercambio_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_authenticated and can_import(request.user)


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("Importar plan (XLSX)"), reverse("intercambio_import"), icon_name="upload", order=900
    )


@hooks.register("register_page_header_buttons")
def export_plan_button(page, user, view_name, next_url=None):
    if (
        isinstance(page.specific_deferred, ActionPlanPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("Exportar a XLSX"),
            reverse("intercambio_export", args=[page.pk]),
            icon_name="download",
            priority=60,
        )
