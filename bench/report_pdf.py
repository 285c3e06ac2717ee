"""How long the self-assessment PDF of a plan takes: `bench/report_pdf.py PLAN_ID [--old]`.

Run against a database with a large plan, for example a throwaway SQLite one::

    export DATABASE_URL=sqlite:////tmp/escala.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py setup_roles
    .venv/bin/python manage.py load_demo && .venv/bin/python manage.py generate_scale --plans 1
    .venv/bin/python bench/report_pdf.py PLAN_ID

Times the context's queries, the HTML and WeasyPrint's layout and writing, and prints the
pages and bytes of the PDF. ``--old`` lays out the printable HTML report instead of the
PDF's own template (how the PDF was made before), for a before/after comparison;
``--period ID`` a closed period's report.
"""

import argparse
import io
import logging
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no line per page

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from planes.models import ActionPlanPage, ReportingPeriod  # noqa: E402
from planes.report_pdf import PDF_TEMPLATE, report_context  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan_id", type=int)
    parser.add_argument("--old", action="store_true")
    parser.add_argument("--period", type=int)
    args = parser.parse_args()
    from pypdf import PdfReader
    from weasyprint import HTML

    plan = ActionPlanPage.objects.get(pk=args.plan_id)
    period = ReportingPeriod.objects.get(pk=args.period) if args.period else None
    template = "planes/self_assessment_report.html" if args.old else PDF_TEMPLATE
    started = time.perf_counter()
    context = report_context(plan, period)
    html = render_to_string(template, context)
    rendered = time.perf_counter()
    document = HTML(string=html, base_url=settings.WAGTAILADMIN_BASE_URL).render()
    laid_out = time.perf_counter()
    pdf = document.write_pdf()
    done = time.perf_counter()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"plan {plan.pk} ({len(context['commitments'])} compromisos), {template}: "
        f"HTML {rendered - started:.1f} s ({len(html) / 1e6:.1f} MB); "
        f"PDF {done - rendered:.1f} s (maquetar {laid_out - rendered:.1f} s, "
        f"escribir {done - laid_out:.1f} s), {pages} páginas, {len(pdf) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
