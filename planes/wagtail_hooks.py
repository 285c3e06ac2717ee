"""Admin registration: the directory (institutions and organizations) via wagtail-modeladmin."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Institution, Organization


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


class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directorio")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (InstitutionAdmin, OrganizationAdmin)


modeladmin_register(DirectoryGroup)
