"""Illustrative reporting periods for the demo plan: four semesters, the first three
closed, with snapshots whose figures grow towards today's published ones.

The demo's content is loaded at once, so there is no real past to photograph: the
earlier figures are scaled down from today's (period k of n shows k/(n+1) of today's
progress). The about page and README say the history is illustrative. Idempotent.

For the same reason every evidence item and progress update was first published at load
time, after the illustrative periods "closed": they are recorded as first published on
their own date (at noon), so none is marked «informado después del cierre».
"""

import datetime

from django.utils import timezone

from planes.models import (
    Activity,
    EvidencePublication,
    MilestonePage,
    PeriodSnapshot,
    PeriodStatus,
    ReportingPeriod,
    UpdatePublication,
)
from planes.periods import generate_periods, snapshot_rows
from planes.progress import completion_level

#: How many of the generated periods the demo closes.
CLOSED_PERIODS = 3


def _scaled(row: PeriodSnapshot, share: float) -> PeriodSnapshot:
    """The row as it might have looked earlier: ``share`` of each done figure."""
    row.pct_verified = round(row.pct_verified * share, 1)
    row.pct_completed = round(row.pct_completed * share, 1)
    done = row.pct_verified + row.pct_completed
    row.pct_in_progress = round(min(row.pct_in_progress, 100 - done), 1)
    row.pct_not_started = round(max(0.0, 100 - done - row.pct_in_progress), 1)
    row.progress = round(done, 1)
    if row.activities_done is not None:
        row.activities_done = int(row.activities_done * share)
    if row.evidence_count is not None:
        row.evidence_count = int(row.evidence_count * share)
    row.completion_level = completion_level(row.progress)
    return row


def load_periods(plan) -> int:
    """Semesters of the plan, the first three closed with illustrative snapshots;
    returns how many periods were closed now (0 when already done)."""
    if not (plan.start_date and plan.end_date):
        return 0
    generate_periods(plan, months=6)
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("start_date"))
    closed = 0
    for index, period in enumerate(periods[:CLOSED_PERIODS], start=1):
        if period.is_closed:
            continue
        taken_at = timezone.make_aware(
            datetime.datetime.combine(period.end_date, datetime.time(18, 0))
        )
        share = index / (len(periods) + 1)
        rows = [_scaled(row, share) for row in snapshot_rows(period, taken_at)]
        PeriodSnapshot.objects.bulk_create(rows)
        period.status, period.closed_at = PeriodStatus.CLOSED, taken_at
        period.save(update_fields=["status", "closed_at"])
        closed += 1
    if closed:
        date_publications(plan)
    return closed


def _noon(value) -> datetime.datetime | None:
    """Noon of a date (an ISO string or a date) in the current time zone; None if unset."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime.date):
        return None
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def date_publications(plan) -> None:
    """Record the plan's evidence and updates as first published on their own dates
    (undated ones: unknown, never marked late), as the illustrative history has it."""
    milestones = MilestonePage.objects.descendant_of(plan).values("pk")
    dates = {
        (activity.milestone_id, block.get("id")): _noon((block.get("value") or {}).get("date"))
        for activity in Activity.objects.filter(milestone__in=milestones).only(
            "milestone_id", "evidence"
        )
        for block in activity.evidence.raw_data
    }
    evidence = list(EvidencePublication.objects.filter(milestone__in=milestones))
    for publication in evidence:
        publication.first_published_at = dates.get((publication.milestone_id, publication.block_id))
    EvidencePublication.objects.bulk_update(evidence, ["first_published_at"], batch_size=500)
    updates = list(
        UpdatePublication.objects.filter(update__milestone__in=milestones).select_related("update")
    )
    for publication in updates:
        publication.first_published_at = _noon(publication.update.date)
    UpdatePublication.objects.bulk_update(updates, ["first_published_at"], batch_size=500)
