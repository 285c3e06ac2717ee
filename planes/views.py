"""Public directory views: what each institution and organization is responsible for."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from . import progress
from .models import ActionPlanPage, Institution, Organization
from .queries import annotate_commitment_counts, directory_commitments
from .report import open_data_license, report_commitments


class InstitutionListView(ListView):
    template_name = "planes/directory_list.html"
    context_object_name = "entries"
    extra_context = {"kind": "institution"}

    def get_queryset(self):
        return annotate_commitment_counts(Institution.objects.all()).order_by("name")


class OrganizationListView(InstitutionListView):
    extra_context = {"kind": "organization"}

    def get_queryset(self):
        return annotate_commitment_counts(Organization.objects.all()).order_by("name")


class InstitutionDetailView(DetailView):
    model = Institution
    template_name = "planes/directory_detail.html"
    context_object_name = "entry"
    commitment_field = "lead_institutions"
    kind = "institution"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        commitments = directory_commitments(self.commitment_field, self.object)
        context["commitments"] = commitments
        context["overall"] = progress.mean_breakdown(c.breakdown for c in commitments)
        return context


class OrganizationDetailView(InstitutionDetailView):
    model = Organization
    commitment_field = "organizations"
    kind = "organization"


def self_assessment_report(request, plan_id: int):
    """The plan's self-assessment report, print-friendly (issue #16): published content
    only, with a table of contents, the generation date and the open-data licence."""
    plan = get_object_or_404(ActionPlanPage.objects.live(), pk=plan_id)
    context = {
        "plan": plan,
        "commitments": report_commitments(plan),
        "generated_at": timezone.now(),
        "license": open_data_license(),
    }
    return render(request, "planes/self_assessment_report.html", context)
