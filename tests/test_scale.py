"""`manage.py generate_scale`: synthetic national-scale content for benchmarks.

Small numbers here; the command's own output reports the times of the real scale.
"""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Task, WorkflowState

from demo.scale import HEAVY_SLUG, spread, unique_slug
from home.models import HomePage
from planes import aggregation, progress, roles
from planes.models import (
    ActionPlanPage,
    Activity,
    CommitmentPage,
    MilestonePage,
    PlanMinutes,
    ProgressUpdate,
)
from tests.helpers import edit_url

pytestmark = pytest.mark.django_db

OPTIONS = {
    "plans": 2,
    "commitments": 4,
    "milestones": 8,
    "evidence": 20,
    "updates": 10,
    "heavy_evidence": 6,
    "pending_submissions": 2,
}
PAGE_MODELS = (ActionPlanPage, CommitmentPage, MilestonePage)


def generate(**options):
    """Run the command; the pages it created, by type, and its output."""
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in PAGE_MODELS}
    out = io.StringIO()
    call_command("generate_scale", stdout=out, **{**OPTIONS, "seed": 3, **options})
    new = {
        model: list(model.objects.exclude(pk__in=before[model]).order_by("path"))
        for model in PAGE_MODELS
    }
    return SimpleNamespace(
        plans=new[ActionPlanPage],
        commitments=new[CommitmentPage],
        milestones=new[MilestonePage],
        output=out.getvalue(),
    )


@pytest.fixture
def scale(demo):
    """The demo (load_demo) plus the generated content: each test pays for load_demo once."""
    return generate()


def evidence_count(milestone) -> int:
    return sum(len(activity.evidence.raw_data) for activity in milestone.activities.all())


def test_generates_valid_published_content(scale):
    check_counts(scale)
    check_tree(scale)
    check_progress(scale)
    check_activities_and_dates(scale)
    check_every_child_is_ordered()
    check_runs_again(scale)


def check_every_child_is_ordered():
    """Demo and generated children all carry a sort_order (NULLs have no defined order)."""
    for model in (Activity, ProgressUpdate, PlanMinutes):
        assert model.objects.exists(), model
        assert not model.objects.filter(sort_order__isnull=True).exists(), model


def test_generated_content_is_public_searchable_and_moderated(client, scale):
    check_public_pages_and_api(client, scale)
    check_search(client, scale)
    check_pending_submissions(scale)
    check_heavy_milestone_admin(client)


def check_counts(scale):
    """The requested numbers of pages, evidence items and updates, under the home page."""
    assert len(scale.plans) == 2
    assert len(scale.commitments) == 4
    assert len(scale.milestones) == 8 + 1  # and the heavy one
    home = HomePage.objects.get()
    assert all(plan.get_parent().pk == home.pk for plan in scale.plans)
    assert [CommitmentPage.objects.child_of(p).count() for p in scale.plans] == [2, 2]
    milestone_ids = [m.pk for m in scale.milestones]
    assert ProgressUpdate.objects.filter(milestone_id__in=milestone_ids).count() == 10
    assert sum(evidence_count(m) for m in scale.milestones) == 20 + 6
    heavy = MilestonePage.objects.get(slug=HEAVY_SLUG.format(count=6))
    assert heavy.pk in milestone_ids
    assert evidence_count(heavy) == 6
    assert "accion-con-6-evidencias" in scale.output


def check_tree(scale):
    """Treebeard and Wagtail find nothing to fix; paths, URLs and publication fields are set."""
    assert Page.find_problems() == ([], [], [], [], [])
    out = io.StringIO()
    call_command("fixtree", interactive=False, stdout=out)
    assert out.getvalue().count("No problems found.") == 2, out.getvalue()
    for page in [*scale.plans, *scale.commitments, *scale.milestones]:
        parent = page.get_parent()
        assert page.url_path == f"{parent.url_path}{page.slug}/"
        assert page.live and not page.expired and page.locale_id == parent.locale_id
        assert page.live_revision_id and page.first_published_at
        assert page.draft_title == page.title
    slugs = [p.slug for p in Page.objects.get(pk=scale.plans[0].pk).get_children()]
    assert len(slugs) == len(set(slugs))


def check_progress(scale):
    """The stored figures are what the pages' own refresh_progress computes."""
    for milestone in scale.milestones:
        statuses = [a.status for a in milestone.activities.all()]
        assert milestone.breakdown == progress.milestone_breakdown(statuses)
        assert milestone.activities_total == len(statuses)
        assert milestone.start_date <= milestone.end_date
    for model, pages, fields in (
        (CommitmentPage, scale.commitments, aggregation.COMMITMENT_FIELDS),
        (ActionPlanPage, scale.plans, aggregation.PLAN_FIELDS),
    ):
        for page in pages:
            stored = {name: getattr(page, name) for name in fields}
            page = model.objects.get(pk=page.pk)
            page.refresh_progress()
            assert stored == {name: getattr(page, name) for name in fields}, page
    assert scale.commitments[0].milestones_total == 3  # two plus the heavy one
    assert scale.plans[0].commitments_total == 2


def check_activities_and_dates(scale):
    """Mixed statuses, evidence on every done activity, dates nested inside their parents'."""
    activities = Activity.objects.filter(milestone__in=scale.milestones)
    statuses = set(activities.values_list("status", flat=True))
    assert len(statuses) >= 3
    for activity in activities:
        if activity.is_done:
            assert len(activity.evidence) >= 1, activity
        milestone = activity.milestone
        assert milestone.start_date <= activity.start_date <= activity.end_date
        assert activity.end_date <= milestone.end_date
    for plan in scale.plans:
        assert (plan.end_date - plan.start_date).days == 729
        for commitment in CommitmentPage.objects.child_of(plan):
            assert plan.start_date <= commitment.start_date <= commitment.end_date
            assert commitment.end_date <= plan.end_date
            assert 60 <= len(commitment.title) <= 120
            assert len(commitment.problem) > 300
            assert commitment.tags.exists() and commitment.lead_institutions.exists()


def check_public_pages_and_api(client, scale):
    heavy = MilestonePage.objects.get(slug=HEAVY_SLUG.format(count=6))
    for page in (scale.plans[0], scale.commitments[0], scale.milestones[1], heavy):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    response = client.get("/api/v2/pages/", {"type": "planes.CommitmentPage"})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 13 + 4  # the demo's and the new ones


def check_search(client, scale):
    commitment = scale.commitments[1]
    word = max(commitment.title.split(), key=len).strip(",.")
    response = client.get("/buscar/", {"q": word})
    assert response.status_code == 200
    found = {page.pk for page in response.context["results"].paginator.object_list}
    generated = {p.pk for p in [*scale.plans, *scale.commitments, *scale.milestones]}
    assert found & generated, word


def check_heavy_milestone_admin(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    heavy = MilestonePage.objects.get(slug=HEAVY_SLUG.format(count=6))
    response = client.get(edit_url(heavy))
    assert response.status_code == 200


def check_pending_submissions(scale):
    """The generated plans' submissions wait for review (the demo's own one is apart)."""
    approver = get_user_model().objects.get(username="aprobadora")
    task = Task.objects.get(name=roles.TASK_NAME).specific
    generated = {str(m.pk) for m in scale.milestones}
    pending = task.get_task_states_user_can_moderate(approver)
    assert sum(str(t.workflow_state.object_id) in generated for t in pending) == 2
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, object_id__in=generated
    )
    assert states.count() == 2
    for state in states:
        page = MilestonePage.objects.get(pk=state.object_id)
        assert page.live and page.has_unpublished_changes
        draft = page.get_latest_revision_as_object()
        assert len(draft.updates.all()) == len(page.updates.all()) + 1


def check_runs_again(scale):
    again = generate(pending_submissions=0)
    assert len(again.plans) == 2
    assert {p.slug for p in again.plans}.isdisjoint({p.slug for p in scale.plans})
    assert Page.find_problems() == ([], [], [], [], [])
    assert HomePage.objects.get().get_children().count() == 2 + 2 + 2  # demo plan, about


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"plans": 0}, "--plans"),
        ({"plans": 3, "commitments": 2}, "--commitments"),
        ({"commitments": 4, "milestones": 3}, "--milestones"),
        ({"evidence": -1}, "--evidence"),
        ({"pending_submissions": 9}, "--pending-submissions"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale", stdout=io.StringIO(), **{**OPTIONS, **options})
    assert not ActionPlanPage.objects.exists()


def test_needs_the_home_page(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_scale", stdout=io.StringIO(), **OPTIONS)


def test_helpers():
    assert spread(10, 3) == [4, 3, 3]
    assert sum(spread(15000, 3000)) == 15000
    taken = {"plan"}
    assert unique_slug("Plan", taken) == "plan-2"
    assert unique_slug("Acción de gobierno abierto", set(), max_length=12) == "accion-de"
