"""Admin screens: upload a plan workbook, preview the changes, confirm; download the
template or a plan's filled-in workbook."""

import uuid

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from planes.models import ActionPlanPage

from .plan_export import export_plan, template_bytes
from .plan_import import ACTION_LABELS, can_import, preview_plan
from .reader import CellError
from .workbook import TEMPLATE_PATH

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Larger uploads are refused before they are read.
MAX_UPLOAD = 5 * 1024 * 1024
SESSION_KEY = "intercambio_upload"
UPLOAD_DIR = "tmp/importaciones"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Archivo XLSX con la plantilla llena"))
    delete_missing = forms.BooleanField(
        label=_("Borrar lo que el archivo omite"),
        required=False,
        help_text=_(
            "Borra los compromisos, acciones clave y actividades del plan que no están en el "
            "archivo. Sin esta opción no se borra nada."
        ),
    )


class ImportAccess:
    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and can_import(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportView(ImportAccess, WagtailAdminTemplateMixin, TemplateView):
    template_name = "intercambio/import.html"
    page_title = _("Importar plan")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["template_url"] = reverse("intercambio_template")
        context["action_labels"] = ACTION_LABELS
        return context

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        delete_missing = form.cleaned_data["delete_missing"]
        if upload.size > MAX_UPLOAD:
            message = _("El archivo pasa de 5 MB; una plantilla de plan es mucho menor.")
            report_errors = [CellError(None, None, None, str(message))]
            return self.render_to_response(self.get_context_data(form=form, errors=report_errors))
        data = upload.read()
        plan_import = preview_plan(data, delete_missing=delete_missing)
        report = plan_import.report
        context = {"form": form, "report": report, "errors": report.errors}
        if report.ok and report.has_changes:
            _discard(request)
            name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
            request.session[SESSION_KEY] = {"name": name, "delete_missing": delete_missing}
            context["confirm"] = True
        return self.render_to_response(self.get_context_data(**context))


def _discard(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored and default_storage.exists(stored["name"]):
        default_storage.delete(stored["name"])


class ConfirmView(ImportAccess, WagtailAdminTemplateMixin, TemplateView):
    template_name = "intercambio/result.html"
    page_title = _("Plan importado")
    header_icon = "upload"

    def post(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or not default_storage.exists(stored["name"]):
            return redirect("intercambio_import")
        with default_storage.open(stored["name"], "rb") as handle:
            data = handle.read()
        report = preview_plan(data, delete_missing=stored["delete_missing"]).apply(request.user)
        _discard(request)
        if not report.ok:
            self.page_title = _("No se importó nada")
        return self.render_to_response(self.get_context_data(report=report, errors=report.errors))


class TemplateDownloadView(ImportAccess, View):
    """The empty template, its instructions in the interface's language (the copy kept in
    the repository, intercambio/plantilla_plan.xlsx, is the Spanish one)."""

    def get(self, request):
        return xlsx_response(template_bytes(), TEMPLATE_PATH.name)


class ExportView(View):
    """A plan's filled-in template: the latest content, drafts included, so only for
    people who may edit the plan."""

    def get(self, request, plan_id):
        plan = get_object_or_404(ActionPlanPage, pk=plan_id)
        if not plan.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return xlsx_response(export_plan(plan), f"plan-{plan.number}-{slugify(plan.title)}.xlsx")
