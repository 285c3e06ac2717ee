"""Reminders (#17): each assigned editor's digest of what they owe and each approver's
digest of the submissions waiting for review, sent once a day at most (SentDigest), in
Spanish, as plain text and HTML, with direct links, through django-tasks (planes/mail.py).
People who opted out in their account settings (ReminderPreference) get nothing."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import WorkflowState

from instancia.models import current

from .followup import decorate, owed_milestones
from .mail import send_email
from .models import CommitmentAssignment, ReminderPreference, SentDigest, followup_settings
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


def editor_digests(day: datetime.date) -> list[Digest]:
    """Each assigned, active editor with something owed in their commitments."""
    out = _opted_out()
    paths: dict[int, list[str]] = {}
    users = {}
    for assignment in CommitmentAssignment.objects.select_related("user", "commitment"):
        if not assignment.user.is_active or assignment.user_id in out:
            continue
        users[assignment.user_id] = assignment.user
        paths.setdefault(assignment.user_id, []).append(assignment.commitment.path)
    digests = []
    for user_id, own in paths.items():
        rows = decorate(owed_milestones(day, commitment_paths=own), day)
        if not rows:
            continue
        items = [
            {
                "title": row.title,
                "owed": row.owed,
                "end_date": row.end_date,
                "days_late": row.days_late,
                "url": _link(reverse("wagtailadmin_pages:edit", args=[row.pk])),
            }
            for row in rows
        ]
        digests.append(
            Digest(
                users[user_id],
                SentDigest.Kind.EDITOR,
                ngettext(
                    "%(board)s: %(n)s acción clave por atender",
                    "%(board)s: %(n)s acciones clave por atender",
                    len(items),
                )
                % {"board": current().board_name, "n": len(items)},
                items,
            )
        )
    return digests


def approver_digests(day: datetime.date, wait_days: int) -> list[Digest]:
    """Each active approver or administrator, if submissions wait longer than the days."""
    limit = timezone.make_aware(
        datetime.datetime.combine(day - datetime.timedelta(days=wait_days), datetime.time.min)
    )
    waiting = list(
        WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, created_at__lt=limit)
        .select_related("content_type")
        .order_by("created_at")
    )
    if not waiting:
        return []
    from wagtail.models import Page

    pages = Page.objects.in_bulk([int(state.object_id) for state in waiting])
    items = []
    for state in waiting:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        waited = (day - timezone.localdate(state.created_at)).days
        items.append(
            {
                "title": page.title,
                "owed": ngettext(
                    "En revisión desde hace %(days)s día",
                    "En revisión desde hace %(days)s días",
                    waited,
                )
                % {"days": waited},
                "end_date": None,
                "days_late": 0,
                "url": _link(reverse("wagtailadmin_pages:edit", args=[page.pk])),
            }
        )
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
    return editor_digests(day) + approver_digests(day, settings.review_wait_days)


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
