"""The plan followed through time: each page's figures at every closed period
(planes/models/periods.py) and what changed since the last one. A fixed number of
queries per page, whatever the number of periods or milestones."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import F, OuterRef, Subquery

from .choices import CompletionLevel
from .evidence import iso_datetime
from .models import (
    EvidencePublication,
    PeriodSnapshot,
    PeriodStatus,
    ReportingPeriod,
    UpdatePublication,
)
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


def _snapshots_by_period(page, periods: list[ReportingPeriod]) -> dict:
    """The page's current snapshot at each of the periods, by period id (one query)."""
    return {
        s.period_id: s
        for s in PeriodSnapshot.objects.current().filter(
            page_id=page.pk, period__in=[p.pk for p in periods]
        )
    }


def history(page, periods: list[ReportingPeriod]) -> list[Point]:
    """The page's figures at each closed period (a period before the page existed has none)."""
    if not periods:
        return []
    snapshots = _snapshots_by_period(page, periods)
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


def history_entries(page) -> list[dict]:
    """The page's figures at each closed period of its plan, oldest first, as the API's
    ``history`` field gives them (two queries whatever the number of periods)."""
    periods = closed_periods(page)
    if not periods:
        return []
    snapshots = _snapshots_by_period(page, periods)
    entries = []
    for period in periods:
        snapshot = snapshots.get(period.pk)
        if snapshot is None:  # the page did not exist, or was not public, at that close
            continue
        entries.append(
            {
                "period": {
                    "id": period.pk,
                    "name": period.name,
                    "start_date": period.start_date.isoformat(),
                    "end_date": period.end_date.isoformat(),
                    "closed_at": iso_datetime(period.closed_at),
                },
                "progress": snapshot.progress,
                "completion_level": snapshot.completion_level,
                "delayed": snapshot.delayed,
                "activities_done": snapshot.activities_done,
                "activities_total": snapshot.activities_total,
                "evidence_count": snapshot.evidence_count,
                "civil_society": snapshot.civil_society,
            }
        )
    return entries


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


def late_update_ids(page, updates, periods=None) -> set[int]:
    """Updates dated inside a period that had already closed when they were first published
    ("informado después del cierre"); two queries for any number of updates (one when the
    plan's closed ``periods`` are given)."""
    periods = closed_periods(page) if periods is None else periods
    updates = list(updates)
    if not (periods and updates):
        return set()
    published = dict(
        UpdatePublication.objects.filter(update__in=updates).values_list(
            "update_id", "first_published_at"
        )
    )
    return {
        update.pk
        for update in updates
        if _reported_late(update.date, published.get(update.pk), periods)
    }


def _reported_late(day, published_at, periods: list[ReportingPeriod]) -> bool:
    """Dated inside a closed period, first published after that period closed."""
    if day is None or published_at is None:
        return False
    return any(
        p.closed_at and p.start_date <= day <= p.end_date and published_at > p.closed_at
        for p in periods
    )


def _closed_periods_by_milestone(milestones) -> dict[int, list[ReportingPeriod]]:
    """Each milestone's plan's closed periods, oldest first: one query for any plans."""
    paths = {path for m in milestones for path in ancestor_paths(m)}
    periods_of_plan: dict[str, list[ReportingPeriod]] = {}
    closed = ReportingPeriod.objects.filter(plan__path__in=paths, status=PeriodStatus.CLOSED)
    for period in closed.annotate(plan_path=F("plan__path")).order_by("start_date"):
        periods_of_plan.setdefault(period.plan_path, []).append(period)
    return {
        m.pk: [
            period
            for plan_path, periods in periods_of_plan.items()
            if m.path.startswith(plan_path)
            for period in periods
        ]
        for m in milestones
    }


def late_evidence_by_milestone(milestones, evidence: dict[int, list]) -> dict[int, set[str]]:
    """{milestone pk: the block ids of its evidence reported after its period closed} for
    milestones of any plans (``evidence``: milestone pk → its EvidenceItems): two queries
    however many milestones and plans (the API's listings and the open data)."""
    milestones = list(milestones)
    result = {m.pk: set() for m in milestones}
    if not any(evidence.values()):
        return result
    periods = _closed_periods_by_milestone(milestones)
    if not any(periods.values()):
        return result
    published = {
        (milestone_id, block_id): when
        for milestone_id, block_id, when in EvidencePublication.objects.filter(
            milestone_id__in=list(result), first_published_at__isnull=False
        ).values_list("milestone_id", "block_id", "first_published_at")
    }
    for milestone in milestones:
        result[milestone.pk] = {
            item.block_id
            for item in evidence.get(milestone.pk, ())
            if item.block_id
            and _reported_late(
                item.date, published.get((milestone.pk, item.block_id)), periods[milestone.pk]
            )
        }
    return result


def late_updates_of(milestones) -> set[int]:
    """The ids of these milestones' published updates reported after their period closed
    (updates prefetched or not): three queries at most, for milestones of any plans."""
    milestones = list(milestones)
    periods = _closed_periods_by_milestone(milestones) if milestones else {}
    if not any(periods.values()):
        return set()
    rows = UpdatePublication.objects.filter(
        update__milestone__in=[m.pk for m in milestones], first_published_at__isnull=False
    ).values_list("update_id", "update__milestone_id", "update__date", "first_published_at")
    return {
        update_id
        for update_id, milestone_id, day, published_at in rows
        if _reported_late(day, published_at, periods[milestone_id])
    }


def late_evidence_ids(page, evidence: dict[int, list], periods=None) -> set[str]:
    """The block ids of evidence items (``evidence``: milestone pk → its EvidenceItems)
    dated inside a period that had already closed when they were first published
    ("informado después del cierre"); two queries for any number of items."""
    if not any(evidence.values()):
        return set()
    periods = closed_periods(page) if periods is None else periods
    if not periods:
        return set()
    published = {
        (milestone_id, block_id): when
        for milestone_id, block_id, when in EvidencePublication.objects.filter(
            milestone_id__in=list(evidence), first_published_at__isnull=False
        ).values_list("milestone_id", "block_id", "first_published_at")
    }
    return {
        item.block_id
        for milestone_id, items in evidence.items()
        for item in items
        if item.block_id
        and _reported_late(item.date, published.get((milestone_id, item.block_id)), periods)
    }
