"""The approvers' desk: what waits for SFP review, oldest first, with its commitment and plan."""

from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from .models import ActionPlanPage, CommitmentPage


class ApproversDeskPanel(WorkflowObjectsToModeratePanel):
    name = "workflow_objects_to_moderate"
    template_name = "planes/admin/approvers_desk.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        states = sorted(context["states"], key=lambda s: s["task_state"].started_at)
        pages = [s["obj"] for s in states if isinstance(s["obj"], Page)]
        ancestors = _ancestors_by_path(pages)
        for state in states:
            obj = state["obj"]
            if isinstance(obj, Page):
                chain = [ancestors.get(obj.path[:end]) for end in range(4, len(obj.path) + 1, 4)]
                chain = [page for page in chain if page is not None]
                state["commitment"] = next(
                    (p for p in chain if isinstance(p, CommitmentPage)), None
                )
                state["plan"] = next((p for p in chain if isinstance(p, ActionPlanPage)), None)
        context["states"] = states
        return context


def _ancestors_by_path(pages) -> dict:
    """Plans and commitments above (or equal to) the given pages, keyed by path, in 2 queries."""
    paths = {page.path[:end] for page in pages for end in range(4, len(page.path) + 1, 4)}
    if not paths:
        return {}
    found = {}
    for model in (CommitmentPage, ActionPlanPage):
        for page in model.objects.filter(path__in=paths).only("title", "path", "number"):
            found[page.path] = page
    return found
