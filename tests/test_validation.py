"""Bad input in the admin gets a clear Spanish error and changes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    MilestonePageFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from planes.models import Activity, CommitmentPage, MilestonePage
from planes.roles import GOVERNMENT_EDITORS
from tests.admin_forms import add_activity, milestone_edit_data, page_form_data
from tests.helpers import add_url, edit_url, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home):
    return ActionPlanPageFactory(parent=home)


@pytest.fixture
def commitment(plan):
    return CommitmentPageFactory(parent=plan, number=1, ogp_id="MX0075")


@pytest.fixture
def milestone(commitment):
    return publish(MilestonePageFactory(parent=commitment, activities=[activity(S.IN_PROGRESS)]))


def post_edit(client, page, data):
    return client.post(edit_url(page), data)


def assert_refused(response, message):
    assert response.status_code == 200, "the editor is shown again, not redirected"
    assert message in response.content.decode()


def test_end_date_before_start_date(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    data["start_date"], data["end_date"] = "2020-05-01", "2020-04-01"
    response = post_edit(admin_client, milestone, data)
    assert_refused(response, "La fecha de término no puede ser anterior a la fecha de inicio.")
    assert MilestonePage.objects.get(pk=milestone.pk).end_date is None
    assert milestone.revisions.count() == 1


def test_activity_end_date_before_start_date(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    data["activities-0-start_date"], data["activities-0-end_date"] = "2020-05-01", "2020-04-01"
    assert_refused(
        post_edit(admin_client, milestone, data),
        "La fecha de término no puede ser anterior a la fecha de inicio.",
    )


def test_negative_weight(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    data["weight"] = "-1"
    assert_refused(
        post_edit(admin_client, milestone, data), "La ponderación no puede ser negativa."
    )
    assert MilestonePage.objects.get(pk=milestone.pk).weight == 1


def test_activity_completed_without_evidence(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    data["activities-0-status"] = S.COMPLETED
    assert_refused(
        post_edit(admin_client, milestone, data),
        "Para marcar la actividad como completada o verificada, agrega al menos una evidencia.",
    )
    assert Activity.objects.get(milestone=milestone).status == S.IN_PROGRESS


def test_activity_completed_with_evidence_is_saved(admin_client, milestone):
    data = milestone_edit_data(
        admin_client,
        milestone,
        evidence_by_form={
            0: [{"title": "Minuta", "date": "2020-03-01", "url": "https://www.gob.mx/sfp"}]
        },
    )
    data["activities-0-status"] = S.COMPLETED
    response = post_edit(admin_client, milestone, data)
    assert response.status_code == 302
    draft = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
    assert draft.activities.first().status == S.COMPLETED
    assert draft.progress == 100


def test_evidence_needs_a_document_or_a_link(admin_client, milestone):
    data = milestone_edit_data(
        admin_client,
        milestone,
        evidence_by_form={0: [{"title": "Sin archivo", "date": "2020-03-01"}]},
    )
    assert_refused(
        post_edit(admin_client, milestone, data), "Adjunta un documento o escribe un enlace."
    )


def test_invalid_date_is_refused_with_a_message(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    data["start_date"] = "2020-02-31"
    response = post_edit(admin_client, milestone, data)
    assert response.status_code == 200
    assert "Introduzca una fecha válida." in response.content.decode()


def login_government_editor(client, page, groups):
    """A government editor allowed to edit ``page``. (Who may edit what is the roles
    issue's concern, tested in test_roles.py; here the permission is granted directly.)"""
    from wagtail.models import GroupPagePermission

    editor = get_user_model().objects.create_user("editora", password="x")
    editor.groups.add(groups[GOVERNMENT_EDITORS])
    GroupPagePermission.objects.create(
        group=groups[GOVERNMENT_EDITORS], page=page, permission_type="change"
    )
    client.force_login(editor)
    return client


def test_only_approvers_may_verify(client, milestone, groups):
    login_government_editor(client, milestone, groups)
    data = milestone_edit_data(
        client,
        milestone,
        evidence_by_form={0: [{"title": "Informe", "date": "2020-03-01", "url": "https://x.mx/i"}]},
    )
    data["activities-0-status"] = S.VERIFIED
    assert_refused(
        post_edit(client, milestone, data),
        "Sólo una persona aprobadora de la instancia coordinadora puede marcar una actividad "
        "como verificada.",
    )
    assert milestone.revisions.count() == 1


def test_approver_may_verify(client, milestone, approver):
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(
        group=approver.groups.get(), page=milestone, permission_type="change"
    )
    client.force_login(approver)
    data = milestone_edit_data(
        client,
        milestone,
        evidence_by_form={0: [{"title": "Informe", "date": "2020-03-01", "url": "https://x.mx/i"}]},
    )
    data["activities-0-status"] = S.VERIFIED
    response = post_edit(client, milestone, data)
    assert response.status_code == 302
    draft = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
    assert draft.activities.first().status == S.VERIFIED


def test_new_activity_can_be_added(admin_client, milestone):
    data = milestone_edit_data(admin_client, milestone)
    add_activity(data, title="Publicar el informe", status=S.NOT_STARTED)
    assert post_edit(admin_client, milestone, data).status_code == 302
    draft = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
    assert [a.title for a in draft.activities.all()][-1] == "Publicar el informe"


def commitment_create_data(client, plan, **fields):
    data = page_form_data(client, add_url("commitmentpage", plan), "page-edit-form")
    data.update({"title": "Otro compromiso", "slug": "otro-compromiso", **fields})
    return data


def test_repeated_commitment_number_in_plan(admin_client, plan, commitment):
    data = commitment_create_data(admin_client, plan, number="1", ogp_id="MX0099")
    response = admin_client.post(add_url("commitmentpage", plan), data)
    assert_refused(response, "Ya existe un compromiso con este número en el plan.")
    assert CommitmentPage.objects.count() == 1


def test_repeated_ogp_id_in_plan(admin_client, plan, commitment):
    data = commitment_create_data(admin_client, plan, number="2", ogp_id="MX0075")
    response = admin_client.post(add_url("commitmentpage", plan), data)
    assert_refused(response, "Ya existe un compromiso con este identificador OGP en el plan.")
    assert CommitmentPage.objects.count() == 1


def test_same_number_in_another_plan_is_fine(admin_client, home, commitment):
    other_plan = ActionPlanPageFactory(parent=home)
    data = commitment_create_data(admin_client, other_plan, number="1", ogp_id="MX0075")
    response = admin_client.post(add_url("commitmentpage", other_plan), data)
    assert response.status_code == 302
    assert CommitmentPage.objects.count() == 2


def test_commitment_date_range(admin_client, commitment):
    data = page_form_data(admin_client, edit_url(commitment), "page-edit-form")
    data.update({"start_date": "2021-01-01", "end_date": "2020-01-01"})
    response = admin_client.post(edit_url(commitment), data)
    assert_refused(response, "La fecha de término no puede ser anterior a la fecha de inicio.")
    assert CommitmentPage.objects.get(pk=commitment.pk).start_date is None


@pytest.mark.parametrize(
    ("sdg_goals", "message"),
    [("5, 18", "Los ODS van del 1 al 17."), ("cinco", "Escribe los números de los ODS")],
)
def test_commitment_sdg_goals(admin_client, commitment, sdg_goals, message):
    data = page_form_data(admin_client, edit_url(commitment), "page-edit-form")
    data["sdg_goals"] = sdg_goals
    assert_refused(admin_client.post(edit_url(commitment), data), message)
    assert CommitmentPage.objects.get(pk=commitment.pk).sdg_goals == ""


def test_plan_edit_date_validation(admin_client, plan):
    data = page_form_data(admin_client, edit_url(plan), "page-edit-form")
    data.update({"start_date": "2021-01-01", "end_date": "2020-01-01"})
    response = admin_client.post(edit_url(plan), data)
    assert_refused(response, "La fecha de término no puede ser anterior a la fecha de inicio.")
    assert plan.__class__.objects.get(pk=plan.pk).start_date == datetime.date(2019, 12, 10)


@pytest.fixture
def verified_milestone(home, approver):
    """A published milestone whose first activity the SFP verified, and an assigned editor."""
    plan = ActionPlanPageFactory(parent=home)
    commitment = CommitmentPageFactory(parent=plan)
    return publish(
        MilestonePageFactory(
            parent=commitment,
            activities=[
                activity(
                    S.VERIFIED, title="Emitir reglas", evidence=[evidence(url="https://x.mx")]
                ),
                activity(S.IN_PROGRESS, title="Difundir reglas"),
            ],
        )
    )


@pytest.fixture
def editor_client(client, verified_milestone, groups):
    return login_government_editor(client, verified_milestone, groups)


VERIFIED_REFUSAL = "Esta actividad ya fue verificada por la instancia coordinadora"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Otro título"), ("description", "Otra cosa"), ("end_date", "2030-01-01")],
)
def test_editor_cannot_rewrite_a_verified_activity(editor_client, verified_milestone, field, value):
    data = milestone_edit_data(editor_client, verified_milestone)
    data[f"activities-0-{field}"] = value
    assert_refused(post_edit(editor_client, verified_milestone, data), VERIFIED_REFUSAL)
    assert verified_milestone.revisions.count() == 1


def test_editor_cannot_replace_the_evidence_of_a_verified_activity(
    editor_client, verified_milestone
):
    data = milestone_edit_data(
        editor_client,
        verified_milestone,
        evidence_by_form={0: [{"title": "Otra", "date": "2020-03-01", "url": "https://y.mx"}]},
    )
    assert_refused(post_edit(editor_client, verified_milestone, data), VERIFIED_REFUSAL)
    assert verified_milestone.revisions.count() == 1


def test_editor_may_still_work_on_the_other_activities(editor_client, verified_milestone):
    data = milestone_edit_data(editor_client, verified_milestone)
    data["activities-1-title"] = "Difundir reglas en radio"
    assert post_edit(editor_client, verified_milestone, data).status_code == 302
    draft = MilestonePage.objects.get(pk=verified_milestone.pk).get_latest_revision_as_object()
    titles = [a.title for a in draft.activities.all()]
    assert titles == ["Emitir reglas", "Difundir reglas en radio"]
    assert draft.activities.first().status == S.VERIFIED


def test_editors_are_not_offered_verificada(editor_client, verified_milestone):
    """The status an editor may not choose is not offered; a verified activity shows its
    status fixed, with the reason."""
    page = editor_client.get(edit_url(verified_milestone)).content.decode()
    second = page[page.index('name="activities-1-status"') :]
    second = second[: second.index("</select>")]
    assert 'value="verified"' not in second and 'value="completed"' in second
    first = page[page.index('name="activities-0-status"') - 300 :]
    assert "disabled" in first[:700]
    assert (
        "Verificada por la instancia coordinadora: sólo una persona aprobadora puede cambiarla."
        in page
    )


def test_approvers_are_offered_verificada(client, verified_milestone, approver):
    client.force_login(approver)
    page = client.get(edit_url(verified_milestone)).content.decode()
    second = page[page.index('name="activities-1-status"') :]
    assert 'value="verified"' in second[: second.index("</select>")]
