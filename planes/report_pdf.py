"""The self-assessment report as PDF (WeasyPrint), made in the background (django-tasks)
and kept in the default storage under the plan's content version: a request serves the
stored file or queues its generation, never waits for a long render."""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from .models import ActionPlanPage, CivilSocietyAssessment, GovernmentResponse
from .models.periods import ReportingPeriod
from .report import closed_periods_of, open_data_license, report_commitments

#: Where the PDFs are kept in the default storage, and how each file is named there.
PDF_DIR = "informes"
PDF_FILE = re.compile(
    r"autoevaluacion-plan-(?P<plan>\d+)(?:-periodo-(?P<period>\d+))?-(?P<version>[0-9a-f]{16})\.pdf"
)
#: The PDF's own template: compact, with simple CSS that WeasyPrint lays out quickly.
PDF_TEMPLATE = "planes/self_assessment_report_pdf.html"
#: ``prune_pdfs``: any period (or none).
ANY = object()


class StoredPdf(NamedTuple):
    name: str
    plan_id: int
    period_id: int | None
    version: str


def report_context(plan, period: ReportingPeriod | None = None) -> dict:
    """The report of the plan today, or at a closed ``period``'s snapshot."""
    return {
        "plan": plan,
        "period": period,
        "periods": closed_periods_of(plan),
        "commitments": report_commitments(plan, period),
        "generated_at": timezone.now(),
        "license": open_data_license(),
    }


def content_version(plan) -> str:
    """Changes whenever anything the report shows is published, or a period closes."""
    pages = Page.objects.filter(path__startswith=plan.path).aggregate(m=Max("last_published_at"))
    under = {"milestone__path__startswith": plan.path}
    voices = CivilSocietyAssessment.objects.filter(**under).aggregate(m=Max("last_published_at"))
    answers = GovernmentResponse.objects.filter(
        assessment__milestone__path__startswith=plan.path
    ).aggregate(m=Max("last_published_at"))
    periods = ReportingPeriod.objects.filter(plan=plan).aggregate(m=Max("closed_at"))
    parts = [plan.pk, pages["m"], voices["m"], answers["m"], periods["m"], settings.LANGUAGE_CODE]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def pdf_name(plan, version: str, period: ReportingPeriod | None = None) -> str:
    kind = f"{plan.pk}-periodo-{period.pk}" if period is not None else f"{plan.pk}"
    return f"{PDF_DIR}/autoevaluacion-plan-{kind}-{version}.pdf"


def render_pdf(plan, period: ReportingPeriod | None = None) -> bytes:
    from weasyprint import HTML  # needs Pango (system libraries): imported when used

    html = render_to_string(PDF_TEMPLATE, report_context(plan, period))
    return HTML(string=html, base_url=settings.WAGTAILADMIN_BASE_URL).write_pdf()


@task()
def generate_report_pdf(plan_id: int, version: str, period_id: int | None = None) -> str:
    """Render the plan's report (or a closed period's) to PDF, store it under
    ``version`` and delete the same report's older versions."""
    plan = ActionPlanPage.objects.live().get(pk=plan_id)
    period = None
    if period_id is not None:
        period = ReportingPeriod.objects.get(plan=plan, pk=period_id)
    name = pdf_name(plan, version, period)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_pdf(plan, period)))
    prune_pdfs(keep={name}, plan_id=plan.pk, period_id=period_id)
    return name


def stored_pdfs() -> list[StoredPdf]:
    """The report PDFs in the storage, by plan, period and version."""
    try:
        _dirs, files = default_storage.listdir(PDF_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for filename in files:
        match = PDF_FILE.fullmatch(filename)
        if match:
            period = match["period"]
            found.append(
                StoredPdf(
                    name=f"{PDF_DIR}/{filename}",
                    plan_id=int(match["plan"]),
                    period_id=int(period) if period else None,
                    version=match["version"],
                )
            )
    return found


def prune_pdfs(keep: set[str], plan_id: int | None = None, period_id=ANY) -> list[str]:
    """Delete stored report PDFs not in ``keep`` (only a plan's, and only one period's or
    the plan's own report, when given); returns the names deleted."""
    deleted = []
    for pdf in stored_pdfs():
        if pdf.name in keep:
            continue
        if plan_id is not None and pdf.plan_id != plan_id:
            continue
        if period_id is not ANY and pdf.period_id != period_id:
            continue
        default_storage.delete(pdf.name)
        deleted.append(pdf.name)
    return deleted


def current_pdf_names() -> set[str]:
    """The names of the PDFs that the current content of every live plan (and each of
    its closed periods) would be served from; any other stored report is outdated."""
    names = set()
    for plan in ActionPlanPage.objects.live():
        version = content_version(plan)
        names.add(pdf_name(plan, version))
        for period in closed_periods_of(plan):
            names.add(pdf_name(plan, version, period))
    return names
