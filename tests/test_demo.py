"""The demo content: Mexico's Fourth Plan, loaded by `manage.py load_demo`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from planes.models import (
    ActionPlanPage,
    Activity,
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentPage,
    GovernmentResponse,
    Institution,
    Membership,
    MilestonePage,
    Organization,
)
from tests.accounts import sign_in, signed_in
from tests.helpers import edit_url

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "documents": get_document_model().objects.count(),
        "activities": Activity.objects.count(),
        "institutions": Institution.objects.count(),
        "organizations": Organization.objects.count(),
        "users": get_user_model().objects.count(),
        "assignments": CommitmentAssignment.objects.count(),
        "memberships": Membership.objects.count(),
        "assessments": CivilSocietyAssessment.objects.count(),
        "responses": GovernmentResponse.objects.count(),
    }


def test_load_demo_builds_the_fourth_plan(demo):
    plan = ActionPlanPage.objects.get()
    assert plan.live and "Cuarto Plan" in plan.title
    commitments = CommitmentPage.objects.child_of(plan).live().order_by("number")
    assert [c.number for c in commitments] == list(range(1, 14))
    assert [c.ogp_id for c in commitments] == [f"MX{n:04d}" for n in range(75, 88)]
    for commitment in commitments:
        assert commitment.milestones_total >= 2, commitment
    assert sum(1 for c in commitments if c.progress > 0) >= 10
    assert 0 < plan.progress < 100
    assert plan.commitments_total == 13
    sfp = Institution.objects.get(acronym="SFP")
    assert sfp.commitments.filter(number=1).exists()
    assert [c.number for c in commitments if c.progress == 100] == [2, 10]
    check_figures_agree_with_the_rules()


def check_figures_agree_with_the_rules():
    from planes import progress

    for milestone in MilestonePage.objects.all():
        expected = progress.milestone_breakdown([a.status for a in milestone.activities.all()])
        assert milestone.breakdown == expected
    for commitment in CommitmentPage.objects.all():
        items = [(m.breakdown, m.weight) for m in MilestonePage.objects.child_of(commitment).live()]
        assert commitment.breakdown == progress.weighted_breakdown(items)


def test_demo_gives_milestones_the_voice_of_their_organizations(client, demo):
    """Published assessments by real co-responsible organizations: agreement, partial
    agreement and disagreements, some answered; each marked illustrative."""
    assessments = list(CivilSocietyAssessment.objects.published().select_related("milestone"))
    stances = [a.stance for a in assessments]
    assert stances.count("agree") >= 1 and stances.count("partly") >= 1
    assert stances.count("disagree") >= 2
    for assessment in assessments:
        responsible = assessment.milestone.co_responsible_organizations()
        assert responsible.filter(pk=assessment.organization_id).exists(), assessment
        assert "ilustrativa" in assessment.comment
        assert assessment.revisions.exists()
    responses = GovernmentResponse.objects.published()
    assert responses.count() >= 2
    assert {r.assessment.stance for r in responses} >= {"disagree"}
    members = dict(Membership.objects.values_list("user__username", "institution__acronym"))
    assert members["gobierno"] == "SFP"
    assert Membership.objects.get(user__username="sociedad").organization.acronym == "GESOC"
    disagreement = next(a for a in assessments if a.stance == "disagree" and hasattr(a, "response"))
    page = client.get(disagreement.milestone.url).content.decode()
    assert "en desacuerdo con el informe del gobierno" in page
    assert "Respuesta del gobierno" in page


def test_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "tablero-aprobadora" in out.getvalue()


def test_load_demo_if_empty_skips_when_content_exists(demo):
    out = io.StringIO()
    before = snapshot()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "no se carga" in out.getvalue()
    assert snapshot() == before


def check_demo_accounts_can_log_in(client):
    for username, password in (
        ("admin", "tablero-admin"),
        ("aprobadora", "tablero-aprobadora"),
        ("gobierno", "tablero-gobierno"),
        ("sociedad", "tablero-sociedad"),
    ):
        assert sign_in(client, username, password).status_code == 302, username
        assert signed_in(client), username
        client.logout()


def check_public_pages_answer(client):
    home = client.get("/")
    assert home.status_code == 200
    assert "Cuarto Plan" in home.content.decode()

    plan = ActionPlanPage.objects.get()
    response = client.get(plan.url)
    assert response.status_code == 200
    content = response.content.decode()
    for commitment in CommitmentPage.objects.child_of(plan):
        assert commitment.title in content

    commitment = CommitmentPage.objects.get(number=1)
    assert client.get(commitment.url).status_code == 200
    milestone = MilestonePage.objects.child_of(commitment).first()
    response = client.get(milestone.url)
    assert response.status_code == 200
    assert milestone.title in response.content.decode()

    about = client.get("/acerca/")
    assert about.status_code == 200
    assert "ilustrativos" in about.content.decode()
    assert "Nivel de cumplimiento" in about.content.decode()


def check_evidence_documents_download(client):
    document = get_document_model().objects.filter(file__endswith=".pdf").first()
    response = client.get(document.url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


def check_admin_edit_pages_answer(client, demo):
    sign_in(client, "admin", "tablero-admin")
    plan = ActionPlanPage.objects.get()
    commitment = CommitmentPage.objects.get(number=1)
    milestone = MilestonePage.objects.child_of(commitment).first()
    for page in (demo, plan, commitment, milestone, Page.objects.get(slug="acerca")):
        assert client.get(edit_url(page)).status_code == 200, page
    for model in ("institution", "organization", "commitmentassignment"):
        assert client.get(reverse(f"planes_{model}_modeladmin_index")).status_code == 200, model


def test_demo_site_public_pages_accounts_and_admin(client, demo):
    """One demo load, several read-only checks (each load takes seconds)."""
    check_public_pages_answer(client)
    check_evidence_documents_download(client)
    check_demo_accounts_can_log_in(client)
    check_admin_edit_pages_answer(client, demo)


def test_the_demos_history_marks_nothing_as_reported_late(demo, client):
    """The demo's periods close in the past while its content is published at load time:
    each evidence item and update counts as published on its own date, so nothing the
    demo reports on time is marked «informado después del cierre»."""
    from planes.history import late_evidence_ids, late_update_ids
    from planes.models import EvidencePublication, ReportingPeriod
    from planes.queries import evidence_by_milestone

    plan = ActionPlanPage.objects.get()
    assert ReportingPeriod.objects.filter(plan=plan, status="closed").count() == 3
    assert EvidencePublication.objects.filter(first_published_at__isnull=False).exists()
    milestones = list(MilestonePage.objects.live().descendant_of(plan))
    evidence = evidence_by_milestone(milestones)
    assert sum(len(items) for items in evidence.values()) > 100
    assert late_evidence_ids(plan, evidence) == set()
    updates = [u for m in milestones for u in m.updates.all()]
    assert updates and late_update_ids(plan, updates) == set()
    for commitment in CommitmentPage.objects.live().child_of(plan):
        page = client.get(commitment.url).content.decode()
        assert "informado después del cierre" not in page, commitment.title
    for milestone in milestones[:10]:
        page = client.get(milestone.url).content.decode()
        assert "informado después del cierre" not in page, milestone.title
