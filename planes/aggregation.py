"""Keep the stored figures of commitments and plans in step with published content.

A commitment's figures come from its live milestones and a plan's from its live
commitments (planes/progress.py). They are recomputed when a page is saved and,
through the receivers in planes/signal_handlers.py, when a child is published,
unpublished, moved or deleted. The recomputed values are written with an
UPDATE of those derived columns only: no revision is created, and any draft
waiting for moderation is left untouched.
"""

from wagtail.models import Page

from .models import ActionPlanPage, CommitmentPage
from .models.mixins import StoredProgressMixin
from .tree import parent_path

COMMITMENT_FIELDS = (
    *StoredProgressMixin.PROGRESS_FIELDS,
    "milestones_total",
    "milestones_done",
    "pending_end_date",
    "last_reported_date",
    "follow_up_date",
)
PLAN_FIELDS = (*StoredProgressMixin.PROGRESS_FIELDS, "commitments_total")


def refresh_plan(path: str) -> None:
    plan = ActionPlanPage.objects.filter(path=path).first()
    if plan is None:
        return
    plan.refresh_progress()
    ActionPlanPage.objects.filter(pk=plan.pk).update(
        **{field: getattr(plan, field) for field in PLAN_FIELDS}
    )


def refresh_commitment(path: str) -> None:
    commitment = CommitmentPage.objects.filter(path=path).first()
    if commitment is None:
        return
    commitment.refresh_progress()
    CommitmentPage.objects.filter(pk=commitment.pk).update(
        **{field: getattr(commitment, field) for field in COMMITMENT_FIELDS}
    )
    refresh_plan(parent_path(commitment))


def refresh_aggregates_at(path: str) -> None:
    """Recompute the page at ``path`` if it is a commitment or a plan."""
    refresh_commitment(path)
    refresh_plan(path)


def refresh_ancestors_of(page: Page) -> None:
    """Recompute whatever aggregates the page's parent holds."""
    refresh_aggregates_at(parent_path(page))
