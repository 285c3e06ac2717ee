"""Two voices per milestone, through the real admin and site: who speaks for whom, the
authorship of progress updates, the civil-society assessment and the government's
response, moderated by the SFP workflow, and what the public sees."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import (
    ModelLogEntry,
    Revision,
    TaskState,
    WorkflowContentType,
    WorkflowState,
)
from wagtail.test.utils.form_data import rich_text

from demo.factories import (
    DocumentFactory,
    InstitutionFactory,
    MilestonePageFactory,
    OrganizationFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from planes.models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    EditorRole,
    GovernmentResponse,
    Membership,
    MilestonePage,
    ProgressUpdate,
)
from planes.queries import public_document_ids, published_assessments
from planes.roles import setup_groups
from tests.admin_forms import evidence_fields, page_form_data
from tests.helpers import assert_sent_to_dashboard, count_queries, edit_url, publish

pytestmark = pytest.mark.django_db
User = get_user_model()

ASSESSMENT = "civilsocietyassessment"
RESPONSE = "governmentresponse"
COMMENT = "El padrón publicado omite a las personas beneficiarias de tres estados."
REFUSAL = (
    "Sólo quienes pertenecen a la institución u organización autora, asignados al "
    "compromiso, pueden cambiar esto. No se guardó nada."
)


def snippet_url(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_planes_{model}:{view}", args=args)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def voices(board):
    """The board, with a second co-responsible organization (Fundar) whose editor is also
    assigned to the own commitment, and a draft-only document of the civil editor."""
    fundar = OrganizationFactory(name="Fundar, Centro de Análisis", acronym="Fundar")
    milestone = board["milestones"]["own"]
    milestone.responsible_organizations.set([fundar])
    milestone = publish(milestone)
    other_civil = User.objects.create_user("fundar", "fundar@example.org", "x")
    CommitmentAssignment.objects.create(
        commitment=board["own"], user=other_civil, role=EditorRole.CIVIL_SOCIETY
    )
    Membership.objects.create(user=other_civil, organization=fundar)
    document = DocumentFactory(title="Revisión ciudadana del padrón")
    return {
        **board,
        "milestone": milestone,
        "fundar": fundar,
        "other_civil": other_civil,
        "document": document,
    }


def assessment_form(client, url, current=None, **values):
    """The assessment form as the admin renders it, with ``values`` typed in; the evidence
    (built by the browser's JavaScript) is the ``document`` given, else ``current``'s."""
    data = page_form_data(client, url, "w-editor-form")
    document = values.pop("document", None)
    if document is None and current is not None:
        latest = current.get_latest_revision_as_object()
        data.update(evidence_fields("evidence", [block.value for block in latest.evidence]))
    defaults = {
        "stance": "disagree",
        "completion_level": "limited",
        "date": "2021-03-01",
        "comment": f"<p>{COMMENT}</p>",
    }
    defaults.update(values)
    for name, value in defaults.items():
        data[name] = rich_text(value) if name == "comment" else str(value)
    if document is not None or current is None:
        items = [{"title": "Revisión ciudadana", "date": "2021-02-27", "document": document}]
        data.update(evidence_fields("evidence", items if document else []))
    return data


def draft_assessment(client, voices, **values):
    """The civil-society editor saves a draft assessment of the own milestone."""
    login(client, voices["civil"])
    url = snippet_url(ASSESSMENT, "add") + f"?milestone={voices['milestone'].pk}"
    values.setdefault("document", voices["document"])
    response = client.post(url, assessment_form(client, url, **values))
    assert response.status_code == 302, response.content.decode()[:3000]
    return CivilSocietyAssessment.objects.get(organization=voices["gesoc"])


def submit_assessment(client, assessment, user, **values):
    login(client, user)
    url = snippet_url(ASSESSMENT, "edit", assessment.pk)
    data = assessment_form(client, url, assessment, **values)
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def task_state(obj):
    return TaskState.objects.get(
        workflow_state__object_id=str(obj.pk),
        workflow_state__base_content_type__model=obj._meta.model_name,
        status=TaskState.STATUS_IN_PROGRESS,
    )


def workflow_action(client, user, model, obj, action, comment=""):
    login(client, user)
    url = snippet_url(model, "workflow_action", obj.pk, action, task_state(obj).pk)
    return client.post(url, {"comment": comment})


def published_assessment(client, voices, **values):
    assessment = draft_assessment(client, voices, **values)
    submit_assessment(client, assessment, voices["civil"], **values)
    response = workflow_action(client, voices["approver"], ASSESSMENT, assessment, "approve")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.live
    return assessment


def public_page(client, milestone) -> str:
    client.logout()
    response = client.get(MilestonePage.objects.get(pk=milestone.pk).url)
    assert response.status_code == 200
    return response.content.decode()


def snapshot():
    return {
        "assessments": list(
            CivilSocietyAssessment.objects.values("pk", "live", "stance", "comment", "evidence")
        ),
        "responses": list(GovernmentResponse.objects.values("pk", "live", "text")),
        "revisions": Revision.objects.count(),
        "updates": list(ProgressUpdate.objects.values()),
        "page_revisions": Revision.objects.filter(base_content_type__model="page").count(),
    }


# The assessment, from draft to published ----------------------------------------
def test_civil_editor_drafts_submits_and_the_approved_assessment_is_published(client, voices):
    milestone, document = voices["milestone"], voices["document"]

    login(client, voices["civil"])
    form = client.get(snippet_url(ASSESSMENT, "add") + f"?milestone={milestone.pk}")
    assert form.status_code == 200
    content = form.content.decode()
    assert f'<option value="{milestone.pk}" selected>' in content
    assert "Gestión Social y Cooperación" in content
    assert "Fundar" not in content.split('name="organization"')[1].split("</select>")[0]

    assessment = draft_assessment(client, voices)
    assert not assessment.live
    assert assessment.latest_revision.user == voices["civil"]

    def invisible_everywhere():
        page = public_page(client, milestone)
        assert COMMENT not in page
        assert "Lo que dice la sociedad civil" in page
        assert "Ninguna organización corresponsable ha publicado" in page
        assert client.get(document.url).status_code == 404
        assert document.pk not in public_document_ids()
        assert COMMENT not in client.get(f"/api/v2/pages/{milestone.pk}/").content.decode()
        assert COMMENT not in client.get("/buscar/", {"q": "padrón omite"}).content.decode()
        plan_pk = voices["plan"].pk
        tables = client.get(f"/datos/planes/{plan_pk}/evidencias.csv")
        assert (
            document.title not in b"".join(tables.streaming_content).decode()
            if getattr(tables, "streaming", False)
            else document.title not in tables.content.decode()
        )
        assert published_assessments([milestone]) == []

    invisible_everywhere()

    submit_assessment(client, assessment, voices["civil"])
    state = WorkflowState.objects.get(object_id=str(assessment.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("approver@example.org" in m.to for m in mail.outbox)
    invisible_everywhere()

    # The approver finds it on the dashboard, with its commitment and plan, and approves.
    login(client, voices["approver"])
    desk = client.get(reverse("wagtailadmin_home")).content.decode()
    desk = desk[desk.index("Pendientes de revisión de la instancia coordinadora") :]
    assert snippet_url(ASSESSMENT, "edit", assessment.pk) in desk
    assert "1. Gasto abierto" in desk
    assert voices["plan"].title in desk
    response = workflow_action(client, voices["approver"], ASSESSMENT, assessment, "approve")
    assert response.status_code == 302

    assessment.refresh_from_db()
    assert assessment.live
    page = public_page(client, milestone)
    assert COMMENT in page
    assert "En desacuerdo" in page
    assert "Gestión Social y Cooperación" in page
    assert "1 organización corresponsable está en desacuerdo" in page
    download = client.get(document.url)
    assert download.status_code == 200
    assert document.pk in public_document_ids()
    [public] = published_assessments([milestone])
    assert public.pk == assessment.pk
    assert [item.title for item in public.evidence_items] == ["Revisión ciudadana"]

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(assessment.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    for expected in (
        "wagtail.create",
        "wagtail.edit",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert expected in actions, (expected, actions)


def test_changes_requested_then_resubmitted_and_approved_from_the_editor(client, voices):
    assessment = draft_assessment(client, voices)
    submit_assessment(client, assessment, voices["civil"])
    response = workflow_action(
        client, voices["approver"], ASSESSMENT, assessment, "reject", "Falta la fuente."
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(assessment.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any("civil@example.org" in m.to for m in mail.outbox)

    login(client, voices["civil"])
    history = client.get(snippet_url(ASSESSMENT, "history", assessment.pk))
    assert "Falta la fuente." in history.content.decode()
    submit_assessment(client, assessment, voices["civil"], stance="partly")
    assert not CivilSocietyAssessment.objects.get(pk=assessment.pk).live

    # The approver approves from the assessment's own editor (read-only for them).
    login(client, voices["approver"])
    url = snippet_url(ASSESSMENT, "edit", assessment.pk)
    editor = client.get(url)
    assert editor.status_code == 200
    assert "no puedes cambiarlo" in editor.content.decode()
    data = assessment_form(client, url, stance="agree", comment="<p>Texto de la SFP</p>")
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    response = client.post(url, data)
    assert response.status_code == 302

    live = CivilSocietyAssessment.objects.get(pk=assessment.pk)
    assert live.live
    assert (live.stance, COMMENT in live.comment) == ("partly", True)
    assert not Revision.objects.filter(
        object_id=str(assessment.pk), base_content_type__model=ASSESSMENT, user=voices["approver"]
    ).exists()
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(assessment.pk)).values_list("action", flat=True)
    )
    assert {"wagtail.workflow.reject", "wagtail.workflow.resume", "wagtail.publish"} <= actions


def test_the_approver_cannot_rewrite_an_assessment(client, voices):
    assessment = draft_assessment(client, voices)
    submit_assessment(client, assessment, voices["civil"])
    before = snapshot()

    login(client, voices["approver"])
    url = snippet_url(ASSESSMENT, "edit", assessment.pk)
    editor = client.get(url).content.decode()
    assert 'name="stance"' in editor and "disabled" in editor.split('name="stance"')[1][:200]
    data = assessment_form(client, url, stance="agree", comment="<p>Reescrito por la SFP</p>")
    # Saving, or submitting, is refused: the approver only approves or asks for changes.
    for action in ({}, {"action-submit": "1"}, {"action-publish": "1"}):
        response = client.post(url, {**data, **action})
        assert_sent_to_dashboard(client, response, REFUSAL)
    assert snapshot() == before

    # Approving with other content typed in publishes what the organization submitted.
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(url, data)
    live = CivilSocietyAssessment.objects.get(pk=assessment.pk)
    assert live.live and live.stance == "disagree"
    assert "Reescrito" not in live.comment
    assert all(r.user != voices["approver"] for r in live.revisions.all())


def test_nobody_publishes_an_assessment_without_review(client, voices):
    assessment = draft_assessment(client, voices)
    login(client, voices["civil"])
    url = snippet_url(ASSESSMENT, "edit", assessment.pk)
    editor = client.get(url).content.decode()
    assert 'name="action-publish"' not in editor
    data = assessment_form(client, url)
    data["action-publish"] = "1"
    client.post(url, data)
    assert not CivilSocietyAssessment.objects.get(pk=assessment.pk).live
    # Nor does the approver outside the workflow (no task: not even the editor).
    login(client, voices["approver"])
    assert_sent_to_dashboard(client, client.get(url))
    assert_sent_to_dashboard(client, client.post(url, {**data, "action-publish": "1"}))
    assert not CivilSocietyAssessment.objects.get(pk=assessment.pk).live


def test_a_pending_change_of_a_published_assessment_stays_private(client, voices):
    assessment = published_assessment(client, voices)
    submit_assessment(client, assessment, voices["civil"], comment="<p>Versión corregida</p>")
    page = public_page(client, voices["milestone"])
    assert COMMENT in page
    assert "Versión corregida" not in page
    assert "Versión corregida" not in published_assessments([voices["milestone"]])[0].comment


# The other side cannot touch it ---------------------------------------------------
@pytest.mark.parametrize("person", ["government", "other_civil"])
def test_others_cannot_edit_or_delete_an_assessment(client, voices, person):
    assessment = published_assessment(client, voices)
    before = snapshot()
    login(client, voices[person])
    url = snippet_url(ASSESSMENT, "edit", assessment.pk)
    assert_sent_to_dashboard(client, client.get(url))
    data = {"stance": "agree", "completion_level": "complete", "comment": rich_text("<p>x</p>")}
    assert_sent_to_dashboard(client, client.post(url, {**data, "date": "2021-03-01"}))
    delete = snippet_url(ASSESSMENT, "delete", assessment.pk)
    assert_sent_to_dashboard(client, client.post(delete))
    assert snapshot() == before


def test_authors_delete_only_a_never_published_assessment(client, voices):
    draft = draft_assessment(client, voices)
    other = published_assessment(
        client,
        {**voices, "civil": voices["other_civil"], "gesoc": voices["fundar"]},
        document=None,
    )
    login(client, voices["other_civil"])
    response = client.post(snippet_url(ASSESSMENT, "delete", other.pk))
    message = "Sólo quienes la escribieron pueden borrarla, y sólo mientras nunca se haya"
    assert response.status_code == 302
    assert CivilSocietyAssessment.objects.filter(pk=other.pk).exists()
    shown = client.get(reverse("wagtailadmin_home")).context["messages"]
    assert message in " ".join(str(m) for m in shown)
    login(client, voices["civil"])
    assert client.post(snippet_url(ASSESSMENT, "delete", draft.pk)).status_code == 302
    assert not CivilSocietyAssessment.objects.filter(pk=draft.pk).exists()


def test_a_civil_editor_assesses_only_for_their_organization(client, voices):
    login(client, voices["civil"])
    url = snippet_url(ASSESSMENT, "add")
    data = assessment_form(client, url, milestone=voices["milestone"].pk)
    data["organization"] = str(voices["fundar"].pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "opción válida" in str(response.context["form"].errors["organization"])
    other_milestone = voices["milestones"]["other"]
    data = assessment_form(client, url, milestone=other_milestone.pk)
    data["organization"] = str(voices["gesoc"].pk)
    assert client.post(url, data).status_code == 200
    assert not CivilSocietyAssessment.objects.exists()


def test_an_organization_must_be_co_responsible(client, voices):
    """A member of two organizations chooses one that does not answer for the milestone."""
    outsider = OrganizationFactory(name="Observatorio ajeno", acronym="OA")
    Membership.objects.create(user=voices["civil"], organization=outsider)
    login(client, voices["civil"])
    url = snippet_url(ASSESSMENT, "add")
    data = assessment_form(client, url, milestone=voices["milestone"].pk)
    data["organization"] = str(outsider.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Sólo puedes valorar a nombre de una organización" in response.content.decode()
    assert not CivilSocietyAssessment.objects.exists()


def test_one_assessment_per_organization_and_milestone(client, voices):
    draft_assessment(client, voices)
    url = snippet_url(ASSESSMENT, "add")
    data = assessment_form(client, url, milestone=voices["milestone"].pk)
    data["organization"] = str(voices["gesoc"].pk)
    # With one organization, a milestone it already assessed is not offered again...
    response = client.post(url, data)
    assert "opción válida" in str(response.context["form"].errors["milestone"])
    # ...with two, the second assessment of the same organization is refused.
    Membership.objects.create(user=voices["civil"], organization=voices["fundar"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ya tiene una valoración de esta acción clave" in response.content.decode()
    assert CivilSocietyAssessment.objects.count() == 1


def test_bad_input_is_a_spanish_error(client, voices):
    login(client, voices["civil"])
    url = snippet_url(ASSESSMENT, "add")
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    data = assessment_form(
        client,
        url,
        milestone=voices["milestone"].pk,
        date=future,
        comment="<p>" + "palabra " * 400 + "</p>",
    )
    data["organization"] = str(voices["gesoc"].pk)
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "La fecha no puede ser futura." in content
    assert "el máximo es 2000" in content
    for bad in ({"milestone": "x"}, {"organization": "99999"}, {"stance": "maybe"}):
        assert client.post(url, {**data, **bad}).status_code == 200
    assert not CivilSocietyAssessment.objects.exists()


# Listings, history and the chooser show each person what they may see ------------------
def test_drafts_are_private_to_their_authors_and_the_reviewers(client, voices):
    assessment = draft_assessment(client, voices)
    listing = snippet_url(ASSESSMENT, "list")
    history = snippet_url(ASSESSMENT, "history", assessment.pk)
    inspect = snippet_url(ASSESSMENT, "inspect", assessment.pk)
    for person, sees, link in (
        ("civil", True, snippet_url(ASSESSMENT, "edit", assessment.pk)),
        ("approver", True, inspect),  # not in review: read-only
        ("admin", True, inspect),
        ("government", False, inspect),
        ("other_civil", False, inspect),
    ):
        login(client, voices[person])
        content = client.get(listing).content.decode()
        assert (link in content) is sees, person
        assert (client.get(inspect).status_code == 200) is sees, person
        response = client.get(history)
        assert (response.status_code == 200) is sees, person
        chooser = reverse(f"wagtailsnippetchoosers_planes_{ASSESSMENT}:choose")
        assert (str(assessment) in client.get(chooser).json()["html"]) is sees, person


# The government's response ----------------------------------------------------------
def response_form(client, url, **values):
    data = page_form_data(client, url, "w-editor-form")
    defaults = {"date": "2021-03-10", "text": "<p>Publicaremos los tres estados en abril.</p>"}
    defaults.update(values)
    for name, value in defaults.items():
        data[name] = rich_text(value) if name == "text" else str(value)
    return data


def test_government_editor_answers_and_the_response_shows_under_the_assessment(client, voices):
    assessment = published_assessment(client, voices)
    login(client, voices["government"])
    url = snippet_url(RESPONSE, "add") + f"?assessment={assessment.pk}"
    data = response_form(client, url)
    assert data["institution"] == str(voices["sfp"].pk)  # the only one: preselected
    data["action-submit"] = "1"
    assert client.post(url, data).status_code == 302
    response = GovernmentResponse.objects.get(assessment=assessment)
    assert "Publicaremos" not in public_page(client, voices["milestone"])

    # The civil-society editor cannot touch it.
    login(client, voices["civil"])
    assert_sent_to_dashboard(client, client.get(snippet_url(RESPONSE, "edit", response.pk)))

    workflow_action(client, voices["approver"], RESPONSE, response, "approve")
    page = public_page(client, voices["milestone"])
    assert "Respuesta del gobierno" in page
    assert page.index(COMMENT) < page.index("Publicaremos los tres estados en abril.")
    assert published_assessments([voices["milestone"]])[0].published_response.pk == response.pk


def test_only_accountable_government_editors_answer(client, voices):
    assessment = published_assessment(client, voices)
    # An institution of the commitment's editor that does not answer for it.
    stranger = InstitutionFactory(name="Instituto ajeno", acronym="IA")
    Membership.objects.create(user=voices["government"], institution=stranger)
    login(client, voices["government"])
    url = snippet_url(RESPONSE, "add")
    data = response_form(client, url, assessment=assessment.pk, institution=stranger.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Sólo puedes responder a nombre de una institución" in response.content.decode()
    # The civil-society editor is no author of responses at all.
    login(client, voices["civil"])
    assert_sent_to_dashboard(client, client.get(url))
    assert not GovernmentResponse.objects.exists()


# Set-up and queries ------------------------------------------------------
def test_setup_roles_puts_both_voices_under_the_approval_workflow(voices):
    setup_groups()
    setup_groups()
    workflows = {
        wct.content_type.model: wct.workflow.name for wct in WorkflowContentType.objects.all()
    }
    assert workflows == {ASSESSMENT: "Aprobación", RESPONSE: "Aprobación"}


def test_published_assessments_take_a_constant_number_of_queries(
    client, voices, django_assert_num_queries
):
    published_assessment(client, voices)
    milestone = voices["milestone"]
    with django_assert_num_queries(3):
        published_assessments([milestone])
    client.logout()
    small = count_queries(client, milestone.url)
    # More organizations, each with documents, and a response to each.
    for number in range(3):
        organization = OrganizationFactory()
        milestone.responsible_organizations.add(organization)
        milestone.save()
        assessment = CivilSocietyAssessment.objects.create(
            milestone=milestone,
            organization=organization,
            stance="agree",
            completion_level="limited",
            date=datetime.date(2021, 3, number + 1),
            comment="<p>De acuerdo.</p>",
            evidence=[evidence(document=DocumentFactory()), evidence(document=DocumentFactory())],
        )
        assessment.save_revision().publish()
        response = GovernmentResponse.objects.create(
            assessment=assessment, institution=voices["sfp"], text="<p>Gracias.</p>"
        )
        response.save_revision().publish()
    page = MilestonePage.objects.get(pk=milestone.pk)
    with django_assert_num_queries(3):
        assert len(published_assessments(MilestonePage.objects.filter(pk=page.pk))) == 4
    with django_assert_num_queries(small):
        assert client.get(page.url).content.decode().count("Respuesta del gobierno") == 3


def test_the_milestone_page_without_assessments_says_so(client, voices):
    page = public_page(
        client,
        publish(MilestonePageFactory(parent=voices["own"], activities=[activity(S.NOT_STARTED)])),
    )
    assert "Ninguna organización corresponsable ha publicado todavía" in page


def test_publishing_an_assessment_refreshes_the_cached_page(client, voices, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    assessment = draft_assessment(client, voices)
    submit_assessment(client, assessment, voices["civil"])
    client.logout()
    url = MilestonePage.objects.get(pk=voices["milestone"].pk).url
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    workflow_action(client, voices["approver"], ASSESSMENT, assessment, "approve")
    client.logout()
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS"
    assert COMMENT in fresh.content.decode()
    cache.clear()


def test_reviewers_preview_what_was_submitted(client, voices):
    assessment = draft_assessment(client, voices)
    submit_assessment(client, assessment, voices["civil"])
    task = task_state(assessment).task
    url = snippet_url(ASSESSMENT, "workflow_preview", assessment.pk, task.pk)
    login(client, voices["approver"])
    preview = client.get(url)
    assert preview.status_code == 200
    content = preview.content.decode()
    assert COMMENT in content and "Vista previa" in content and "En desacuerdo" in content
    login(client, voices["government"])
    assert client.get(url).status_code in (302, 403)


def test_the_milestone_editor_leads_civil_society_to_its_assessment(client, voices):
    page_editor = edit_url(voices["milestone"])
    add = snippet_url(ASSESSMENT, "add") + f"?milestone={voices['milestone'].pk}"
    login(client, voices["civil"])
    assert add in client.get(page_editor).content.decode()
    assessment = draft_assessment(client, voices)
    content = client.get(page_editor).content.decode()
    assert snippet_url(ASSESSMENT, "edit", assessment.pk) in content
    assert "Valoración de mi organización" in content
    login(client, voices["government"])
    assert "Valorar esta acción clave" not in client.get(page_editor).content.decode()
