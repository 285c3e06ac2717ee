"""The follow-up desk (#17): a Wagtail report of what each commitment and each assigned
person owes, for approvers and administrators (Reports menu), exportable to CSV and XLSX.
The computation is planes/followup.py's: its rows are plain objects (milestones, period
reports, submissions, assessments), so they are filtered and paginated as a list."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .followup import OWED, owed_rows
from .models import ActionPlanPage, CommitmentPage
from .permissions import is_moderator


class DeskFilterSet(WagtailFilterSet):
    owed = django_filters.ChoiceFilter(label=_("Qué se debe"), choices=list(OWED.items()))
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=ActionPlanPage.objects.all())

    def filter_queryset(self, rows):
        data = self.form.cleaned_data
        if data.get("owed"):
            rows = [row for row in rows if data["owed"] in row.owed_keys]
        if data.get("plan"):
            rows = [row for row in rows if row.path.startswith(data["plan"].path)]
        return rows


class FollowUpDeskView(ReportView):
    page_title = _("Mesa de seguimiento")
    header_icon = "time"
    index_url_name = "followup_desk"
    index_results_url_name = "followup_desk_results"
    filterset_class = DeskFilterSet
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Asunto"), get_url=lambda row: row.url),
        Column("commitment_title", label=_("Compromiso")),
        Column("owed", label=_("Qué se debe")),
        Column("detail", label=_("Detalle")),
        DateColumn("end_date", label=_("Término o fecha límite")),
        Column("days_late", label=_("Días de retraso")),
        Column("waiting_days", label=_("Días en espera")),
        DateColumn("last_reported_date", label=_("Último informe publicado")),
        Column("assignees", label=_("Quién lo debe")),
    ]
    list_export = [
        "commitment_title",
        "title",
        "owed",
        "detail",
        "end_date",
        "days_late",
        "waiting_days",
        "last_reported_date",
        "assignees",
        "edit_url",
    ]
    export_headings = {
        "commitment_title": _("Compromiso"),
        "title": _("Asunto"),
        "owed": _("Qué se debe"),
        "detail": _("Detalle"),
        "end_date": _("Término o fecha límite"),
        "days_late": _("Días de retraso"),
        "waiting_days": _("Días en espera"),
        "last_reported_date": _("Último informe publicado"),
        "assignees": _("Quién lo debe"),
        "edit_url": _("Dónde actuar"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        # The rows are a list, not a model's queryset: the filterset filters the list.
        return {**super().get_filterset_kwargs(), "queryset": CommitmentPage.objects.none()}

    def stream_csv(self, queryset):
        """Wagtail's CSV, opened by a byte-order mark: spreadsheets then read it as UTF-8
        (accents intact), as the open-data CSVs do."""
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def get_filename(self):
        return "mesa-de-seguimiento"

    def get_queryset(self):
        return owed_rows()

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            row.edit_url = self.request.build_absolute_uri(row.url)
        return object_list
