"""The approvers' desk: what waits for SFP review, oldest first, with its commitment and plan.

Pages (milestones, commitments, plans) and the two voices (civil-society assessments
and government responses, which are snippets) wait in the same SFP workflow; each
row links to its editor, its history and the comparison with the previous version.
"""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState

from .models import (
    ActionPlanPage,
    CivilSocietyAssessment,
    CommitmentPage,
    GovernmentResponse,
    MilestonePage,
)


class ApproversDeskPanel(WorkflowObjectsToModeratePanel):
    name = "workflow_objects_to_moderate"
    template_name = "planes/admin/approvers_desk.html"
    order = 50

    def get_context_data(self, parent_context):
        # Not Wagtail's own query: it asks for every item's task list and actions (one query
        # each), which this desk does not show; here the count of queries stays constant.
        context = {
            "request": parent_context["request"],
            "csrf_token": parent_context["csrf_token"],
            "states": [],
        }
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        states = [
            {
                "obj": task_state.revision.content_object,
                "revision": task_state.revision,
                "previous_revision_id": task_state.previous_revision_id,
                "task_state": task_state,
            }
            for task_state in self.pending(parent_context["request"].user)
            if task_state.revision.content_object is not None
        ]
        milestones = _milestones_of_voices([s["obj"] for s in states])
        subjects = [
            milestones.get(_key(s["obj"])) if is_voice(s["obj"]) else s["obj"] for s in states
        ]
        ancestors = _ancestors_by_path([p for p in subjects if isinstance(p, Page)])
        for state, subject in zip(states, subjects, strict=True):
            state.update(_links(state))
            if isinstance(subject, Page):
                chain = [
                    ancestors.get(subject.path[:end]) for end in range(4, len(subject.path) + 1, 4)
                ]
                chain = [page for page in chain if page is not None]
                state["commitment"] = next(
                    (p for p in chain if isinstance(p, CommitmentPage)), None
                )
                state["plan"] = next((p for p in chain if isinstance(p, ActionPlanPage)), None)
        context["states"] = states
        return context

    @staticmethod
    def pending(user):
        """Task states this person may review, oldest first, with what the desk shows."""
        return (
            TaskState.objects.reviewable_by(user)
            .select_related("revision", "revision__user", "workflow_state")
            .prefetch_related("revision__content_object")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
            .order_by("started_at", "pk")
        )


def is_voice(obj) -> bool:
    return isinstance(obj, CivilSocietyAssessment | GovernmentResponse)


def _links(state) -> dict:
    """The editor, history and comparison addresses of a page or a snippet."""
    obj = state["obj"]
    if isinstance(obj, Page):
        edit, history = "wagtailadmin_pages:edit", "wagtailadmin_pages:history"
        compare = "wagtailadmin_pages:revisions_compare"
        title, kind = obj.get_admin_display_title(), obj.specific_deferred.get_verbose_name()
    else:
        viewset = obj.snippet_viewset
        edit, history = viewset.get_url_name("edit"), viewset.get_url_name("history")
        compare = viewset.get_url_name("revisions_compare")
        title, kind = state["revision"].object_str or str(obj.pk), obj._meta.verbose_name
    pk = quote(obj.pk)
    links = {
        "title": title,
        "kind": kind,
        "edit_url": reverse(edit, args=[pk]),
        "history_url": reverse(history, args=[pk]),
    }
    if state["previous_revision_id"]:
        links["compare_url"] = reverse(
            compare, args=[pk, state["previous_revision_id"], state["revision"].pk]
        )
    return links


def _key(obj) -> tuple:
    return (type(obj), obj.pk)


def _milestones_of_voices(objects) -> dict:
    """(model, pk) of each voice → the milestone it speaks about, in at most two queries."""
    milestone_ids = {
        _key(o): o.milestone_id for o in objects if isinstance(o, CivilSocietyAssessment)
    }
    responses = [o for o in objects if isinstance(o, GovernmentResponse)]
    if responses:
        milestone_of = dict(
            CivilSocietyAssessment.objects.filter(
                pk__in=[r.assessment_id for r in responses]
            ).values_list("pk", "milestone_id")
        )
        for response in responses:
            milestone_ids[_key(response)] = milestone_of.get(response.assessment_id)
    pages = MilestonePage.objects.in_bulk(set(milestone_ids.values()) - {None})
    return {key: pages.get(milestone_id) for key, milestone_id in milestone_ids.items()}


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
