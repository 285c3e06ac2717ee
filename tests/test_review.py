"""The approver's review: what a submission changes is compared with the published
version (from the desk and from the page's editor), and people are named as colleagues
know them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import TaskState

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    MilestonePageFactory,
    activity,
)
from planes.choices import ActivityStatus as S
from planes.models import CommitmentAssignment, EditorRole
from planes.permissions import APPROVERS
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(client, home, groups):
    """An editor saves a draft of a published milestone, then submits it (the usual way)."""
    plan = publish(ActionPlanPageFactory(parent=home))
    commitment = publish(CommitmentPageFactory(parent=plan, number=1, title="Gasto abierto"))
    milestone = publish(
        MilestonePageFactory(
            parent=commitment, title="Padrón publicado", activities=[activity(S.IN_PROGRESS)]
        )
    )
    User = get_user_model()
    editor = User.objects.create_user(
        "gtorres", "g@example.org", "x", first_name="Gabriela", last_name="Torres"
    )
    CommitmentAssignment.objects.create(
        commitment=commitment, user=editor, role=EditorRole.GOVERNMENT
    )
    approver = User.objects.create_user("aprobadora", "a@example.org", "x")
    approver.groups.add(groups[APPROVERS])
    client.force_login(editor)
    data = milestone_edit_data(client, milestone)
    data["title"] = "Padrón publicado y validado"
    assert client.post(edit_url(milestone), data).status_code == 302  # save draft
    data = milestone_edit_data(client, milestone)
    data["action-submit"] = "1"
    assert client.post(edit_url(milestone), data).status_code == 302  # then submit
    client.force_login(approver)
    return milestone


def _desk(client) -> str:
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    return content[content.index("Pendientes de revisión de la instancia coordinadora") :]


def test_the_desk_compares_the_submission_with_the_published_version(client, submission):
    submission.refresh_from_db()
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[submission.pk, "live", submission.latest_revision_id],
    )
    desk = _desk(client)
    assert f'href="{compare}"' in desk
    assert "Comparar con lo publicado" in desk
    diff = client.get(compare).content.decode()
    assert "Padrón publicado y validado" in diff
    assert "No hay diferencias" not in diff


def test_the_editor_of_a_submitted_page_offers_the_same_comparison(client, submission):
    submission.refresh_from_db()
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[submission.pk, "live", submission.latest_revision_id],
    )
    editor_page = client.get(edit_url(submission)).content.decode()
    assert compare in editor_page


def test_the_desk_names_people_by_full_name_and_body(client, submission):
    from planes.models import Institution, Membership

    sfp = Institution.objects.create(name="Secretaría de la Función Pública", acronym="SFP")
    Membership.objects.create(
        user=get_user_model().objects.get(username="gtorres"), institution=sfp
    )
    desk = _desk(client)
    assert "Gabriela Torres (SFP)" in desk
    assert ">gtorres<" not in desk


def _request_changes(client, page, comment):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": comment}).status_code == 302


def test_the_editor_reads_the_reviewers_comment_at_the_top_of_the_form(client, submission):
    approver = get_user_model().objects.get(username="aprobadora")
    approver.first_name, approver.last_name = "Ana", "Ruiz"
    approver.save()
    _request_changes(client, submission, "Falta la lista de asistencia.")
    client.force_login(get_user_model().objects.get(username="gtorres"))
    page = client.get(edit_url(submission)).content.decode()
    banner = page[page.index("Ana Ruiz pidió cambios") :]
    assert "«Falta la lista de asistencia.»" in banner[:300]
    assert "Cambios solicitados" in page  # the status panel, not "En moderación"
    assert "En Moderación" not in page and "In Moderation" not in page


def test_no_banner_while_the_submission_waits(client, submission):
    client.force_login(get_user_model().objects.get(username="gtorres"))
    assert "pidió cambios" not in client.get(edit_url(submission)).content.decode()


def _my_commitments(client) -> str:
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    start = content.index("Mis compromisos")
    return content[start : content.index("</section>", start)]


def test_an_editors_dashboard_lists_its_commitments_and_what_needs_doing(client, submission):
    import datetime

    commitment = submission.get_parent()
    late = publish(
        MilestonePageFactory(
            parent=commitment,
            title="Mesa atrasada",
            end_date=datetime.date(2020, 1, 1),
            activities=[activity(S.IN_PROGRESS)],
        )
    )
    MilestonePageFactory(parent=commitment, title="Idea nueva", live=False)
    _request_changes(client, submission, "Falta la lista de asistencia.")
    client.force_login(get_user_model().objects.get(username="gtorres"))
    panel = _my_commitments(client)
    assert "1. Gasto abierto" in panel
    rows = {title: panel[panel.index(title) :][:600] for title in ("Padrón", "Mesa", "Idea")}
    assert 'data-state="changes_requested"' in rows["Padrón"]
    assert 'data-state="published"' in rows["Mesa"] and 'data-state="overdue"' in rows["Mesa"]
    assert 'data-state="never_published"' in rows["Idea"]
    assert late.title in panel


def test_only_assigned_people_get_the_panel(client, submission):
    content = client.get(reverse("wagtailadmin_home")).content.decode()  # the approver
    assert "Mis compromisos" not in content


def test_the_editors_panel_queries_do_not_grow_with_milestones(
    client, submission, django_assert_num_queries
):
    from tests.helpers import count_queries

    client.force_login(get_user_model().objects.get(username="gtorres"))
    dashboard = reverse("wagtailadmin_home")
    client.get(dashboard)
    small = count_queries(client, dashboard)
    for number in range(4):
        MilestonePageFactory(parent=submission.get_parent(), title=f"Hito {number}", live=False)
    with django_assert_num_queries(small):
        response = client.get(dashboard)
    assert "Hito 3" in response.content.decode()


def test_the_comparison_names_labels_and_shows_no_reordering_noise(client, home, groups):
    """An approver compares an editor's change of one evidence item's kind: the diff says
    "Entregable" and "Evidencia de gestión", and nothing moved, because nothing did."""
    from demo.factories import ProgressUpdateFactory, evidence
    from planes.models import Institution

    plan = publish(ActionPlanPageFactory(parent=home))
    commitment = publish(CommitmentPageFactory(parent=plan, number=1))
    sfp = Institution.objects.create(name="Secretaría de la Función Pública", acronym="SFP")
    milestone = publish(
        MilestonePageFactory(
            parent=commitment,
            title="Padrón",
            activities=[
                activity(S.COMPLETED, title="Primera", evidence=[evidence(title="Acta")]),
                activity(S.IN_PROGRESS, title="Segunda"),
                activity(S.NOT_STARTED, title="Tercera"),
            ],
            updates=[
                ProgressUpdateFactory.build(author_institution=sfp, text="<p>Uno</p>"),
                ProgressUpdateFactory.build(author_institution=sfp, text="<p>Dos</p>"),
            ],
        )
    )
    approver = get_user_model().objects.create_user("aprobadora", "a@example.org", "x")
    approver.groups.add(groups[APPROVERS])
    client.force_login(approver)
    data = milestone_edit_data(
        client,
        milestone,
        evidence_by_form={
            0: [
                {
                    "title": "Acta",
                    "date": "2020-03-01",
                    "kind": "management",
                    "url": "https://www.gob.mx/sfp",
                }
            ]
        },
    )
    index = int(data["updates-TOTAL_FORMS"])
    for key, value in {
        "id": "",
        "date": "2021-01-15",
        "text": '{"blocks":[{"key":"a","type":"unstyled","text":"Nueva nota","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "author_institution": str(sfp.pk),
        "author_organization": "",
        "ORDER": str(index + 1),
        "DELETE": "",
    }.items():
        data[f"updates-{index}-{key}"] = value
    data["updates-TOTAL_FORMS"] = str(index + 1)
    assert client.post(edit_url(milestone), data).status_code == 302
    milestone.refresh_from_db()
    diff = client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[milestone.pk, "live", milestone.latest_revision_id],
        )
    ).content.decode()
    assert "Evidencia de gestión" in diff and "Entregable" in diff
    assert "deliverable" not in diff and "management" not in diff
    assert "Movido" not in diff and "posicion" not in diff
    assert "Nueva nota" in diff  # the added update
    assert "Tercera" not in diff and "Uno" not in diff  # rows left as they were


def test_a_draft_with_a_half_empty_new_activity_is_refused_at_once(client, submission):
    """Wagtail lets a draft leave required fields for later; an inline row must not be
    saved half-empty (it would only fail at submission): the field is named now."""
    from tests.admin_forms import add_activity

    data = milestone_edit_data(client, submission)  # the approver (the page is in review)
    add_activity(data, title="")
    before = submission.revisions.count()
    response = client.post(edit_url(submission), data)
    assert response.status_code == 200
    assert "Este campo es requerido." in response.content.decode()  # at the row's title
    assert submission.revisions.count() == before


def test_the_editors_email_says_changes_were_requested_not_rejected(client, submission):
    from django.core import mail

    mail.outbox.clear()
    _request_changes(client, submission, "Falta la lista de asistencia.")
    [message] = [m for m in mail.outbox if "g@example.org" in m.to]
    assert message.subject.strip() == "Cambios solicitados en «Padrón publicado y validado»"
    body = message.body + "".join(str(content) for content, _type in message.alternatives)
    assert "pidió cambios" in body and "«Falta la lista de asistencia.»" in body
    assert "rechaz" not in (message.subject + body).lower()
    assert edit_url(submission) in message.body
