"""Issue #18: an English admin writes dates that no reader takes for another day (ISO,
as its date fields do: 2026-12-04 16:26), never the day-first 4/12/2026 of Spanish;
the Spanish admin keeps day first."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from tests.helpers import board_language, edit_url
from tests.test_roles import login, submit

pytestmark = pytest.mark.django_db

#: 4/12/2026 or 04/12/2026 (and 12/04/2026: any slash-separated date is ambiguous).
SLASHED_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def submitted(client, board):
    """A milestone its government editor sent to review; when it reached the reviewers."""
    page = board["milestones"]["own"]
    assert submit(login(client, board["government"]), page).status_code == 302
    started = TaskState.objects.get(workflow_state__object_id=str(page.pk)).started_at
    login(client, board["approver"])
    return page, timezone.localtime(started)


def test_the_english_admin_writes_iso_dates_in_the_review_desk(client, board):
    with board_language("en"):
        page, started = submitted(client, board)
        pages = [
            reverse("wagtailadmin_home"),  # the approvers' desk: "Sent"
            edit_url(page),
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        ]
        dashboard = client.get(pages[0]).content.decode()
        assert f"<td>{started:%Y-%m-%d %H:%M}</td>" in dashboard
        for url in pages:
            content = client.get(url).content.decode()
            assert not SLASHED_DATE.search(content), (url, SLASHED_DATE.findall(content))


def test_the_spanish_admin_keeps_the_day_first(client, board):
    page, started = submitted(client, board)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"<td>{started:%d/%m/%Y %H:%M}</td>" in dashboard
