"""Illustrative reporting periods for the demo plan: four semesters, the first three
closed, with snapshots whose figures grow towards today's published ones.

The demo's content is loaded at once, so there is no real past to photograph: the
earlier figures are scaled down from today's (period k of n shows k/(n+1) of today's
progress). The about page and README say the history is illustrative. Idempotent.
"""

import datetime

from django.utils import timezone

from planes.models import PeriodSnapshot, PeriodStatus, ReportingPeriod
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
    return closed
