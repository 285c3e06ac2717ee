"""Who owes what (#17): the one computation the follow-up desk, the editors' panel and the
reminders share.

What a milestone owes follows the calendar's rules (planes/progress.py, in SQL through
the querysets): overdue («con retraso»), due soon («por vencer»), not updated («sin
actualizar»). Only published milestones are listed; the people who owe them are those
assigned to their commitment (planes/models/assignment.py).
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from . import progress
from .models import CommitmentAssignment, MilestonePage, followup_days

OVERDUE = "overdue"
#: What a milestone may owe, most urgent first.
OWED = {
    OVERDUE: _("Vencida"),
    progress.DUE_SOON: progress.WARNINGS[progress.DUE_SOON],
    progress.STALE: progress.WARNINGS[progress.STALE],
}


def owed_milestones(today: datetime.date | None = None, commitment_paths=None):
    """Published milestones that owe something on ``today``, most urgent first (the
    earliest end date first: the overdue, then the due soon, then the rest)."""
    today = today or datetime.date.today()
    due_days, stale_days = followup_days()
    milestones = MilestonePage.objects.live()
    condition = (
        milestones.delayed_condition(today)
        | milestones.due_soon_condition(today, due_days)
        | milestones.stale_condition(today, stale_days)
    )
    milestones = milestones.filter(condition)
    if commitment_paths is not None:
        milestones = milestones.filter(path__regex=_under_any(commitment_paths))
    return milestones.order_by("end_date", "path")


def _under_any(paths) -> str:
    """A regex matching the children of any of ``paths`` (no paths: nothing)."""
    if not paths:
        return r"^$a"
    return "^(" + "|".join(paths) + ")[0-9A-Z]{4}$"


def owed_by(milestone, today: datetime.date | None = None) -> list[str]:
    """What the milestone owes (keys of :data:`OWED`)."""
    today = today or datetime.date.today()
    due_days, stale_days = followup_days()
    owed = []
    if milestone.is_delayed(today):
        owed.append(OVERDUE)
    if milestone.is_due_soon(today, due_days):
        owed.append(progress.DUE_SOON)
    if milestone.is_stale(today, stale_days):
        owed.append(progress.STALE)
    return owed


def assignees_by_commitment(paths) -> dict[str, list]:
    """The people assigned to each commitment (by tree path), in one query."""
    people = defaultdict(list)
    assignments = CommitmentAssignment.objects.filter(commitment__path__in=set(paths))
    for assignment in assignments.select_related("user").values(
        "commitment__path", "user__username", "user__first_name", "user__last_name"
    ):
        name = " ".join(
            part for part in (assignment["user__first_name"], assignment["user__last_name"]) if part
        )
        people[assignment["commitment__path"]].append(name or assignment["user__username"])
    return people


def decorate(milestones, today: datetime.date | None = None) -> list:
    """Give each milestone its ``owed`` labels, its commitment's ``assignees`` and
    ``days_late`` (one query for any number of rows)."""
    today = today or datetime.date.today()
    milestones = list(milestones)
    steplen = MilestonePage.steplen
    people = assignees_by_commitment(m.path[:-steplen] for m in milestones)
    for milestone in milestones:
        keys = owed_by(milestone, today)
        milestone.owed_keys = keys
        milestone.owed = ", ".join(str(OWED[key]) for key in keys)
        milestone.assignees = ", ".join(people.get(milestone.path[:-steplen], [])) or "—"
        milestone.days_late = (
            (today - milestone.end_date).days if OVERDUE in keys and milestone.end_date else 0
        )
    return milestones
