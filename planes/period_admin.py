"""The admin of reporting periods: Wagtail's model viewset, plus close, reopen and
generate (planes/periods.py does the work; every step is in the audit log)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import ReportingPeriodForm
from .models import ActionPlanPage, ReportingPeriod
from .periods import (
    FREQUENCIES,
    close_period,
    generate_periods,
    overlapping_periods,
    reopen_period,
)

CLOSE_PERMISSION = "planes.close_reportingperiod"
REOPEN_PERMISSION = "planes.reopen_reportingperiod"


class PeriodPermissionPolicy(ModelPermissionPolicy):
    """A closed period's dates are history: it is neither edited nor deleted (an
    administrator reopens it first)."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.is_closed:
            actions = [action for action in actions if action not in ("change", "delete")]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class PeriodDeleteView(DeleteView):
    """Wagtail's delete view asks only for the model permission: ask about this period."""

    def get_object(self, queryset=None):
        period = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", period
        ):
            raise PermissionDenied
        return period


class PeriodEditView(EditView):
    """A closed period's dates are history: instead of a form that could only be refused,
    back to the listing with a message saying why (the form refuses it too)."""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_closed and self.permission_policy.user_has_permission(
            request.user, "change"
        ):
            messages.warning(
                request,
                gettext(
                    "El periodo «%(name)s» está cerrado y no se edita: una persona "
                    "administradora debe reabrirlo primero."
                )
                % {"name": self.object.name},
            )
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class PeriodIndexView(IndexView):
    def viewset_url(self, name: str, *args) -> str:
        namespace = self.index_url_name.split(":")[0]
        return reverse(f"{namespace}:{name}", args=args)

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        user = self.request.user
        if not instance.is_closed and user.has_perm(CLOSE_PERMISSION):
            url = self.viewset_url("close", instance.pk)
            buttons.insert(0, ListingButton(_("Cerrar periodo"), url=url, icon_name="lock"))
        if instance.is_closed and user.has_perm(REOPEN_PERMISSION):
            url = self.viewset_url("reopen", instance.pk)
            buttons.insert(0, ListingButton(_("Reabrir"), url=url, icon_name="lock-open"))
        return buttons

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("planes.add_reportingperiod"):
            url = self.viewset_url("generate")
            buttons.append(
                ListingButton(_("Generar periodos de un plan"), url=url, icon_name="date")
            )
        return buttons


class PeriodOperationView(WagtailAdminTemplateMixin, BaseObjectMixin, FormView):
    """Confirm, then close or reopen a period; a refused operation says why."""

    model = ReportingPeriod
    permission = ""
    template_name = "planes/admin/period_operation.html"
    form_class = forms.Form
    header_icon = "date"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            period=self.object,
            index_url=reverse(self.viewset.get_url_name("index")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.operate()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(self.viewset.get_url_name("index"))


class ClosePeriodView(PeriodOperationView):
    permission = CLOSE_PERMISSION
    page_title = _("Cerrar periodo")

    def operate(self):
        pages = close_period(self.object, self.request.user)
        messages.success(
            self.request,
            _("Periodo «%(name)s» cerrado: se guardaron las cifras publicadas de %(n)s páginas.")
            % {"name": self.object.name, "n": pages},
        )


class ReopenPeriodView(PeriodOperationView):
    permission = REOPEN_PERMISSION
    page_title = _("Reabrir periodo")

    def operate(self):
        reopen_period(self.object, self.request.user)
        messages.success(
            self.request,
            _("Periodo «%(name)s» reabierto. Al cerrarlo de nuevo se tomará otra fotografía.")
            % {"name": self.object.name},
        )


class GenerateForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=ActionPlanPage.objects.order_by("-number")
    )
    months = forms.TypedChoiceField(
        label=_("Frecuencia"),
        coerce=int,
        choices=[(months, label) for months, label in FREQUENCIES.items()],
        initial=6,
    )
    report_days = forms.IntegerField(
        label=_("Días para informar tras el fin de cada periodo"),
        min_value=0,
        max_value=365,
        initial=30,
    )


class GeneratePeriodsView(WagtailAdminTemplateMixin, FormView):
    template_name = "planes/admin/period_generate.html"
    form_class = GenerateForm
    page_title = _("Generar periodos de un plan")
    header_icon = "date"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("planes.add_reportingperiod"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        plan = form.cleaned_data["plan"]
        existing = overlapping_periods(plan)
        try:
            created = generate_periods(
                plan,
                months=form.cleaned_data["months"],
                report_days=form.cleaned_data["report_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        n = len(created)
        if n:
            text = ngettext("Se creó %(n)s periodo.", "Se crearon %(n)s periodos.", n) % {"n": n}
        else:
            text = gettext("No se creó ningún periodo: las fechas del plan ya están cubiertas.")
        if existing:
            text += " " + gettext(
                "Los días que ya cubrían %(periods)s se dejaron como estaban (los periodos "
                "nuevos no se cruzan con ellos)."
            ) % {"periods": ", ".join(f"«{p}»" for p in existing)}
        messages.success(self.request, text)
        return redirect(self.viewset.get_url_name("index"))


class ReportingPeriodViewSet(ModelViewSet):
    model = ReportingPeriod
    icon = "date"
    menu_label = _("Periodos de reporte")
    menu_order = 260
    add_to_admin_menu = True
    form_fields = ["plan", "name", "start_date", "end_date", "due_date"]
    list_display = [
        "name",
        "plan",
        "start_date",
        "end_date",
        "due_date",
        Column("get_status_display", label=_("Estado")),
    ]
    list_filter = ["plan", "status"]
    index_view_class = PeriodIndexView
    delete_view_class = PeriodDeleteView
    edit_view_class = PeriodEditView

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=ReportingPeriodForm, fields=self.form_fields)

    def get_urlpatterns(self):
        views = {"close": ClosePeriodView, "reopen": ReopenPeriodView}
        return super().get_urlpatterns() + [
            *[
                path(f"{name}/<int:pk>/", view.as_view(viewset=self), name=name)
                for name, view in views.items()
            ],
            path("generar/", GeneratePeriodsView.as_view(viewset=self), name="generate"),
        ]
