"""The follow-up desk (#17): a Wagtail report of what each commitment and each assigned
person owes, for approvers and administrators (Reports menu), exportable to CSV and XLSX.
The computation is planes/followup.py's."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from . import progress
from .followup import OVERDUE, OWED, decorate, owed_milestones
from .models import ActionPlanPage, CommitmentPage, MilestonePage
from .permissions import is_moderator


class DeskFilterSet(WagtailFilterSet):
    owed = django_filters.ChoiceFilter(
        label=_("Qué se debe"), choices=list(OWED.items()), method="filter_owed"
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"), queryset=ActionPlanPage.objects.all(), method="filter_plan"
    )

    class Meta:
        model = MilestonePage
        fields = []

    def filter_owed(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.delayed()
        if value == progress.DUE_SOON:
            return queryset.due_soon()
        return queryset.stale()

    def filter_plan(self, queryset, name, value):
        return queryset.descendant_of(value)


def _edit_url(milestone):
    return reverse("wagtailadmin_pages:edit", args=[milestone.pk])


class FollowUpDeskView(ReportView):
    page_title = _("Mesa de seguimiento")
    header_icon = "time"
    index_url_name = "followup_desk"
    index_results_url_name = "followup_desk_results"
    filterset_class = DeskFilterSet
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Acción clave"), get_url=_edit_url),
        Column("commitment_title", label=_("Compromiso")),
        Column("owed", label=_("Qué se debe")),
        DateColumn("end_date", label=_("Término")),
        Column("days_late", label=_("Días de retraso")),
        DateColumn("last_reported_date", label=_("Último informe publicado")),
        Column("assignees", label=_("Personas asignadas")),
    ]
    list_export = [
        "commitment_title",
        "title",
        "owed",
        "end_date",
        "days_late",
        "last_reported_date",
        "assignees",
        "edit_url",
    ]
    export_headings = {
        "commitment_title": _("Compromiso"),
        "title": _("Acción clave"),
        "owed": _("Qué se debe"),
        "end_date": _("Término"),
        "days_late": _("Días de retraso"),
        "last_reported_date": _("Último informe publicado"),
        "assignees": _("Personas asignadas"),
        "edit_url": _("Dónde actuar"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "mesa-de-seguimiento"

    def get_queryset(self):
        return owed_milestones()

    def decorate_paginated_queryset(self, object_list):
        milestones = decorate(object_list)
        steplen = MilestonePage.steplen
        titles = dict(
            CommitmentPage.objects.filter(
                path__in={m.path[:-steplen] for m in milestones}
            ).values_list("path", "title")
        )
        for milestone in milestones:
            milestone.commitment_title = titles.get(milestone.path[:-steplen], "")
            milestone.edit_url = self.request.build_absolute_uri(_edit_url(milestone))
        return milestones
