"""Each voice hears what the other did: the commitment's civil-society editors are told
by e-mail when the government submits or publishes a change (sent in the background
through django-tasks; a mail server that is down never fails the change)."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    MilestonePageFactory,
    activity,
)
from planes.choices import ActivityStatus as S
from planes.models import CommitmentAssignment, EditorRole, GovernmentResponse, MilestonePage
from planes.permissions import APPROVERS
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url, publish

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def people(home, groups):
    plan = publish(ActionPlanPageFactory(parent=home))
    own = publish(CommitmentPageFactory(parent=plan, number=1, title="Gasto abierto"))
    other = publish(CommitmentPageFactory(parent=plan, number=2, title="Fideicomisos"))
    milestone = publish(
        MilestonePageFactory(parent=own, title="Padrón", activities=[activity(S.IN_PROGRESS)])
    )
    people = {"milestone": milestone}
    for name, commitment, role in (
        ("gobierno", own, EditorRole.GOVERNMENT),
        ("civil", own, EditorRole.CIVIL_SOCIETY),
        ("civil2", own, EditorRole.CIVIL_SOCIETY),
        ("ajena", other, EditorRole.CIVIL_SOCIETY),
    ):
        people[name] = User.objects.create_user(name, f"{name}@example.org", "x")
        CommitmentAssignment.objects.create(commitment=commitment, user=people[name], role=role)
    people["aprobadora"] = User.objects.create_user("aprobadora", "a@example.org", "x")
    people["aprobadora"].groups.add(groups[APPROVERS])
    return people


def submit(client, page, title):
    data = milestone_edit_data(client, page)
    data["title"] = title
    data["action-submit"] = "1"
    return client.post(edit_url(page), data)


def recipients(subject_part: str) -> set[str]:
    return {m.to[0] for m in mail.outbox if subject_part in m.subject}


def test_a_government_submission_is_told_to_the_commitments_civil_society(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["gobierno"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, people["milestone"], "Padrón validado").status_code == 302
    assert recipients("Se envió a revisión") == {"civil@example.org", "civil2@example.org"}
    message = next(m for m in mail.outbox if m.to == ["civil@example.org"])
    assert "gobierno" in message.body and edit_url(people["milestone"]) in message.body
    assert message.alternatives and "Padrón validado" in message.alternatives[0][0]


def test_its_publication_is_told_too(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["gobierno"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, people["milestone"], "Padrón validado")
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    client.force_login(people["aprobadora"])
    mail.outbox.clear()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[people["milestone"].pk, "approve", task_state.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"comment": ""}).status_code == 302
    assert MilestonePage.objects.get(pk=people["milestone"].pk).title == "Padrón validado"
    assert recipients("Se publicó un cambio") == {"civil@example.org", "civil2@example.org"}
    message = next(m for m in mail.outbox if "Se publicó" in m.subject)
    assert people["milestone"].url_path.strip("/").split("/")[-1] in message.body


def test_civil_societys_own_change_is_not_told_back_to_it(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["civil"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, people["milestone"], "Padrón según la OSC").status_code == 302
    assert not recipients("Se envió a revisión")


def test_a_mail_server_that_is_down_never_fails_the_change(
    client, people, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = 2
    client.force_login(people["gobierno"])
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, people["milestone"], "Padrón durante la caída del correo")
    assert response.status_code == 302
    latest = MilestonePage.objects.get(pk=people["milestone"].pk).get_latest_revision_as_object()
    assert latest.title == "Padrón durante la caída del correo"


# The two voices: each side hears when the other publishes. ------------------------
from tests.test_voices import (  # noqa: E402  (the voices' own fixture and helpers)
    RESPONSE,
    published_assessment,
    response_form,
    snippet_url,
    voices,  # noqa: F401
    workflow_action,
)


def test_a_published_assessment_is_told_to_the_government_and_its_response_to_civil_society(
    client,
    voices,  # noqa: F811  (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = published_assessment(client, voices)
    told = [m for m in mail.outbox if "publicó su valoración" in m.subject]
    assert {m.to[0] for m in told} == {voices["government"].email}
    assert "En desacuerdo" in told[0].body

    client.force_login(voices["government"])
    url = snippet_url(RESPONSE, "add") + f"?assessment={assessment.pk}"
    data = response_form(client, url)
    data["action-submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    mail.outbox.clear()
    response = GovernmentResponse.objects.get(assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, voices["approver"], RESPONSE, response, "approve")
    told = [m for m in mail.outbox if "respondió a la valoración" in m.subject]
    assert {m.to[0] for m in told} == {voices["civil"].email, voices["other_civil"].email}
