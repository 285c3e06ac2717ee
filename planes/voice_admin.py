"""The two voices in the admin: snippet views for the civil-society assessments and the
government's responses, on the permission policies of planes/voice_access.py.

* Authors write, save drafts and submit to the approval workflow; they never publish
  (the editor's publish and unpublish actions are gone for everyone): approving
  the workflow's last task publishes what they submitted.
* Reviewers (approvers, administrators) have no change permission. While a row
  waits for their task, Wagtail lets them into its editor; there it is read-only
  (every field disabled, so a posted value is ignored) and the only things a
  post may do are the workflow's: approve, request changes (with a comment) or
  cancel the review. Nothing they post becomes a revision, so the published text
  is exactly what the authors submitted. The same actions work from the dashboard
  (planes/admin_panels.py) through Wagtail's workflow-action URLs, which never
  save content.
* History, revision comparisons and previews (drafts) are for the authors and the
  reviewers; listings and the chooser show each person what they may see.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser, snippets

from .models import CivilSocietyAssessment, GovernmentResponse
from .voice_access import moderates

#: What the authors do (besides "edit"); a reviewer's post may only move the workflow.
REVIEW_ACTIONS = frozenset({"workflow-action", "cancel-workflow"})
READ_ONLY_NOTICE = _(
    "Revisas este contenido: no puedes cambiarlo. Apruébalo (se publica tal como lo "
    "enviaron) o pide cambios con un comentario."
)
NOT_YOURS = _(
    "Sólo quienes pertenecen a la institución u organización autora, asignados al "
    "compromiso, pueden cambiar esto. No se guardó nada."
)


def _policy(model):
    return policy_registry.get_by_type(model)


def refuse(request, message=NOT_YOURS):
    messages.error(request, message)
    raise PermissionDenied(message)


class DraftAccessMixin:
    """History, revisions, comparisons and previews show drafts: only the authors of the
    row and the reviewers see them."""

    draft_permissions = frozenset({"add", "change", "delete", "view"})

    def _voice(self):
        obj = getattr(self, "object", None)
        return obj if obj is not None else self.get_object()

    def user_has_permission(self, permission):
        if permission in self.draft_permissions:
            return _policy(self.model).may_see_drafts(self.request.user, self._voice())
        return super().user_has_permission(permission)

    def user_has_any_permission(self, permissions):
        return any(self.user_has_permission(p) for p in permissions)


class VoiceIndexView(snippets.IndexView):
    """Each row links to its editor only for its authors (and, while it waits for review,
    for the reviewers); anyone else who may see it gets its read-only view."""

    @cached_property
    def writable_ids(self) -> set:
        policy = _policy(self.model)
        return set(
            policy.instances_user_has_permission_for(self.request.user, "change").values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def in_review_ids(self) -> set:
        if not moderates(self.request.user):
            return set()
        states = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(self.model),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        return {int(pk) for pk in states.values_list("object_id", flat=True) if pk.isdigit()}

    def get_edit_url(self, instance):
        if instance.pk in self.writable_ids or instance.pk in self.in_review_ids:
            return reverse(self.edit_url_name, args=(quote(instance.pk),))
        return None

    def get_delete_url(self, instance):
        if instance.pk in self.writable_ids and instance.first_published_at is None:
            return reverse(self.delete_url_name, args=(quote(instance.pk),))
        return None


class VoiceCreateView(snippets.CreateView):
    """Authors create; what it speaks about may come preselected (``?milestone=<id>`` or
    ``?assessment=<id>``), among what the person may write about."""

    def get_initial(self):
        initial = super().get_initial()
        form_class = self.get_form_class()
        name = form_class.subject_field
        value = self.request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
        return initial

    def get_available_actions(self):
        return [a for a in super().get_available_actions() if a != "publish"]


class VoiceEditView(snippets.EditView):
    """Authors edit their own rows; a reviewer reads and acts on the workflow only."""

    @cached_property
    def may_write(self) -> bool:
        return _policy(self.model).user_has_permission_for_instance(
            self.request.user, "change", self.object
        )

    @cached_property
    def may_review(self) -> bool:
        task = self.current_workflow_task
        return bool(task and task.user_can_access_editor(self.object, self.request.user))

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not self.may_write:
            self.autosave_enabled = False  # a reviewer has nothing to save

    def user_has_permission(self, permission):
        if permission == "change":
            return self.may_write or self.may_review
        return super().user_has_permission(permission)

    def get_available_actions(self):
        actions = [a for a in super().get_available_actions() if a != "publish"]
        if not self.may_write:
            actions = [a for a in actions if a in REVIEW_ACTIONS]
        return actions

    def get(self, request, *args, **kwargs):
        if not self.may_write:
            messages.info(request, READ_ONLY_NOTICE)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_write and self.action not in REVIEW_ACTIONS:
            refuse(request)
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.may_write:
            for field in form.fields.values():
                field.disabled = True
        return form

    def is_valid(self, form):
        if self.may_write:
            return super().is_valid(form)
        return True  # nothing of the form is used

    def form_valid(self, form):
        if self.may_write:
            return super().form_valid(form)
        # A reviewer: no revision is saved; only the workflow moves.
        self.form = form
        response = self.run_action_method()
        if response is not None:
            return response
        messages.success(
            self.request,
            _("Listo: se registró tu revisión de «%(object)s».") % {"object": self.object},
        )
        return redirect(self.get_success_url())


class VoiceDeleteView(snippets.DeleteView):
    def user_has_permission(self, permission):
        if permission == "delete":
            allowed = self.user_has_permission_for_instance("delete", self.object)
            if not allowed:
                refuse(
                    self.request,
                    _(
                        "Sólo quienes la escribieron pueden borrarla, y sólo mientras nunca se "
                        "haya publicado. No se borró nada."
                    ),
                )
            return allowed
        return super().user_has_permission(permission)


class VoiceUnpublishView(snippets.UnpublishView):
    def user_has_permission(self, permission):
        refuse(
            self.request,
            _(
                "Lo publicado no se despublica desde el administrador: quien lo escribió "
                "envía una versión nueva a revisión."
            ),
        )


class VoiceHistoryView(DraftAccessMixin, snippets.HistoryView):
    pass


class VoiceRevisionsCompareView(DraftAccessMixin, snippets.RevisionsCompareView):
    pass


class VoicePreviewRevisionView(DraftAccessMixin, snippets.PreviewRevisionView):
    pass


class VoiceWorkflowHistoryView(DraftAccessMixin, snippets.WorkflowHistoryView):
    pass


class VoiceWorkflowHistoryDetailView(DraftAccessMixin, snippets.WorkflowHistoryDetailView):
    pass


class VoicePreviewOnEditView(snippets.PreviewOnEditView):
    def user_has_permission_for_instance(self, permission, instance):
        if permission == "change":
            return _policy(self.model).may_see_drafts(self.request.user, instance)
        return super().user_has_permission_for_instance(permission, instance)


class VoiceInspectView(snippets.InspectView):
    def user_has_any_permission(self, permissions):
        return self.user_has_permission_for_instance("view", self.object)


class VoiceUsageView(snippets.UsageView):
    def user_has_any_permission(self, permissions):
        return self.user_has_permission_for_instance("view", self.object)


# The chooser (a snippet foreign key's widget) lists only what the person may see. -------
class VisibleObjectsMixin:
    def get_object_list(self):
        policy = _policy(self.model_class)
        return policy.instances_user_has_permission_for(self.request.user, "view")


class VoiceChooseView(VisibleObjectsMixin, chooser.ChooseView):
    pass


class VoiceChooseResultsView(VisibleObjectsMixin, chooser.ChooseResultsView):
    pass


class VoiceChosenView(VisibleObjectsMixin, chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)


class VoiceChosenMultipleView(VisibleObjectsMixin, chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=pks)


class VoiceChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = VoiceChooseView
    choose_results_view_class = VoiceChooseResultsView
    chosen_view_class = VoiceChosenView
    chosen_multiple_view_class = VoiceChosenMultipleView


class VoiceViewSet(snippets.SnippetViewSet):
    index_view_class = VoiceIndexView
    add_view_class = VoiceCreateView
    edit_view_class = VoiceEditView
    delete_view_class = VoiceDeleteView
    unpublish_view_class = VoiceUnpublishView
    history_view_class = VoiceHistoryView
    revisions_compare_view_class = VoiceRevisionsCompareView
    revisions_view_class = VoicePreviewRevisionView
    workflow_history_view_class = VoiceWorkflowHistoryView
    workflow_history_detail_view_class = VoiceWorkflowHistoryDetailView
    preview_on_edit_view_class = VoicePreviewOnEditView
    inspect_view_class = VoiceInspectView
    usage_view_class = VoiceUsageView
    chooser_viewset_class = VoiceChooserViewSet
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50

    def get_queryset(self, request):
        policy = _policy(self.model)
        return policy.instances_user_has_permission_for(request.user, "view").select_related(
            *self.related
        )


class StanceColumn(Column):
    """The stance, in words (never only a colour)."""

    def get_value(self, instance):
        return instance.get_stance_display()


class AssessmentViewSet(VoiceViewSet):
    model = CivilSocietyAssessment
    icon = "comment"
    menu_label = _("Valoraciones de la sociedad civil")
    add_to_admin_menu = False
    related = ("organization", "milestone", "latest_revision")
    list_display = [
        "organization",
        "milestone",
        StanceColumn("stance", label=_("Postura")),
        "completion_level",
        "date",
    ]
    list_filter = ["stance", "completion_level", "live", "organization"]
    search_fields = ["organization__name", "organization__acronym", "milestone__title"]
    ordering = ["milestone__path", "organization__name"]


class ResponseViewSet(VoiceViewSet):
    model = GovernmentResponse
    icon = "openquote"
    menu_label = _("Respuestas del gobierno")
    add_to_admin_menu = False
    related = ("institution", "assessment__organization", "assessment__milestone")
    list_display = ["assessment", "institution", "date"]
    list_filter = ["live", "institution"]
    search_fields = ["institution__name", "institution__acronym", "assessment__milestone__title"]
    ordering = ["assessment__milestone__path", "assessment__organization__name"]


class VoicesGroup(snippets.SnippetViewSetGroup):
    menu_label = _("Dos voces")
    menu_icon = "comment"
    menu_order = 240
    items = (AssessmentViewSet, ResponseViewSet)
