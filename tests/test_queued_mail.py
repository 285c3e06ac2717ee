"""Every e-mail waits for the task worker, Wagtail's moderation e-mails included: they are
sent inside the approver's request, so a slow mail server would hold the approval."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import TaskState

from tests.test_review import submission  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

QUEUED = override_settings(
    EMAIL_BACKEND="planes.mail.QueuedEmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)


def _approve(client, page):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": "Correcto."})


def test_an_approval_queues_wagtails_email_and_the_worker_delivers_it(
    client,
    submission,  # noqa: F811
    monkeypatch,
):
    # The worker closes stale connections between tasks; here that would be the test's own
    # transaction (PostgreSQL), so that housekeeping alone is left out.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    mail.outbox.clear()
    with QUEUED:
        assert _approve(client, submission).status_code == 302
        assert mail.outbox == []  # nothing was sent inside the approver's request
        queued = DBTaskResult.objects.filter(task_path="planes.mail.deliver_message")
        assert queued.count() >= 1

        call_command("db_worker", batch=True, verbosity=0)

    approved = [m for m in mail.outbox if "g@example.org" in m.to]
    assert approved, [m.subject for m in mail.outbox]
    assert "Padrón publicado y validado" in approved[0].subject
    assert approved[0].message()["To"] == "g@example.org"
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").filter(
        task_path="planes.mail.deliver_message"
    )
