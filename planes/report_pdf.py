"""The self-assessment report as PDF (WeasyPrint), made in the background (django-tasks)
and kept in the default storage under the plan's content version: a request serves the
stored file or queues its generation, never waits for a long render."""

from __future__ import annotations

import hashlib

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
from .report import open_data_license, report_commitments


def report_context(plan) -> dict:
    return {
        "plan": plan,
        "commitments": report_commitments(plan),
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


def pdf_name(plan, version: str) -> str:
    return f"informes/autoevaluacion-plan-{plan.pk}-{version}.pdf"


def render_pdf(plan) -> bytes:
    from weasyprint import HTML  # needs Pango (system libraries): imported when used

    html = render_to_string("planes/self_assessment_report.html", report_context(plan))
    return HTML(string=html, base_url=settings.WAGTAILADMIN_BASE_URL).write_pdf()


@task()
def generate_report_pdf(plan_id: int, version: str) -> str:
    """Render the plan's report to PDF and store it under ``version``."""
    plan = ActionPlanPage.objects.live().get(pk=plan_id)
    name = pdf_name(plan, version)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_pdf(plan)))
    return name
