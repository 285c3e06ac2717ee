"""The self-assessment report of a plan (issue #16): every published commitment with its
milestones, evidence, updates, civil society's assessments, the government's responses
and the IRM's assessment, read in a fixed number of queries however large the plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from instancia.models import current

from .choices import CompletionLevel, Stance
from .history import late_evidence_ids, late_update_ids
from .links import public_url
from .models import (
    CommitmentPage,
    MilestonePage,
    PeriodSnapshot,
    PeriodStatus,
    ProgressUpdate,
    ReportingPeriod,
    SnapshotKind,
)
from .queries import evidence_by_milestone, live_commitments, published_assessments

#: The IRM fields the report shows, in order; a new IRM field is one more name here.
IRM_FIELDS = [
    "irm_specificity",
    "irm_verifiable",
    "irm_relevant_to_ogp_values",
    "irm_potential_impact",
    "irm_potential_for_results",
    "irm_completion_midterm",
    "irm_completion",
    "irm_did_it_open_government",
    "irm_early_results",
    "irm_notes",
    "irm_report_url",
]


def irm_rows(commitment: CommitmentPage) -> list[tuple[str, str]]:
    """(label, value) of the IRM fields recorded for the commitment, in Spanish."""
    rows = []
    for name in IRM_FIELDS:
        field = CommitmentPage._meta.get_field(name)
        value = getattr(commitment, name)
        if value in (None, "", []):
            continue
        if isinstance(value, bool):
            shown = _("Sí") if value else _("No")
        elif field.choices:
            shown = str(getattr(commitment, f"get_{name}_display")())
        else:
            shown = str(value)
        rows.append((str(field.verbose_name).capitalize(), shown))
    if commitment.irm_ogp_values:
        label = CommitmentPage._meta.get_field("irm_ogp_values").verbose_name
        rows.append((str(label).capitalize(), ", ".join(commitment.irm_ogp_value_labels)))
    return rows


def open_data_license() -> dict:
    """The open-data licence, as the open-data page /datos/ shows it (the instance's)."""
    instance = current()
    return {"name": instance.licence, "url": instance.licence_link}


def closed_period_of(plan, value) -> ReportingPeriod | None:
    """The plan's closed period whose id is ``value`` (a query-string value), or None
    when there is no such closed period of this plan or the value is not an id."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return ReportingPeriod.objects.filter(
        plan=plan, pk=int(value), status=PeriodStatus.CLOSED
    ).first()


def closed_periods_of(plan) -> list[ReportingPeriod]:
    """The plan's closed periods, oldest first (each has a report of its own)."""
    return list(
        ReportingPeriod.objects.filter(plan=plan, status=PeriodStatus.CLOSED).order_by(
            "start_date", "pk"
        )
    )


@dataclass(frozen=True)
class ReportEvidence:
    """An evidence item as the report lists it: its absolute public address (the
    configured base URL, as e-mails and the API give it) and whether it was reported
    after its period had closed («informado después del cierre», as on the pages)."""

    title: str
    date: datetime.date | None
    url: str
    late: bool = False


@dataclass(frozen=True)
class Figures:
    """What the report shows of a page's progress: today's, or at a period's close."""

    progress: float
    completion_level: str
    delayed: bool = False
    activities_done: int | None = None
    activities_total: int | None = None
    milestones_done: int | None = None
    milestones_total: int | None = None
    #: Civil society at the close (PeriodSnapshot.civil_society); None: not recorded.
    civil_society: object = None

    @property
    def completion_level_label(self) -> str:
        return str(CompletionLevel(self.completion_level).label)

    @property
    def voices(self) -> list[dict]:
        """A milestone's snapshotted stances, with their labels."""
        if not isinstance(self.civil_society, list):
            return []
        return [
            {
                **voice,
                "stance_label": str(Stance(voice["stance"]).label),
                "completion_level_label": str(CompletionLevel(voice["completion_level"]).label),
            }
            for voice in self.civil_society
        ]


def _today(page) -> Figures:
    return Figures(
        progress=page.progress,
        completion_level=page.completion_level,
        delayed=bool(getattr(page, "delayed", False)),
        activities_done=getattr(page, "activities_done", None),
        activities_total=getattr(page, "activities_total", None),
        milestones_done=getattr(page, "milestones_done", None),
        milestones_total=getattr(page, "milestones_total", None),
    )


def _snapshotted(snapshot: PeriodSnapshot, milestones: list | None = None) -> Figures:
    done = total = None
    if milestones is not None:
        total = len(milestones)
        done = sum(1 for m in milestones if m.completion_level == CompletionLevel.COMPLETE)
    return Figures(
        progress=snapshot.progress,
        completion_level=snapshot.completion_level,
        delayed=snapshot.delayed,
        activities_done=snapshot.activities_done,
        activities_total=snapshot.activities_total,
        milestones_done=done,
        milestones_total=total,
        civil_society=snapshot.civil_society,
    )


def report_commitments(plan, period: ReportingPeriod | None = None) -> list[CommitmentPage]:
    """The plan's published commitments, each with ``report_milestones`` (published, with
    ``evidence_items``, ``report_updates`` and ``report_assessments``, each assessment with its
    ``published_response``) and ``irm_rows``; drafts never appear. Each page carries the
    ``figures`` the report shows: today's, or, for a closed ``period``, its snapshot's
    (then only pages the period recorded, and evidence and updates dated up to its end)."""
    commitments = _report_commitments(plan)
    if period is None:
        for commitment in commitments:
            commitment.figures = _today(commitment)
            for milestone in commitment.report_milestones:
                milestone.figures = _today(milestone)
        return commitments
    snapshots = {
        s.page_id: s
        for s in PeriodSnapshot.objects.current()
        .public()
        .filter(period=period, kind__in=[SnapshotKind.COMMITMENT, SnapshotKind.MILESTONE])
    }
    shown = []
    for commitment in commitments:
        if commitment.pk not in snapshots:
            continue  # published after the period closed
        milestones = [m for m in commitment.report_milestones if m.pk in snapshots]
        for milestone in milestones:
            milestone.figures = _snapshotted(snapshots[milestone.pk])
            milestone.evidence_items = [
                e for e in milestone.evidence_items if e.date and e.date <= period.end_date
            ]
            milestone.report_updates = [
                u for u in milestone.report_updates if u.date <= period.end_date
            ]
            milestone.report_assessments = []  # the period's stances: ``figures.voices``
        commitment.report_milestones = milestones
        commitment.figures = _snapshotted(
            snapshots[commitment.pk], [snapshots[m.pk] for m in milestones]
        )
        shown.append(commitment)
    return shown


def _report_commitments(plan) -> list[CommitmentPage]:
    commitments = list(live_commitments(plan))
    milestones = list(
        MilestonePage.objects.live()
        .descendant_of(plan)
        .prefetch_related(
            "responsible_institutions",
            "responsible_organizations",
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related(
                    "author_institution", "author_organization"
                ).order_by("date", "pk"),
                to_attr="report_updates",
            ),
        )
        .order_by("path")
    )
    evidence = evidence_by_milestone(milestones)
    late = late_evidence_ids(plan, evidence)
    late_updates = late_update_ids(plan, [u for m in milestones for u in m.report_updates])
    voices: dict[int, list] = {}
    for assessment in published_assessments(milestones):
        voices.setdefault(assessment.milestone_id, []).append(assessment)
    by_path: dict[str, list] = {}
    for milestone in milestones:
        milestone.evidence_items = [
            ReportEvidence(
                title=item.title,
                date=item.date,
                url=public_url(item.url),
                late=bool(item.block_id) and item.block_id in late,
            )
            for item in evidence[milestone.pk]
        ]
        for update in milestone.report_updates:
            update.late = update.pk in late_updates
        milestone.report_assessments = voices.get(milestone.pk, [])
        by_path.setdefault(milestone.path[: -MilestonePage.steplen], []).append(milestone)
    for commitment in commitments:
        commitment.report_milestones = by_path.get(commitment.path, [])
        commitment.irm_rows = irm_rows(commitment)
    return commitments
