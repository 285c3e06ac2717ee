"""The plan followed through time: each page's figures at every closed period
(planes/models/periods.py) and what changed since the last one. A fixed number of
queries per page, whatever the number of periods or milestones."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import F, OuterRef, Subquery

from .choices import CompletionLevel
from .models import PeriodSnapshot, PeriodStatus, ReportingPeriod, UpdatePublication
from .tree import ancestor_paths

#: The chart's drawing box (SVG user units); the template scales it to the column.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 24


@dataclass(frozen=True)
class Point:
    period: ReportingPeriod
    progress: float
    completion_level: str
    activities_done: int | None
    activities_total: int | None
    evidence_count: int | None
    x: float = 0
    y: float = 0

    @property
    def completion_level_label(self) -> str:
        return CompletionLevel(self.completion_level).label


def closed_periods(page) -> list[ReportingPeriod]:
    """The closed periods of the plan the page belongs to (or is), oldest first."""
    return list(
        ReportingPeriod.objects.filter(
            plan__path__in=ancestor_paths(page, inclusive=True), status=PeriodStatus.CLOSED
        ).order_by("start_date")
    )


def history(page, periods: list[ReportingPeriod]) -> list[Point]:
    """The page's figures at each closed period (a period before the page existed has none)."""
    if not periods:
        return []
    snapshots = {
        s.period_id: s
        for s in PeriodSnapshot.objects.current().filter(
            page_id=page.pk, period__in=[p.pk for p in periods]
        )
    }
    points = [
        Point(
            period=p,
            progress=snapshots[p.pk].progress,
            completion_level=snapshots[p.pk].completion_level,
            activities_done=snapshots[p.pk].activities_done,
            activities_total=snapshots[p.pk].activities_total,
            evidence_count=snapshots[p.pk].evidence_count,
        )
        for p in periods
        if p.pk in snapshots
    ]
    return _placed(points)


def _placed(points: list[Point]) -> list[Point]:
    """Coordinates for the chart: periods evenly along x, progress 0-100 along y."""
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(1, len(points) - 1)
    span = CHART_HEIGHT - 2 * CHART_PAD
    return [
        replace(
            point,
            x=round(CHART_PAD + index * step, 1),
            y=round(CHART_PAD + span * (1 - point.progress / 100), 1),
        )
        for index, point in enumerate(points)
    ]


@dataclass(frozen=True)
class Change:
    """What changed in one milestone since the last closed period."""

    milestone: object
    progress_before: float | None
    evidence_added: int

    @property
    def advanced(self) -> bool:
        return self.progress_before is None or self.milestone.progress > self.progress_before


def changes_since_last_period(milestones, periods: list[ReportingPeriod], evidence_counts):
    """Milestones that advanced or gained evidence since the last closed period (new
    milestones count as advanced); ``evidence_counts`` maps milestone pk → count today."""
    if not periods:
        return None
    last = periods[-1]
    before = {
        s.page_id: s
        for s in PeriodSnapshot.objects.current().filter(
            period=last, page_id__in=[m.pk for m in milestones]
        )
    }
    changes = []
    for milestone in milestones:
        snapshot = before.get(milestone.pk)
        progress_before = snapshot.progress if snapshot else None
        evidence_before = (snapshot.evidence_count or 0) if snapshot else 0
        added = max(0, evidence_counts.get(milestone.pk, 0) - evidence_before)
        change = Change(milestone, progress_before, added)
        if change.advanced or added:
            changes.append(change)
    return {"period": last, "changes": changes}


def with_change_since_last_close(commitments):
    """Annotate each commitment's progress at its latest closed period (``progress_before``)
    and the change since (``progress_change``; None before any close), in the same query."""
    before = (
        PeriodSnapshot.objects.current()
        .filter(page_id=OuterRef("pk"), period__status=PeriodStatus.CLOSED)
        .order_by("-period__end_date")
        .values("progress")[:1]
    )
    return commitments.annotate(progress_before=Subquery(before)).annotate(
        progress_change=F("progress") - F("progress_before")
    )


def late_update_ids(page, updates) -> set[int]:
    """Updates dated inside a period that had already closed when they were first published
    ("informado después del cierre"); two queries for any number of updates."""
    periods = closed_periods(page)
    updates = list(updates)
    if not (periods and updates):
        return set()
    published = dict(
        UpdatePublication.objects.filter(update__in=updates).values_list(
            "update_id", "first_published_at"
        )
    )
    late = set()
    for update in updates:
        when = published.get(update.pk)
        if when is None:
            continue
        for period in periods:
            closed = period.closed_at
            if closed and period.start_date <= update.date <= period.end_date and when > closed:
                late.add(update.pk)
    return late
