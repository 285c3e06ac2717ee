"""The self-assessment report of a plan (issue #16): /informes/<plan id>/."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.factories import CommitmentPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def report_url(plan) -> str:
    return reverse("planes:self_assessment", args=[plan.pk])


def test_report_names_every_published_commitment_and_hides_drafts(client, public_plan):
    response = client.get(report_url(public_plan.plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert public_plan.plan.title in html
    for commitment in (public_plan.first, public_plan.second):
        assert commitment.title in html
        assert commitment.ogp_id in html
        assert f'href="#compromiso-{commitment.pk}"' in html  # the table of contents
    assert "Secretaría de la Función Pública" in html
    assert "Gestión Social y Cooperación" in html
    assert public_plan.doc.url in html  # evidence with its public link
    assert "Padrón al día" in html  # an update
    assert "Licencia" in html and "CC-BY-4.0" in html
    assert "counter(page)" in html  # page numbers when printed
    for draft in ("Borrador secreto", "Acción en borrador", "No publicado", "Título en revisión"):
        assert draft not in html
    assert public_plan.draft_doc.url not in html


def test_unknown_or_draft_plan_is_a_404(client, public_plan):
    assert client.get("/informes/999999/").status_code == 404


def test_report_queries_do_not_grow_with_the_plan(
    client, public_plan, django_assert_max_num_queries
):
    url = report_url(public_plan.plan)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    for number in range(10, 20):
        publish(CommitmentPageFactory(parent=public_plan.plan, number=number))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_plan_page_and_open_data_page_link_the_report(client, public_plan):
    url = report_url(public_plan.plan)
    assert f'href="{url}"' in client.get(public_plan.plan.url).content.decode()
    assert f'href="{url}"' in client.get("/datos/").content.decode()


def pdf_text(content: bytes) -> tuple[str, int]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def requires_weasyprint():
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # Pango and friends missing (see .ci/run, Makefile)
        pytest.skip(f"WeasyPrint sin sus bibliotecas del sistema: {error}")


def test_pdf_names_every_commitment_and_has_page_numbers(client, public_plan):
    requires_weasyprint()
    response = client.get(reverse("planes:self_assessment_pdf", args=[public_plan.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(b"".join(response.streaming_content))
    assert public_plan.plan.title in text
    for commitment in (public_plan.first, public_plan.second):
        assert commitment.ogp_id in text
    assert f"Página 1 de {pages}" in text
    assert "Borrador secreto" not in text


def test_pdf_is_queued_with_the_database_backend_then_served(
    client, public_plan, settings, monkeypatch
):
    requires_weasyprint()
    # The worker closes stale connections between tasks; here that would be the test's own
    # transaction (PostgreSQL), so that housekeeping alone is left out (as test_queued_mail).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("planes:self_assessment_pdf", args=[public_plan.plan.pk])
    pending = client.get(url)
    assert pending.status_code == 202
    assert pending["Retry-After"]
    assert "El informe se está generando" in pending.content.decode()
    assert client.get(url).status_code == 202  # queued once, still pending
    call_command("db_worker", batch=True, verbosity=0)
    served = client.get(url)
    assert served.status_code == 200
    text, _pages = pdf_text(b"".join(served.streaming_content))
    assert public_plan.first.ogp_id in text


# The report of a closed period: ?periodo=<id> --------------------------------------
def closed(plan, name="Semestre 1", start=(2019, 9, 1), end=(2020, 2, 29)):
    import datetime

    from planes.models import ReportingPeriod
    from planes.periods import close_period

    period = ReportingPeriod.objects.create(
        plan=plan, name=name, start_date=datetime.date(*start), end_date=datetime.date(*end)
    )
    close_period(period)
    return ReportingPeriod.objects.get(pk=period.pk)


def test_a_closed_periods_report_shows_its_snapshot(client, public_plan):
    import datetime

    from planes.choices import ActivityStatus as S
    from planes.models import CivilSocietyAssessment, MilestonePage

    assessment = CivilSocietyAssessment(
        milestone=public_plan.on_track,
        organization=public_plan.gesoc,
        stance="partly",
        completion_level="limited",
        date=datetime.date(2020, 1, 5),
        comment="<p>Vamos a medias</p>",
    )
    assessment.save()
    assessment.save_revision().publish()
    period = closed(public_plan.plan)
    # After the close: the milestone completes and civil society changes its mind.
    fresh = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    for activity in fresh.activities.all():
        activity.status = S.VERIFIED
        activity.save()
    publish(fresh)
    assessment.stance = "agree"
    assessment.save_revision().publish()
    publish(CommitmentPageFactory(parent=public_plan.plan, number=7, title="Compromiso posterior"))

    url = report_url(public_plan.plan)
    today = client.get(url).content.decode()
    assert "Compromiso posterior" in today
    assert "Completo (100 %)" in today  # the milestone today
    assert f'href="{url}?periodo={period.pk}"' in today  # links each closed period's report

    response = client.get(url, {"periodo": period.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Semestre 1" in html[: html.index("</h1>")]  # titled with the period
    assert "Avance al cierre del periodo «Semestre 1»" in html
    on_track = html[html.index("Padrón publicado") :]
    assert "Sustancial (50 %)" in on_track[:400]  # the snapshot's, not today's 100 %
    assert "Gestión Social y Cooperación (Parcialmente de acuerdo" in html
    assert "Compromiso posterior" not in html  # published after the close
    first = html[html.index(public_plan.first.title) :]
    assert "con desacuerdo: 0; con acuerdo parcial: 1" in first
    assert public_plan.doc.url not in html  # its evidence is dated after the period
    assert "Borrador secreto" not in html
    plan_page = client.get(public_plan.plan.url).content.decode()
    assert f'href="{url}?periodo={period.pk}"' in plan_page


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "99999999999999999999999", "٣"])
def test_a_malformed_period_is_a_404(client, public_plan, value):
    closed(public_plan.plan)
    url = report_url(public_plan.plan)
    assert client.get(url, {"periodo": value}).status_code == 404
    pdf = reverse("planes:self_assessment_pdf", args=[public_plan.plan.pk])
    assert client.get(pdf, {"periodo": value}).status_code == 404


def test_another_plans_or_an_open_period_is_a_404(client, public_plan, home):
    import datetime

    from demo.factories import ActionPlanPageFactory
    from planes.models import ReportingPeriod

    other_plan = publish(ActionPlanPageFactory(parent=home, title="Otro plan", number=5))
    foreign = closed(other_plan)
    open_period = ReportingPeriod.objects.create(
        plan=public_plan.plan,
        name="Abierto",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 6, 30),
    )
    url = report_url(public_plan.plan)
    for period in (foreign, open_period):
        assert client.get(url, {"periodo": period.pk}).status_code == 404
    assert client.get(url, {"periodo": 999999}).status_code == 404
    assert client.get(report_url(other_plan), {"periodo": foreign.pk}).status_code == 200


def test_a_periods_report_queries_do_not_grow_with_the_plan(
    client, public_plan, django_assert_max_num_queries
):
    for number in range(10, 13):
        publish(CommitmentPageFactory(parent=public_plan.plan, number=number))
    period = closed(public_plan.plan)
    url = report_url(public_plan.plan)
    with django_assert_max_num_queries(30) as small:
        client.get(url, {"periodo": period.pk})
    for number in range(20, 30):
        publish(CommitmentPageFactory(parent=public_plan.plan, number=number))
    later = closed(public_plan.plan, "Semestre 2", (2020, 3, 1), (2020, 8, 31))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, {"periodo": later.pk}).status_code == 200


def test_a_periods_pdf_is_titled_with_the_period(client, public_plan):
    requires_weasyprint()
    period = closed(public_plan.plan)
    pdf = reverse("planes:self_assessment_pdf", args=[public_plan.plan.pk])
    response = client.get(pdf, {"periodo": period.pk})
    assert response.status_code == 200
    assert f"periodo-{period.pk}" in response["Content-Disposition"]
    text, pages = pdf_text(b"".join(response.streaming_content))
    assert "Semestre 1" in text and "Avance al cierre del periodo" in text
    assert f"Página 1 de {pages}" in text


# Old PDFs do not pile up: generating a new version deletes the old one; a command
# deletes whatever no longer matches the published content. ---------------------------
def test_a_new_pdf_version_replaces_the_old_one(client, public_plan):
    from django.core.files.storage import default_storage

    from planes.report_pdf import content_version, pdf_name

    requires_weasyprint()
    plan = public_plan.plan
    period = closed(plan)
    url = reverse("planes:self_assessment_pdf", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert client.get(url, {"periodo": period.pk}).status_code == 200
    old = pdf_name(plan, content_version(plan))
    old_period = pdf_name(plan, content_version(plan), period)
    assert default_storage.exists(old) and default_storage.exists(old_period)
    publish(CommitmentPageFactory(parent=plan, number=8, title="Compromiso nuevo"))
    assert client.get(url).status_code == 200
    new = pdf_name(plan, content_version(plan))
    assert new != old and default_storage.exists(new)
    assert not default_storage.exists(old)
    assert default_storage.exists(old_period)  # another report: pruned when it is remade
    assert client.get(url, {"periodo": period.pk}).status_code == 200
    assert not default_storage.exists(old_period)


def test_the_command_deletes_outdated_pdfs_only(public_plan):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from planes.report_pdf import content_version, pdf_name

    plan = public_plan.plan
    period = closed(plan)
    version = content_version(plan)
    current = [pdf_name(plan, version), pdf_name(plan, version, period)]
    outdated = [
        f"informes/autoevaluacion-plan-{plan.pk}-0123456789abcdef.pdf",
        f"informes/autoevaluacion-plan-{plan.pk}-periodo-{period.pk}-0123456789abcdef.pdf",
        "informes/autoevaluacion-plan-999999-0123456789abcdef.pdf",  # a plan that is gone
    ]
    other = "informes/notas.txt"  # not a report: left alone
    for name in [*current, *outdated, other]:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"%PDF-1.7"))
    out = io.StringIO()
    call_command("prune_report_pdfs", "--dry-run", stdout=out)
    assert all(name in out.getvalue() for name in outdated)
    assert all(default_storage.exists(name) for name in outdated)
    out = io.StringIO()
    call_command("prune_report_pdfs", stdout=out)
    assert all(not default_storage.exists(name) for name in outdated)
    assert all(default_storage.exists(name) for name in current)
    assert default_storage.exists(other)
    assert "PDF desactualizados borrados" in out.getvalue()
    default_storage.delete(other)
