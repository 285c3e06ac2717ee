"""Closing, reopening and generating a plan's reporting periods (planes/models/periods.py).

Closing copies what the public sees at that moment (live pages' stored figures, as
planes/progress.py computed them on publish) into immutable snapshots, in a fixed
number of queries whatever the plan's size. Every step lands in Wagtail's audit log.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import (
    Activity,
    CivilSocietyAssessment,
    CommitmentPage,
    MilestonePage,
    PeriodSnapshot,
    PeriodStatus,
    ReportingPeriod,
    SnapshotKind,
)
from .models.voices import stance_summary
from .tree import parent_path

CLOSED_ACTION = "tablero.period.closed"
REOPENED_ACTION = "tablero.period.reopened"
#: How often periods may be generated from a plan's dates: months per period.
FREQUENCIES = {3: _("trimestral"), 4: _("cuatrimestral"), 6: _("semestral"), 12: _("anual")}


def _figures(page) -> dict:
    return {
        "page_id": page.pk,
        "title": page.title,
        "progress": page.progress,
        "pct_verified": page.pct_verified,
        "pct_completed": page.pct_completed,
        "pct_in_progress": page.pct_in_progress,
        "pct_not_started": page.pct_not_started,
        "completion_level": page.completion_level,
        "delayed": bool(getattr(page, "delayed", False)),
    }


def snapshot_rows(period: ReportingPeriod, taken_at) -> list[PeriodSnapshot]:
    """The plan's published figures as snapshot rows (not saved)."""
    plan = period.plan
    commitments = list(CommitmentPage.objects.live().child_of(plan).order_by("number"))
    milestones = list(MilestonePage.objects.live().descendant_of(plan).filter(depth=plan.depth + 2))
    evidence = Counter()
    activities = Activity.objects.filter(milestone__in=milestones).only("milestone_id", "evidence")
    for activity in activities:
        evidence[activity.milestone_id] += len(activity.evidence.raw_data)
    commitment_ids = {c.path: c.pk for c in commitments}
    voices = _civil_society(milestones)
    under: dict[str, list] = {}
    for milestone in milestones:
        under.setdefault(parent_path(milestone), []).extend(
            (milestone.pk, voice["stance"]) for voice in voices.get(milestone.pk, [])
        )
    every = [pair for pairs in under.values() for pair in pairs]
    common = {"period": period, "taken_at": taken_at}
    rows = [
        PeriodSnapshot(
            kind=SnapshotKind.PLAN,
            number=plan.number,
            civil_society=stance_summary(every),
            **_figures(plan),
            **common,
        )
    ]
    rows += [
        PeriodSnapshot(
            kind=SnapshotKind.COMMITMENT,
            parent_page_id=plan.pk,
            number=c.number,
            ogp_id=c.ogp_id,
            civil_society=stance_summary(under.get(c.path, [])),
            **_figures(c),
            **common,
        )
        for c in commitments
    ]
    order = Counter()
    for milestone in sorted(milestones, key=lambda m: m.path):
        parent = parent_path(milestone)
        order[parent] += 1
        rows.append(
            PeriodSnapshot(
                kind=SnapshotKind.MILESTONE,
                parent_page_id=commitment_ids.get(parent),
                number=order[parent],
                activities_done=milestone.activities_done,
                activities_total=milestone.activities_total,
                evidence_count=evidence[milestone.pk],
                civil_society=voices.get(milestone.pk, []),
                **_figures(milestone),
                **common,
            )
        )
    return rows


def _civil_society(milestones) -> dict[int, list[dict]]:
    """Milestone pk → its published assessments as a snapshot keeps them: each
    organization's stance and completion level (one query)."""
    rows = (
        CivilSocietyAssessment.objects.published()
        .filter(milestone__in=[m.pk for m in milestones])
        .order_by("organization__name", "pk")
        .values_list(
            "milestone_id",
            "organization_id",
            "organization__name",
            "organization__acronym",
            "stance",
            "completion_level",
        )
    )
    voices: dict[int, list[dict]] = {}
    for milestone_id, org_id, name, acronym, stance, level in rows:
        voices.setdefault(milestone_id, []).append(
            {
                "organization": {"id": org_id, "name": name, "acronym": acronym},
                "stance": stance,
                "completion_level": level,
            }
        )
    return voices


@transaction.atomic
def close_period(period: ReportingPeriod, user=None) -> int:
    """Close an open period and store its snapshots; returns how many pages they hold."""
    period = ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(_("El periodo «%(name)s» ya está cerrado.") % {"name": period.name})
    now = timezone.now()
    period.plan = period.plan.specific
    rows = PeriodSnapshot.objects.bulk_create(snapshot_rows(period, now))
    period.status, period.closed_at, period.closed_by = PeriodStatus.CLOSED, now, user
    period.save(update_fields=["status", "closed_at", "closed_by"])
    log(instance=period, action=CLOSED_ACTION, user=user, data={"pages": len(rows)})
    return len(rows)


@transaction.atomic
def reopen_period(period: ReportingPeriod, user=None) -> None:
    """Reopen a closed period (administrators): its snapshots are kept, marked superseded."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError(_("El periodo «%(name)s» no está cerrado.") % {"name": period.name})
    PeriodSnapshot.objects.filter(period=period, superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )
    period.status, period.closed_at, period.closed_by = PeriodStatus.OPEN, None, None
    period.save(update_fields=["status", "closed_at", "closed_by"])
    log(instance=period, action=REOPENED_ACTION, user=user)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, 1)


def _free_ranges(start, end, busy) -> list[tuple[datetime.date, datetime.date]]:
    """The parts of ``start``–``end`` that no (start, end) range in ``busy`` covers."""
    free, day = [], start
    for taken_start, taken_end in sorted(busy):
        if taken_end < day or taken_start > end:
            continue
        if taken_start > day:
            free.append((day, taken_start - datetime.timedelta(days=1)))
        day = max(day, taken_end + datetime.timedelta(days=1))
        if day > end:
            return free
    free.append((day, end))
    return free


@transaction.atomic
def generate_periods(plan, months: int = 6, report_days: int = 30) -> list[ReportingPeriod]:
    """Periods covering the plan's dates, ``months`` long, each due ``report_days`` after
    its end. Days already covered by one of the plan's periods (open or closed) are
    skipped: a new period takes only the free days of its range, so generated periods
    never overlap existing ones, and generating twice creates nothing new."""
    if months not in FREQUENCIES:
        raise ValidationError(_("Frecuencia no válida: use 3, 4, 6 o 12 meses."))
    if not (plan.start_date and plan.end_date):
        raise ValidationError(_("El plan necesita fechas de inicio y de término."))
    existing = list(
        ReportingPeriod.objects.select_for_update()
        .filter(plan=plan)
        .values_list("name", "start_date", "end_date")
    )
    names = {name for name, _start, _end in existing}
    busy = [(start, end) for _name, start, end in existing]
    created, start, number = [], plan.start_date, 0
    while start <= plan.end_date:
        end = min(
            _add_months(start.replace(day=1), months) - datetime.timedelta(days=1), plan.end_date
        )
        for free_start, free_end in _free_ranges(start, end, busy):
            number += 1
            name = _("Periodo %(number)s") % {"number": number}
            while name in names:
                number += 1
                name = _("Periodo %(number)s") % {"number": number}
            names.add(name)
            created.append(
                ReportingPeriod.objects.create(
                    plan=plan,
                    name=name,
                    start_date=free_start,
                    end_date=free_end,
                    due_date=free_end + datetime.timedelta(days=report_days),
                )
            )
        start = end + datetime.timedelta(days=1)
    return created


def overlapping_periods(plan) -> list[ReportingPeriod]:
    """The plan's periods that fall within its dates (what generating would skip)."""
    if not (plan.start_date and plan.end_date):
        return []
    return list(
        ReportingPeriod.objects.filter(
            plan=plan, start_date__lte=plan.end_date, end_date__gte=plan.start_date
        ).order_by("start_date", "pk")
    )
