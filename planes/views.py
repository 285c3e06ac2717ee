"""Public directory views: what each institution and organization is responsible for."""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from . import progress
from .models import ActionPlanPage, Institution, Organization
from .queries import annotate_commitment_counts, directory_commitments
from .report import closed_period_of
from .report_pdf import content_version, generate_report_pdf, pdf_name, report_context


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


def _report_subject(request, plan_id: int):
    """The live plan and, with ``?periodo=<id>``, one of its closed periods; anything
    else (another plan's period, an open one, a value that is not an id) is a 404."""
    plan = get_object_or_404(ActionPlanPage.objects.live(), pk=plan_id)
    if "periodo" not in request.GET:
        return plan, None
    period = closed_period_of(plan, request.GET["periodo"])
    if period is None:
        raise Http404("No closed period of this plan")
    return plan, period


def self_assessment_report(request, plan_id: int):
    """The plan's self-assessment report, print-friendly (issue #16): published content
    only, with a table of contents, the generation date and the open-data licence; with
    ``?periodo=<id>``, the figures at that closed period's snapshot."""
    plan, period = _report_subject(request, plan_id)
    return render(request, "planes/self_assessment_report.html", report_context(plan, period))


#: Seconds a queued PDF generation keeps others from queueing the same one.
PDF_QUEUED_FOR = 600


def self_assessment_pdf(request, plan_id: int):
    """The report as PDF: the stored file for the plan's current content, else its
    generation is queued and a Spanish «se está generando» page answers (202)."""
    plan, period = _report_subject(request, plan_id)
    version = content_version(plan)
    name = pdf_name(plan, version, period)
    queue = not default_storage.exists(name)
    if queue and cache.add(f"report-pdf:{name}", True, PDF_QUEUED_FOR):
        generate_report_pdf.enqueue(plan.pk, version, period.pk if period else None)
    if default_storage.exists(name):  # already there, or made now by the immediate backend
        suffix = f"-periodo-{period.pk}" if period else ""
        filename = f"informe-autoevaluacion-{plan.slug}{suffix}.pdf"
        return FileResponse(
            default_storage.open(name, "rb"), content_type="application/pdf", filename=filename
        )
    response = render(
        request,
        "planes/self_assessment_pending.html",
        {"plan": plan, "period": period, "retry": 10},
        status=202,
    )
    response["Retry-After"] = "10"
    return response
