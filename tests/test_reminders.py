"""send_reminders (#17): each assigned editor's digest and each approver's, once a day,
none to who opted out (in their account settings), nothing sent by a dry run."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import TaskState, Workflow, WorkflowState

from planes.models import ReminderPreference, SentDigest
from tests.helpers import publish

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def owing(board):
    page = board["milestones"]["own"]
    page.start_date, page.end_date = TODAY - 60 * DAY, TODAY - 5 * DAY
    publish(page)
    other = board["milestones"]["other"]
    other.start_date, other.end_date = TODAY - 60 * DAY, TODAY + 300 * DAY
    publish(other)
    return board


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_editor_gets_their_digest_once_a_day(owing):
    run()
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["civil@example.org", "government@example.org"]
    message = next(m for m in mail.outbox if m.to == ["government@example.org"])
    assert "Hito own" in message.body and "Vencida" in message.body
    assert "Gasto abierto · Hito own" in message.body  # with its commitment
    assert "5 días de retraso" in message.body
    assert "Hito other" not in message.body  # not their commitment
    assert "http://testserver/admin/pages/" in message.body
    html = message.alternatives[0][0]
    assert '<a href="http://testserver/admin/pages/' in html
    # Running again the same day sends nothing new.
    run()
    assert len(mail.outbox) == 2
    assert SentDigest.objects.count() == 2


def test_opted_out_people_get_nothing(client, owing):
    client.force_login(owing["government"])
    page = client.get("/admin/account/").content.decode()
    assert "Recordatorios por correo" in page
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Gabriela",
            "name_email-last_name": "Gómez",
            "name_email-email": "government@example.org",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
            "recordatorios-receive_reminders": "",
        },
    )
    assert response.status_code in (200, 302)
    assert ReminderPreference.objects.get(user=owing["government"]).receive_reminders is False
    run()
    assert [message.to[0] for message in mail.outbox] == ["civil@example.org"]


def test_dry_run_sends_nothing(owing):
    output = run("--dry-run")
    assert "government@example.org" in output and "Hito own" in output
    assert mail.outbox == []
    assert not SentDigest.objects.exists()


def test_bad_date_is_a_clear_error(owing):
    with pytest.raises(CommandError, match="AAAA-MM-DD"):
        run("--date", "mañana")


def test_approvers_hear_of_submissions_waiting_too_long(owing):
    page = owing["milestones"]["other"]
    workflow = Workflow.objects.get(active=True)
    workflow.start(page, owing["government"])
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    mail.outbox.clear()
    run("--date", (TODAY + DAY).isoformat())  # 1 day: within the 3 days allowed
    assert not any("revisión" in m.subject for m in mail.outbox)
    # Waiting counts from when its review task began (a resubmission starts again).
    TaskState.objects.filter(pk=state.current_task_state_id).update(
        started_at=state.current_task_state.started_at - datetime.timedelta(days=5)
    )
    mail.outbox.clear()
    run("--date", (TODAY + 2 * DAY).isoformat())
    to = sorted(m.to[0] for m in mail.outbox if "revisión" in m.subject)
    assert to == ["admin@example.org", "approver@example.org"]
    message = next(m for m in mail.outbox if m.to == ["approver@example.org"])
    assert "Hito other" in message.body and "En revisión desde hace" in message.body
    assert "Fideicomisos · Hito other" in message.body  # with its commitment
    assert "envió government" in message.body  # and who sent it


def test_demo_editors_have_items_due(client, demo):
    """The demo's editors owe something of every kind, so the desk and a dry run show real
    content: milestones overdue, the open period's report, an assessment missing and a
    submission waiting for review."""
    mail.outbox.clear()  # Wagtail's notice of the demo's submission to the approvers
    output = run("--dry-run")
    assert "gobierno@example.org" in output
    assert "sociedad@example.org" in output
    assert "Vencida" in output
    government = output[output.index("--- gobierno@example.org") :]
    government = government[: government.index("\n---")]
    assert "Falta el informe del periodo («Periodo 4», vencido hace" in government
    civil = output[output.index("--- sociedad@example.org") :]
    assert "Falta la valoración de la sociedad civil (GESOC" in civil.split("\n---")[0]
    assert "aprobadora@example.org" in output and "En revisión desde hace 5 días" in output
    assert mail.outbox == []
    client.force_login(get_user_model().objects.get(username="aprobadora"))
    response = client.get("/admin/seguimiento/", {"export": "csv"})
    owed = b"".join(response.streaming_content).decode("utf-8-sig")
    for label in (
        "Vencida",
        "Falta el informe del periodo",
        "Espera revisión",
        "Falta la valoración de la sociedad civil",
    ):
        assert label in owed, label
    client.force_login(get_user_model().objects.get(username="gobierno"))
    dashboard = client.get("/admin/").content.decode()
    assert 'data-owed="in_review"' in dashboard and 'data-owed="period_report"' in dashboard
