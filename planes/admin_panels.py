"""Dashboard panels: the approvers' desk and the editors' "Mis compromisos".

The desk lists what waits for the approvers' review, oldest first, with its commitment and plan.
Pages (milestones, commitments, plans) and the two voices (civil-society assessments
and government responses, which are snippets) wait in the same approval workflow; each
row links to its editor, its history and the comparison with the published version.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from instancia.models import current

from .followup import IN_REVIEW
from .models import (
    ActionPlanPage,
    CivilSocietyAssessment,
    CommitmentPage,
    EditorRole,
    GovernmentResponse,
    MilestonePage,
    ReminderPreference,
    user_organizations,
)


class ApproversDeskPanel(WorkflowObjectsToModeratePanel):
    name = "workflow_objects_to_moderate"
    template_name = "planes/admin/approvers_desk.html"
    order = 50

    def get_context_data(self, parent_context):
        # Not Wagtail's own query: it asks for every item's task list and actions (one query
        # each), which this desk does not show; here the count of queries stays constant.
        request = parent_context["request"]
        context = {
            "request": request,
            "csrf_token": parent_context["csrf_token"],
            "states": [],
            # Who reviews, for the heading (instance settings; read once a request).
            "instance": SimpleLazyObject(lambda: current(request)),
        }
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        # The oldest ones; the follow-up desk lists them all (a dashboard of 200 rows took
        # half a second to draw, and nobody reads past the first screens).
        pending = self.pending(request.user)
        context["total"] = pending.count()
        context["desk_url"] = reverse("followup_desk") + f"?owed={IN_REVIEW}"
        states = [
            {
                "obj": task_state.revision.content_object,
                "revision": task_state.revision,
                "task_state": task_state,
            }
            for task_state in pending[: settings.APPROVERS_DESK_LIMIT]
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
            state["submitter"] = person_with_body(state["revision"].user)
        context["states"] = states
        return context

    @staticmethod
    def pending(user):
        """Task states this person may review, oldest first, with what the desk shows."""
        return (
            TaskState.objects.reviewable_by(user)
            .select_related("revision", "revision__user", "workflow_state")
            .prefetch_related(
                "revision__content_object",
                "revision__user__memberships__institution",
                "revision__user__memberships__organization",
            )
            .order_by("started_at", "pk")
        )


def compare_with_live_url(page, revision_id) -> str | None:
    """What a page's draft or submission changes from its published version (a page never
    published has nothing to compare with)."""
    if not page.live:
        return None
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision_id])


def requested_changes_message(page) -> str:
    """What the reviewer asked for, when the page was sent back; else empty."""
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return ""
    task_state = state.current_task_state
    if task_state is None:
        return ""
    params = {
        "who": person_name(task_state.finished_by) or _("La persona revisora"),
        "when": formats.date_format(timezone.localtime(task_state.finished_at), "DATETIME_FORMAT"),
        "comment": task_state.comment,
    }
    if task_state.comment:
        return (
            _(
                "%(who)s pidió cambios (%(when)s): «%(comment)s». Corrige y vuelve a "
                "enviar a revisión."
            )
            % params
        )
    return (
        _("%(who)s pidió cambios (%(when)s), sin comentario. Corrige y vuelve a enviar a revisión.")
        % params
    )


def person_with_body(user) -> str:
    """«Full name (ACRONYM)»: the person and the bodies they speak for (memberships prefetched)."""
    name = person_name(user)
    if not name:
        return ""
    bodies = [
        m.institution or m.organization
        for m in user.memberships.all()
        if m.institution_id or m.organization_id
    ]
    labels = [body.acronym or body.name for body in bodies]
    return f"{name} ({', '.join(labels)})" if labels else name


def person_name(user) -> str:
    """A person as colleagues know them: full name, else the username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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
    # What the submission changes: against the published version (none for a first one).
    if getattr(obj, "live", False):
        links["compare_url"] = reverse(compare, args=[pk, "live", state["revision"].pk])
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


class MyCommitmentsPanel(Component):
    """An editor's desk: each assigned commitment and its milestones, with what is in
    draft, waiting for review, sent back or overdue (a constant number of queries)."""

    name = "my_commitments"
    template_name = "planes/admin/my_commitments.html"
    order = 40

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        commitments = list(
            CommitmentPage.objects.filter(assignments__user=self.user).order_by("path").distinct()
        )
        under = Q()
        for commitment in commitments:
            under |= Q(path__startswith=commitment.path, depth=commitment.depth + 1)
        milestones = (
            list(MilestonePage.objects.filter(under).order_by("path")) if commitments else []
        )
        attach_workflow_states(milestones)
        rows = {commitment.pk: [] for commitment in commitments}
        by_path = {commitment.path: commitment.pk for commitment in commitments}
        for milestone in milestones:
            rows[by_path[milestone.path[: -MilestonePage.steplen]]].append(
                {"page": milestone, "state": editorial_state(milestone)}
            )
        return {
            "request": parent_context["request"],
            "commitments": [
                {"page": commitment, "milestones": rows[commitment.pk]}
                for commitment in commitments
            ],
        }


def attach_workflow_states(pages) -> None:
    """Each page's active workflow state, in one query, where Wagtail's
    ``current_workflow_state`` looks for it (its own prefetch needs generic pages)."""
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state__finished_by")
    )
    by_page = {state.object_id: state for state in states}
    for page in pages:
        state = by_page.get(str(page.pk))
        page._current_workflow_states = [state] if state else []


#: What an editor needs to know of a page's editorial state, and its label.
EDITORIAL_STATES = {
    "changes_requested": _lazy("Cambios solicitados"),
    "in_review": _lazy("En revisión"),
    "draft": _lazy("Borrador sin enviar"),
    "published": _lazy("Publicada"),
    "never_published": _lazy("Nueva, sin publicar"),
}


def editorial_state(page) -> dict:
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        key = "changes_requested"
    elif state is not None:
        key = "in_review"
    elif page.has_unpublished_changes and page.live:
        key = "draft"
    elif not page.live:
        key = "never_published"
    else:
        key = "published"
    return {"key": key, "label": EDITORIAL_STATES[key], "overdue": page.is_delayed()}


class SinceAssessedPanel(Component):
    """A civil-society editor's desk: the milestones of their commitments that the
    government published changes to after their organization's assessment (with the
    comparison), and those their organization has not assessed yet. Constant queries."""

    name = "since_assessed"
    template_name = "planes/admin/since_assessed.html"
    order = 45

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        organizations = list(user_organizations(self.user))
        commitments = list(
            CommitmentPage.objects.filter(
                assignments__user=self.user, assignments__role=EditorRole.CIVIL_SOCIETY
            )
            .distinct()
            .prefetch_related("organizations")
        )
        context = {"request": parent_context["request"], "changed": [], "unassessed": []}
        if not (organizations and commitments):
            return context
        under = Q()
        for commitment in commitments:
            under |= Q(path__startswith=commitment.path)
        co_responsible = {c.path: {o.pk for o in c.organizations.all()} for c in commitments}
        milestones = list(
            MilestonePage.objects.live()
            .filter(under)
            .order_by("path")
            .prefetch_related("responsible_organizations")
        )
        assessed = {
            (a.milestone_id, a.organization_id): a
            for a in CivilSocietyAssessment.objects.filter(
                milestone__in=milestones, organization__in=organizations, live=True
            ).select_related("organization")
        }
        publications = {}
        for entry in (
            PageLogEntry.objects.filter(page__in=milestones, action="wagtail.publish")
            .exclude(revision=None)
            .order_by("timestamp")
            .values("page_id", "revision_id", "timestamp")
        ):
            publications.setdefault(entry["page_id"], []).append(entry)
        for milestone in milestones:
            for organization in organizations:
                assessment = assessed.get((milestone.pk, organization.pk))
                if assessment is None:
                    responsible = {o.pk for o in milestone.responsible_organizations.all()}
                    responsible |= co_responsible.get(milestone.path[: -milestone.steplen], set())
                    if organization.pk in responsible:
                        context["unassessed"].append((milestone, organization))
                    continue
                row = _changed_since(milestone, assessment, publications.get(milestone.pk, []))
                if row:
                    context["changed"].append(row)
        return context


def _changed_since(milestone, assessment, publications) -> dict | None:
    """The milestone's publications after the assessment was published: the row to show,
    with the comparison from the version the organization assessed to the live one."""
    when = assessment.last_published_at
    if when is None:
        return None
    before = [p for p in publications if p["timestamp"] <= when]
    after = [p for p in publications if p["timestamp"] > when]
    if not after:
        return None
    compare = None
    if before:
        compare = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[milestone.pk, before[-1]["revision_id"], "live"],
        )
    return {
        "milestone": milestone,
        "assessment": assessment,
        "changed_at": after[-1]["timestamp"],
        "compare_url": compare,
    }


class WhatIOwePanel(Component):
    """An editor's share of the follow-up desk (planes/followup.py), in their own
    commitments: what they owe (milestones overdue, due soon or not updated, the open
    period's report, their organization's assessment) and the submissions waiting for
    review, most urgent first."""

    name = "what_i_owe"
    template_name = "planes/admin/what_i_owe.html"
    order = 35
    limit = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from .followup import IN_REVIEW, owed_rows
        from .models.assignment import assigned_commitment_paths

        paths = assigned_commitment_paths(self.user)
        rows = owed_rows(commitment_paths=paths) if paths else []
        rows = [row for row in rows if self.user.pk in row.user_ids or row.kind == IN_REVIEW]
        return {"request": parent_context["request"], "rows": rows[: self.limit]}


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["receive_reminders"]


class RemindersSettingsPanel(BaseSettingsPanel):
    """«Recordatorios por correo» in the account settings: the per-person opt-out."""

    name = "recordatorios"
    title = _lazy("Recordatorios por correo")
    order = 400
    form_class = ReminderPreferenceForm

    def get_form(self):
        instance = ReminderPreference.objects.filter(user=self.user).first()
        instance = instance or ReminderPreference(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=instance, prefix=self.name)
        return self.form_class(instance=instance, prefix=self.name)
