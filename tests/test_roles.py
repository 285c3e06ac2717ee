"""Roles, scoped permissions and the SFP moderation workflow, through the real admin URLs."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import (
    GroupPagePermission,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowState,
)
from wagtail.test.utils.form_data import rich_text

from cms.settings.base import interface_language
from demo.factories import (
    CommitmentPageFactory,
    MilestonePageFactory,
    ProgressUpdateFactory,
    activity,
)
from demo.files import placeholder_pdf
from planes.choices import ActivityStatus as S
from planes.models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentEditorsGroup,
    EditorRole,
    GovernmentResponse,
    MilestonePage,
)
from planes.roles import (
    ADMINISTRATORS,
    APPROVERS,
    CIVIL_SOCIETY_EDITORS,
    GOVERNMENT_EDITORS,
    WORKFLOW_NAME,
    commitment_group_name,
    setup_groups,
)
from tests.admin_forms import milestone_edit_data, page_form_data
from tests.helpers import (
    add_url,
    assert_sent_to_dashboard,
    count_queries,
    edit_url,
    publish,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def login(client, user):
    client.force_login(user)
    return client


ROLES = ["admin", "approver", "government", "civil"]
EDITORS = {"government", "civil"}
#: What planes/wagtail_hooks.py tells editors who try to delete, move or copy a page.
DELETE_REFUSAL = "Sólo la instancia coordinadora o la administración pueden borrar páginas."
MOVE_REFUSAL = "Sólo la instancia coordinadora o la administración pueden mover páginas."
COPY_REFUSAL = "Sólo la instancia coordinadora o la administración pueden copiar páginas."


def test_setup_is_idempotent(groups):
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    setup_groups()
    setup_groups()
    assert (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
    ) == counts
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    assert [t.name for t in workflow.tasks] == ["Aprobación"]


def test_command_setup_roles(db, capsys):
    from django.core.management import call_command

    call_command("setup_roles")
    call_command("setup_roles")
    assert Group.objects.filter(tablero_role__key__in=[ADMINISTRATORS, APPROVERS]).count() == 2
    assert set(Group.objects.values_list("name", flat=True)) >= {"Administradores", "Aprobadores"}
    assert "Grupos listos" in capsys.readouterr().out


def test_assignments_keep_groups_in_sync(board):
    group = board["own"].editors_group.group
    assert group.name == commitment_group_name(board["own"])
    assert set(group.user_set.values_list("username", flat=True)) == {"government", "civil"}
    assert board["government"].groups.filter(tablero_role__key=GOVERNMENT_EDITORS).exists()
    assert board["civil"].groups.filter(tablero_role__key=CIVIL_SOCIETY_EDITORS).exists()

    CommitmentAssignment.objects.get(user=board["civil"]).delete()
    assert list(group.user_set.values_list("username", flat=True)) == ["government"]
    assert not board["civil"].groups.filter(tablero_role__key=CIVIL_SOCIETY_EDITORS).exists()

    board["own"].delete()
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not CommitmentAssignment.objects.exists()


def test_moving_an_assignment_to_another_commitment_takes_the_old_access_away(client, board):
    """Edited in the admin (Directorio → Asignaciones), the person follows the assignment."""
    assignment = CommitmentAssignment.objects.get(user=board["government"])
    response = login(client, board["admin"]).post(
        reverse("planes_commitmentassignment_modeladmin_edit", args=[assignment.pk]),
        {"user": board["government"].pk, "commitment": board["other"].pk, "role": "government"},
    )
    assert response.status_code == 302
    old_group = CommitmentEditorsGroup.objects.get(commitment=board["own"]).group
    new_group = CommitmentEditorsGroup.objects.get(commitment=board["other"]).group
    assert "government" not in old_group.user_set.values_list("username", flat=True)
    assert "government" in new_group.user_set.values_list("username", flat=True)
    client.force_login(board["government"])
    own = board["milestones"]["own"]
    assert_sent_to_dashboard(client, client.get(edit_url(own)))
    other = board["milestones"]["other"]
    assert client.get(edit_url(other)).status_code == 200


def test_a_renamed_editors_group_keeps_its_commitment(client, board):
    """Found by its commitment, not its name: an administrator may rename it, and a person
    assigned afterwards still joins it and edits the commitment."""
    group = board["own"].editors_group.group
    group.name = "Gasto abierto: quienes reportan"
    group.save()
    newcomer = get_user_model().objects.create_user("newcomer", "n@example.org", "x")
    CommitmentAssignment.objects.create(
        commitment=board["own"], user=newcomer, role=EditorRole.GOVERNMENT
    )
    group.refresh_from_db()
    assert group.name == "Gasto abierto: quienes reportan"
    assert "newcomer" in group.user_set.values_list("username", flat=True)
    assert not Group.objects.filter(name=commitment_group_name(board["own"])).exists()
    client.force_login(newcomer)
    assert client.get(edit_url(board["milestones"]["own"])).status_code == 200


def test_editors_groups_are_named_in_the_interfaces_language(board):
    with override_settings(**interface_language("en")), translation.override("en"):
        commitment = CommitmentPageFactory(parent=board["plan"], number=5)
        CommitmentAssignment.objects.create(
            commitment=commitment, user=board["civil"], role=EditorRole.CIVIL_SOCIETY
        )
    assert commitment.editors_group.group.name == f"Commitment #{commitment.pk} · editors"


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reaches_the_admin(client, board, role):
    assert login(client, board[role]).get(reverse("wagtailadmin_home")).status_code == 200


def save_draft(client, page, title):
    data = milestone_edit_data(client, page)
    data["title"] = title
    return client.post(edit_url(page), data)


@pytest.mark.parametrize("role", ROLES)
def test_edit_own_commitment(client, board, role):
    page = board["milestones"]["own"]
    response = save_draft(login(client, board[role]), page, "Hito corregido")
    assert response.status_code == 302
    assert page.revisions.count() == 2
    assert MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object().title == (
        "Hito corregido"
    )


@pytest.mark.parametrize("role", ROLES)
def test_edit_another_commitment(client, board, role):
    page = board["milestones"]["other"]
    client = login(client, board[role])
    if role in EDITORS:
        assert_sent_to_dashboard(client, client.get(edit_url(page)))
        data = {"title": "Intruso", "slug": page.slug}
        assert_sent_to_dashboard(client, client.post(edit_url(page), data))
        assert page.revisions.count() == 1
    else:
        assert save_draft(client, page, "Revisado").status_code == 302
        assert page.revisions.count() == 2


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["own", "other"])
def test_add_milestone(client, board, role, target):
    commitment = board[target]
    client = login(client, board[role])
    url = add_url("milestonepage", commitment)
    allowed = role not in EDITORS or target == "own"
    if allowed:
        data = page_form_data(client, url, "page-edit-form")
        data.update({"title": "Nueva acción clave", "slug": "nueva", "weight": "1"})
        response = client.post(url, data)
        assert response.status_code == 302
        new = MilestonePage.objects.get(slug="nueva")
        assert new.get_parent().pk == commitment.pk
        assert not new.live
    else:
        assert_sent_to_dashboard(client, client.get(url))
        response = client.post(url, {"title": "Nueva", "slug": "nueva", "weight": "1"})
        assert_sent_to_dashboard(client, response)
        assert not MilestonePage.objects.filter(slug="nueva").exists()


@pytest.mark.parametrize("role", ROLES)
def test_upload_evidence_document(client, board, role):
    client = login(client, board[role])
    upload = SimpleUploadedFile("minuta.pdf", placeholder_pdf("Minuta"), "application/pdf")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Minuta de la sesión", "file": upload, "collection": 1},
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Minuta de la sesión").exists()


def test_disallowed_document_type_is_refused(client, board):
    client = login(client, board["civil"])
    upload = SimpleUploadedFile("script.exe", b"MZ...", "application/octet-stream")
    response = client.post(reverse("wagtaildocs:add"), {"title": "Programa", "file": upload})
    assert response.status_code == 200
    assert "Las extensiones permitidas son" in response.content.decode()
    assert not get_document_model().objects.filter(title="Programa").exists()


def submit(client, page, title="Hito con avance"):
    data = milestone_edit_data(client, page)
    data["title"] = title
    data["action-submit"] = "1"
    return client.post(edit_url(page), data)


@pytest.mark.parametrize("role", ROLES)
def test_submit_for_moderation(client, board, role):
    page = board["milestones"]["own"]
    response = submit(login(client, board[role]), page)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert MilestonePage.objects.get(pk=page.pk).title == "Hito own"


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def current_task_state(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


@pytest.mark.parametrize("role", ROLES)
def test_approve(client, board, role):
    page = board["milestones"]["own"]
    submit(login(client, board["government"]), page)
    task_state = current_task_state(page)
    client = login(client, board[role])
    response = client.post(workflow_action_url(page, "approve", task_state), {"comment": ""})
    page = MilestonePage.objects.get(pk=page.pk)
    if role in EDITORS:
        assert_sent_to_dashboard(client, response)
        assert page.title == "Hito own"
        assert current_task_state(page).pk == task_state.pk
    else:
        assert response.status_code == 302
        assert response.url == edit_url(page)  # back to the page's editor
        assert page.title == "Hito con avance"


@pytest.mark.parametrize("role", ROLES)
def test_publish_directly(client, board, role):
    page = board["milestones"]["own"]
    client = login(client, board[role])
    data = milestone_edit_data(client, page)
    data["title"] = "Publicado directo"
    data["action-publish"] = "1"
    client.post(edit_url(page), data)
    live_title = MilestonePage.objects.get(pk=page.pk).title
    if role in EDITORS:
        assert live_title == "Hito own"
    else:
        assert live_title == "Publicado directo"


@pytest.mark.parametrize("role", ROLES)
def test_unpublish(client, board, role):
    page = board["milestones"]["own"]
    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    response = login(client, board[role]).post(url)
    live = MilestonePage.objects.get(pk=page.pk).live
    if role in EDITORS:
        assert_sent_to_dashboard(client, response)
        assert live
    else:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[board["own"].pk])
        assert not live


@pytest.mark.parametrize("role", ROLES)
def test_delete(client, board, role):
    page = board["milestones"]["own"]
    response = login(client, board[role]).post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    exists = MilestonePage.objects.filter(pk=page.pk).exists()
    if role in EDITORS:
        # Wagtail's own check refuses first: without publish permission, no live page.
        assert_sent_to_dashboard(client, response)
        assert exists
    else:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[board["own"].pk])
        assert not exists


# Editors' per-commitment "add" and "change" let Wagtail delete, move and copy a
# milestone they own or that is not live; only the hooks in planes/wagtail_hooks.py
# refuse. Each test first checks that Wagtail alone would allow the action.


def test_editor_cannot_delete_even_an_own_draft(client, board):
    draft = MilestonePageFactory(parent=board["own"], live=False, owner=board["civil"])
    assert draft.permissions_for_user(board["civil"]).can_delete()
    url = reverse("wagtailadmin_pages:delete", args=[draft.pk])
    response = login(client, board["civil"]).post(url)
    assert_sent_to_dashboard(client, response, DELETE_REFUSAL)
    assert MilestonePage.objects.filter(pk=draft.pk).exists()


def test_editor_cannot_move_a_draft_between_own_commitments(client, board):
    editor = board["civil"]
    CommitmentAssignment.objects.create(
        commitment=board["other"], user=editor, role=EditorRole.CIVIL_SOCIETY
    )
    draft = MilestonePageFactory(parent=board["own"], title="Hito en borrador", live=False)
    assert draft.permissions_for_user(editor).can_move_to(board["other"])
    url = reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, board["other"].pk])
    response = login(client, editor).post(url)
    assert_sent_to_dashboard(client, response, MOVE_REFUSAL)
    assert MilestonePage.objects.get(pk=draft.pk).get_parent().pk == board["own"].pk


def test_editor_cannot_copy_a_milestone_within_own_commitment(client, board):
    editor = board["civil"]
    page = board["milestones"]["own"]
    assert page.permissions_for_user(editor).can_copy_to(board["own"])
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    response = login(client, editor).post(
        url, {"new_title": "Copia", "new_slug": "copia", "new_parent_page": board["own"].pk}
    )
    assert_sent_to_dashboard(client, response, COPY_REFUSAL)
    assert not MilestonePage.objects.filter(slug="copia").exists()


def test_approvers_may_copy_a_milestone(client, board):
    page = board["milestones"]["own"]
    response = login(client, board["approver"]).post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Copia", "new_slug": "copia", "new_parent_page": board["own"].pk},
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[board["own"].pk])
    copy = MilestonePage.objects.get(slug="copia")
    assert (copy.title, copy.get_parent().pk) == ("Copia", board["own"].pk)


@pytest.mark.parametrize("role", ROLES)
def test_move(client, board, role):
    page = board["milestones"]["own"]
    destination = board["other"]
    response = login(client, board[role]).post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    parent = MilestonePage.objects.get(pk=page.pk).get_parent()
    if role in EDITORS:
        assert_sent_to_dashboard(client, response, MOVE_REFUSAL)
        assert parent.pk == board["own"].pk
    else:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[destination.pk])
        assert parent.pk == destination.pk


def test_editor_cannot_change_commitment_identity_fields(client, board):
    client = login(client, board["government"])
    response = client.get(edit_url(board["own"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="ogp_id"' not in content
    assert 'name="lead_institutions"' not in content
    assert 'name="objective"' in content


def test_round_trip_with_changes_requested(client, board):
    """Civil society reports, SFP sends back, civil society fixes, SFP publishes."""
    page = board["milestones"]["own"]
    plan_url = board["plan"].url
    public_url = page.url

    editor = login(client, board["civil"])
    data = milestone_edit_data(
        editor,
        page,
        evidence_by_form={0: [{"title": "Minuta", "date": "2020-03-01", "url": "https://x.mx/m"}]},
    )
    data["activities-0-status"] = S.COMPLETED
    data["action-submit"] = "1"
    assert editor.post(edit_url(page), data).status_code == 302
    # Approvers are told.
    assert any("aprobadora" in " ".join(m.to) or "approver@" in " ".join(m.to) for m in mail.outbox)

    client.logout()
    public = client.get(public_url).content.decode()
    assert "badge status-in_progress" in public
    assert "badge status-completed" not in public
    assert MilestonePage.objects.get(pk=page.pk).progress == 0
    assert "0 %" in client.get(plan_url).content.decode()
    api_url = f"/api/v2/pages/{page.pk}/"
    before = client.get(api_url).json()
    assert before["progress"] == 0
    assert [a["status"] for a in before["activities"]] == ["in_progress"]

    reviewer = login(client, board["approver"])
    assert "Hito own" in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    task_state = current_task_state(page)
    response = reviewer.post(
        workflow_action_url(page, "reject", task_state),
        {"comment": "Falta la lista de asistencia."},
    )
    assert response.status_code == 302
    assert response.url == edit_url(page)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any("civil@example.org" in m.to for m in mail.outbox)

    editor = login(client, board["civil"])
    history = editor.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Falta la lista de asistencia." in history
    data = milestone_edit_data(
        editor,
        MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object(),
        evidence_by_form={
            0: [
                {"title": "Minuta", "date": "2020-03-01", "url": "https://x.mx/m"},
                {
                    "title": "Lista de asistencia",
                    "date": "2020-03-01",
                    "url": "https://x.mx/l",
                    "kind": "management",
                },
            ]
        },
    )
    data["activities-0-status"] = S.COMPLETED
    data["action-submit"] = "1"
    assert editor.post(edit_url(page), data).status_code == 302
    assert MilestonePage.objects.get(pk=page.pk).progress == 0

    client.logout()
    assert client.get(api_url).json()["progress"] == 0  # resubmitted, still not public

    reviewer = login(client, board["approver"])
    task_state = current_task_state(page)
    mail.outbox.clear()
    reviewer.post(workflow_action_url(page, "approve", task_state), {"comment": "Gracias"})
    # The submitter is told it was approved.
    assert any("civil@example.org" in m.to for m in mail.outbox)
    live = MilestonePage.objects.get(pk=page.pk)
    assert live.progress == 100
    assert not live.has_unpublished_changes

    client.logout()
    public = client.get(public_url).content.decode()
    assert "Lista de asistencia" in public
    assert "100 %" in public
    after = client.get(api_url).json()
    assert after["progress"] == 100
    assert [a["status"] for a in after["activities"]] == ["completed"]

    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    for expected in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert expected in actions, (expected, actions)


def test_approvers_desk_lists_oldest_first_with_commitment_and_plan(client, board):
    submit(login(client, board["government"]), board["milestones"]["own"], "Primero")
    admin_client = login(client, board["admin"])
    submit(admin_client, board["milestones"]["other"], "Segundo")
    content = login(client, board["approver"]).get(reverse("wagtailadmin_home")).content.decode()
    content = content[content.index("Pendientes de revisión de la instancia coordinadora") :]
    assert content.index("Primero") < content.index("Segundo")
    assert "1. Gasto abierto" in content
    assert board["plan"].title in content


def test_history_and_revision_comparison(client, board):
    page = board["milestones"]["own"]
    submit(login(client, board["government"]), page)
    reviewer = login(client, board["approver"])
    assert reviewer.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    revisions = list(page.revisions.order_by("created_at").values_list("pk", flat=True))
    response = reviewer.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, revisions[0], revisions[-1]])
    )
    assert response.status_code == 200
    assert "Hito con avance" in response.content.decode()


def page_links(response) -> int:
    return response.content.decode().count(f'href="{reverse("wagtailadmin_explore_root")}')


def test_approvers_desk_queries_do_not_grow_with_pending_submissions(
    client, board, django_assert_num_queries
):
    submit(login(client, board["civil"]), board["milestones"]["own"], "Primero")
    approver = login(client, board["approver"])
    dashboard = reverse("wagtailadmin_home")
    small_links = page_links(approver.get(dashboard))  # also warms per-process caches
    small = count_queries(approver, dashboard)
    for number in range(5):
        page = publish(
            MilestonePageFactory(
                parent=board["own"], title=f"Hito {number}", activities=[activity(S.IN_PROGRESS)]
            )
        )
        submit(login(client, board["civil"]), page, f"N{number}")
    approver = login(client, board["approver"])
    with django_assert_num_queries(small):
        response = approver.get(dashboard)
    assert page_links(response) > small_links


# The two voices (planes/voice_access.py): who writes, changes, reviews and answers. -----
#: Who writes each voice; nobody else adds, changes or deletes it.
VOICE_AUTHORS = {"civilsocietyassessment": "civil", "governmentresponse": "government"}


def voice_url(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_planes_{model}:{view}", args=args)


def voice_data(**values) -> dict:
    data = {
        "stance": "disagree",
        "completion_level": "limited",
        "date": "2021-03-01",
        "comment": rich_text("<p>Original</p>"),
        "text": rich_text("<p>Respuesta</p>"),
        "evidence-count": "0",
    }
    data.update({k: str(v) for k, v in values.items()})
    return data


def assessment_of(board, *, publish_it=False, review=False):
    assessment = CivilSocietyAssessment(
        milestone=board["milestones"]["own"],
        organization=board["gesoc"],
        stance="disagree",
        completion_level="limited",
        date=datetime.date(2021, 3, 1),
        comment="<p>Original</p>",
    )
    assessment.save()
    revision = assessment.save_revision(user=board["civil"])
    if publish_it:
        revision.publish(user=board["approver"])
    if review:
        assessment.get_workflow().start(assessment, board["civil"])
    return CivilSocietyAssessment.objects.get(pk=assessment.pk)


@pytest.mark.parametrize("role", ROLES)
def test_add_assessment(client, board, role):
    milestone = board["milestones"]["own"]
    url = voice_url("civilsocietyassessment", "add") + f"?milestone={milestone.pk}"
    client = login(client, board[role])
    data = voice_data(milestone=milestone.pk, organization=board["gesoc"].pk)
    if role == VOICE_AUTHORS["civilsocietyassessment"]:
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 302
        assert CivilSocietyAssessment.objects.get().organization == board["gesoc"]
    else:
        assert_sent_to_dashboard(client, client.get(url))
        assert_sent_to_dashboard(client, client.post(url, data))
        assert not CivilSocietyAssessment.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_change_assessment(client, board, role):
    assessment = assessment_of(board, publish_it=True)
    url = voice_url("civilsocietyassessment", "edit", assessment.pk)
    client = login(client, board[role])
    response = client.post(url, voice_data(stance="agree"))
    latest = CivilSocietyAssessment.objects.get(pk=assessment.pk).get_latest_revision_as_object()
    if role == VOICE_AUTHORS["civilsocietyassessment"]:
        assert response.status_code == 302
        assert latest.stance == "agree"
    else:
        assert_sent_to_dashboard(client, response)
        assert latest.stance == "disagree"
    assert CivilSocietyAssessment.objects.get(pk=assessment.pk).stance == "disagree"  # live


@pytest.mark.parametrize("role", ROLES)
def test_delete_draft_assessment(client, board, role):
    assessment = assessment_of(board)
    url = voice_url("civilsocietyassessment", "delete", assessment.pk)
    response = login(client, board[role]).post(url)
    exists = CivilSocietyAssessment.objects.filter(pk=assessment.pk).exists()
    assert response.status_code == 302
    assert exists is (role != VOICE_AUTHORS["civilsocietyassessment"])


@pytest.mark.parametrize("role", ROLES)
def test_review_assessment(client, board, role):
    assessment = assessment_of(board, review=True)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(assessment.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = voice_url(
        "civilsocietyassessment", "workflow_action", assessment.pk, "approve", task_state.pk
    )
    response = login(client, board[role]).post(url, {"comment": ""})
    live = CivilSocietyAssessment.objects.get(pk=assessment.pk).live
    if role in EDITORS:
        assert_sent_to_dashboard(client, response)
        assert not live
    else:
        assert response.status_code == 302
        assert live


@pytest.mark.parametrize("role", ROLES)
def test_add_response(client, board, role):
    assessment = assessment_of(board, publish_it=True)
    url = voice_url("governmentresponse", "add") + f"?assessment={assessment.pk}"
    client = login(client, board[role])
    data = voice_data(assessment=assessment.pk, institution=board["sfp"].pk)
    if role == VOICE_AUTHORS["governmentresponse"]:
        assert client.post(url, data).status_code == 302
        assert GovernmentResponse.objects.get().institution == board["sfp"]
    else:
        assert_sent_to_dashboard(client, client.get(url))
        assert_sent_to_dashboard(client, client.post(url, data))
        assert not GovernmentResponse.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_change_update_authorship(client, board, role):
    """Moderators correct who wrote an update (logged); editors cannot re-sign another
    body's update (its row is read-only for them)."""
    page = board["milestones"]["own"]
    page.updates = [ProgressUpdateFactory.build(author_organization=board["gesoc"])]
    page = publish(page)
    client = login(client, board[role])
    data = milestone_edit_data(client, page)
    data["updates-0-author_institution"] = str(board["sfp"].pk)
    data["updates-0-author_organization"] = ""
    assert client.post(edit_url(page), data).status_code == 302
    [update] = MilestonePage.objects.get(pk=page.pk).get_latest_revision_as_object().updates.all()
    if role in EDITORS:
        assert update.author_organization == board["gesoc"] and not update.author_institution
        assert not PageLogEntry.objects.filter(action="planes.update_author").exists()
    else:
        assert update.author_institution == board["sfp"] and not update.author_organization
        assert PageLogEntry.objects.filter(action="planes.update_author", page=page).exists()


def test_setup_roles_names_the_groups_and_workflow_in_the_interface_language(db, capsys):
    """Issue #18: an English board got Spanish group and workflow names (in its admin and
    e-mails). Names are labels: switching the language renames the default ones, keeps
    the ones administrators chose, and the roles (found by key) keep their people."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from planes.permissions import is_moderator
    from tests.helpers import board_language

    with board_language("en"):
        call_command("setup_roles")
        assert "Groups ready: Administrators, Approvers" in capsys.readouterr().out
        assert Workflow.objects.get(active=True).name == "Approval"
        assert [t.name for t in Workflow.objects.get(active=True).tasks] == ["Approval"]
    names = dict(Group.objects.values_list("tablero_role__key", "name"))
    assert names[APPROVERS] == "Approvers" and names[GOVERNMENT_EDITORS] == "Government editors"
    approver = get_user_model().objects.create_user("approver", "a@example.org", "x")
    approver.groups.add(Group.objects.get(tablero_role__key=APPROVERS))
    chosen = Group.objects.get(tablero_role__key=CIVIL_SOCIETY_EDITORS)
    chosen.name = "Sociedad civil aliada"
    chosen.save()
    counts = (Group.objects.count(), Workflow.objects.count(), GroupPagePermission.objects.count())
    call_command("setup_roles")  # the board back in Spanish
    names = dict(Group.objects.values_list("tablero_role__key", "name"))
    assert names[APPROVERS] == "Aprobadores" and names[ADMINISTRATORS] == "Administradores"
    assert names[CIVIL_SOCIETY_EDITORS] == "Sociedad civil aliada"
    assert Workflow.objects.get(active=True).name == WORKFLOW_NAME
    counts_after = (
        Group.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )
    assert counts_after == counts
    assert is_moderator(approver) and approver.has_perm("planes.verify_activity")


@override_settings(APPROVERS_DESK_LIMIT=1)
def test_approvers_desk_lists_the_oldest_and_links_to_all_of_them(client, board):
    submit(login(client, board["government"]), board["milestones"]["own"], "Primero")
    submit(login(client, board["admin"]), board["milestones"]["other"], "Segundo")
    approver = login(client, board["approver"])
    content = approver.get(reverse("wagtailadmin_home")).content.decode()
    desk = content[content.index("Pendientes de revisión") :]
    assert "Primero" in desk and "Segundo" not in desk
    link = reverse("followup_desk") + "?owed=in_review"
    assert f'href="{link}"' in desk
    assert "ver los 2 envíos pendientes en la mesa de seguimiento" in desk
    listing = approver.get(link).content.decode()
    assert "Primero" in listing and "Segundo" in listing
