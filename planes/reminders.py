"""Reminders (#17): each assigned editor's digest of what they owe (planes/followup.py:
milestones, the open period's report and their organization's assessment once due within
the settings' days) and each approver's digest of the submissions, pages or voices,
waiting for review longer than the settings' days, sent once a day at most (SentDigest), in
Spanish, as plain text and HTML, with direct links, through django-tasks (planes/mail.py).
People who opted out in their account settings (ReminderPreference) get nothing."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_admin_base_url

from instancia.models import current

from .followup import (
    ASSESSMENT,
    IN_REVIEW,
    MILESTONE_KINDS,
    PERIOD_REPORT,
    owed_rows,
    review_rows,
    rows_of,
    with_commitment_titles,
)
from .mail import send_email
from .models import ReminderPreference, SentDigest, followup_settings
from .permissions import MODERATOR_GROUPS, ROLE_LOOKUP


@dataclass
class Digest:
    user: object
    kind: str
    subject: str
    items: list = field(default_factory=list)

    def render(self) -> tuple[str, str]:
        context = {"digest": self, "user": self.user, "items": self.items}
        return (
            render_to_string("planes/mail/reminder.txt", context),
            render_to_string("planes/mail/reminder.html", context),
        )


def _link(path: str) -> str:
    return get_admin_base_url().rstrip("/") + path


def _opted_out() -> set[int]:
    return set(
        ReminderPreference.objects.filter(receive_reminders=False).values_list("user_id", flat=True)
    )


def _in_digest(row, day: datetime.date, report_due_days: int) -> bool:
    """A period's report or an assessment enters the digest once its due date is within
    the settings' days (or past); the rest, while owed."""
    if row.kind in (PERIOD_REPORT, ASSESSMENT) and row.end_date is not None:
        return (row.end_date - day).days <= report_due_days
    return True


def _item(row) -> dict:
    """A digest's line: a milestone by its title; a period's report or an assessment by its
    commitment, the detail saying which period and how late."""
    milestone = row.kind in MILESTONE_KINDS
    if milestone or row.kind == IN_REVIEW:
        title = row.title
        if row.commitment_title and row.title != row.commitment_title:
            # A milestone (or a submission about one) with the commitment it belongs to.
            title = f"{row.commitment_title} · {row.title}"
    else:
        title = row.commitment_title or row.title
    return {
        "title": title,
        "owed": row.owed_with_detail,
        "end_date": row.end_date,
        "date_label": _("término") if milestone else _("fecha límite"),
        "days_late": row.days_late if milestone else 0,
        "url": _link(row.url),
    }


def editor_digests(day: datetime.date, report_due_days: int | None = None) -> list[Digest]:
    """Each assigned, active editor with something owed in their commitments: milestones,
    the open period's report (government editors), their organization's assessment."""
    if report_due_days is None:
        report_due_days = followup_settings().report_due_days
    out = _opted_out()
    rows = [row for row in owed_rows(day) if _in_digest(row, day, report_due_days)]
    owing = {user_id for row in rows for user_id in row.user_ids} - out
    users = get_user_model().objects.filter(pk__in=owing, is_active=True).order_by("username")
    digests = []
    for user in users:
        items = [_item(row) for row in rows_of(rows, user.pk)]
        digests.append(
            Digest(
                user,
                SentDigest.Kind.EDITOR,
                ngettext(
                    "%(board)s: %(n)s asunto pendiente",
                    "%(board)s: %(n)s asuntos pendientes",
                    len(items),
                )
                % {"board": current().board_name, "n": len(items)},
                items,
            )
        )
    return digests


def approver_digests(day: datetime.date, wait_days: int) -> list[Digest]:
    """Each active approver or administrator, if submissions (pages or voices) wait longer
    than the days."""
    items = [
        {
            **_item(row),
            "owed": ngettext(
                "En revisión desde hace %(days)s día",
                "En revisión desde hace %(days)s días",
                row.waiting_days,
            )
            % {"days": row.waiting_days}
            + (" · " + _("envió %(name)s") % {"name": row.submitter} if row.submitter else ""),
            "end_date": None,
        }
        for row in sorted(
            with_commitment_titles(review_rows(day, None)), key=lambda row: -row.waiting_days
        )
        if row.waiting_days > wait_days
    ]
    if not items:
        return []
    out = _opted_out()
    approvers = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(**{f"groups__{ROLE_LOOKUP}__in": MODERATOR_GROUPS}))
        .exclude(pk__in=out)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
    subject = ngettext(
        "%(board)s: %(n)s envío espera revisión",
        "%(board)s: %(n)s envíos esperan revisión",
        len(items),
    ) % {
        "board": current().board_name,
        "n": len(items),
    }
    return [Digest(user, SentDigest.Kind.APPROVER, subject, items) for user in approvers]


def due_digests(day: datetime.date) -> list[Digest]:
    settings = followup_settings()
    return editor_digests(day, settings.report_due_days) + approver_digests(
        day, settings.review_wait_days
    )


def send_digests(day: datetime.date, dry_run: bool = False, write=print) -> int:
    """Send (or, dry, print) the day's digests not sent yet; return how many."""
    settings = followup_settings()
    if not settings.sends_on(day):
        write(_("Hoy no toca: los recordatorios son semanales (los lunes)."))
        return 0
    sent = 0
    for digest in due_digests(day):
        if not digest.user.email:
            continue
        if SentDigest.objects.filter(user=digest.user, kind=digest.kind, day=day).exists():
            continue
        text, html = digest.render()
        if dry_run:
            write(f"--- {digest.user.email}: {digest.subject}\n{text}")
            sent += 1
            continue
        SentDigest.objects.create(
            user=digest.user, kind=digest.kind, day=day, items=len(digest.items)
        )
        send_email.enqueue(digest.user.email, digest.subject, text, html)
        sent += 1
    return sent
