"""Stored progress figures follow the rules and only count published content."""

import datetime

import pytest

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    MilestonePageFactory,
    activity,
)
from planes.choices import ActivityStatus as S
from planes.models import ActionPlanPage, CommitmentPage, MilestonePage
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home):
    return ActionPlanPageFactory(parent=home)


@pytest.fixture
def commitment(plan):
    return CommitmentPageFactory(parent=plan)


def test_milestone_figures_are_stored_on_save(commitment):
    milestone = MilestonePageFactory(
        parent=commitment,
        activities=[
            activity(S.VERIFIED),
            activity(S.COMPLETED),
            activity(S.IN_PROGRESS),
            activity(),
        ],
    )
    stored = MilestonePage.objects.get(pk=milestone.pk)
    assert stored.progress == 50
    assert (
        stored.pct_verified,
        stored.pct_completed,
        stored.pct_in_progress,
        stored.pct_not_started,
    ) == (
        25,
        25,
        25,
        25,
    )
    assert (stored.activities_done, stored.activities_total) == (2, 4)


def test_publishing_a_milestone_updates_commitment_and_plan(plan, commitment):
    done = MilestonePageFactory(parent=commitment, weight=3, activities=[activity(S.COMPLETED)])
    MilestonePageFactory(parent=commitment, weight=1, activities=[activity(S.NOT_STARTED)])
    publish(done)

    commitment = CommitmentPage.objects.get(pk=commitment.pk)
    assert commitment.progress == 75
    assert (commitment.milestones_done, commitment.milestones_total) == (1, 2)
    assert ActionPlanPage.objects.get(pk=plan.pk).progress == 75


def test_draft_changes_do_not_count_until_published(plan, commitment):
    milestone = publish(
        MilestonePageFactory(parent=commitment, activities=[activity(S.IN_PROGRESS)])
    )
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 0

    draft = MilestonePage.objects.get(pk=milestone.pk)
    draft.activities = [activity(S.COMPLETED)]
    revision = draft.save_revision()
    assert MilestonePage.objects.get(pk=milestone.pk).progress == 0
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 0

    revision.publish()
    assert MilestonePage.objects.get(pk=milestone.pk).progress == 100
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 100
    assert ActionPlanPage.objects.get(pk=plan.pk).progress == 100


def test_unpublishing_and_deleting_milestones_recompute(plan, commitment):
    done = MilestonePageFactory(parent=commitment, activities=[activity(S.COMPLETED)])
    todo = MilestonePageFactory(parent=commitment, activities=[activity()])
    publish(done)
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 50

    todo.unpublish()
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 100

    MilestonePage.objects.get(pk=done.pk).delete()
    commitment = CommitmentPage.objects.get(pk=commitment.pk)
    assert commitment.progress == 0
    assert commitment.milestones_total == 0


def test_moving_a_milestone_recomputes_both_commitments(plan, commitment):
    other = CommitmentPageFactory(parent=plan)
    milestone = publish(MilestonePageFactory(parent=commitment, activities=[activity(S.COMPLETED)]))
    milestone.move(other, pos="last-child")
    assert CommitmentPage.objects.get(pk=commitment.pk).progress == 0
    assert CommitmentPage.objects.get(pk=other.pk).progress == 100


def test_commitment_is_delayed_when_a_published_milestone_is_late(commitment):
    late = publish(
        MilestonePageFactory(
            parent=commitment,
            end_date=datetime.date(2020, 1, 31),
            activities=[activity(S.IN_PROGRESS)],
        )
    )
    commitment = CommitmentPage.objects.get(pk=commitment.pk)
    assert commitment.pending_end_date == datetime.date(2020, 1, 31)
    assert commitment.is_delayed(today=datetime.date(2020, 2, 1))
    assert not commitment.is_delayed(today=datetime.date(2020, 1, 31))
    assert MilestonePage.objects.get(pk=late.pk).is_delayed(today=datetime.date(2020, 2, 1))
