"""Read queries for the public site: only live pages, a fixed number of SQL queries."""

import datetime

from django.db.models import Count, Q, QuerySet
from wagtail.documents import get_document_model

from . import progress
from .choices import CompletionLevel, Stance
from .evidence import EvidenceItem, evidence_by_activity, evidence_by_owner
from .models import (
    ActionPlanPage,
    Activity,
    CivilSocietyAssessment,
    CommitmentPage,
    GovernmentResponse,
    MilestonePage,
    PlanMinutes,
    ProgressUpdate,
)
from .models.voices import stance_summary
from .tree import parent_path


def live_commitments(plan=None, *, related: bool = True) -> QuerySet:
    """Published commitments, with their directory entries and tags prefetched unless
    ``related`` is false."""
    qs = CommitmentPage.objects.live()
    if plan is not None:
        qs = qs.child_of(plan)
    if related:
        qs = qs.prefetch_related("lead_institutions", "organizations", "tags")
    return qs.order_by("number")


def live_milestones(commitment) -> QuerySet:
    """A commitment's published milestones (its page's timeline reads none of their
    relations)."""
    return MilestonePage.objects.live().child_of(commitment).order_by("path")


def evidence_by_milestone(milestones) -> dict[int, list[EvidenceItem]]:
    """Each milestone's evidence items, in its activities' order: two queries (activities,
    then their documents) for any number of milestones."""
    activities = Activity.objects.filter(milestone_id__in=[m.pk for m in milestones])
    activities = list(activities.only("pk", "milestone_id", "sort_order", "evidence"))
    by_activity = evidence_by_activity(activities)
    result = {m.pk: [] for m in milestones}
    for activity in activities:
        result[activity.milestone_id].extend(by_activity[activity.pk])
    return result


def level_counts(commitments) -> list[dict]:
    """How many commitments sit at each completion level (in level order)."""
    counts = {level: 0 for level in CompletionLevel.values}
    for commitment in commitments:
        counts[commitment.completion_level] += 1
    return [
        {"key": level, "label": CompletionLevel(level).label, "count": counts[level]}
        for level in CompletionLevel.values
    ]


def situation_counts(commitments) -> list[dict]:
    """How many commitments are delayed, on time or complete."""
    counts = {key: 0 for key in progress.SITUATIONS}
    for commitment in commitments:
        counts[progress.situation(commitment.is_complete, commitment.delayed)] += 1
    return [
        {"key": key, "label": label, "count": counts[key]}
        for key, label in progress.SITUATIONS.items()
    ]


def plan_figures(plan, today: datetime.date) -> dict:
    """The plan dashboard's plan-wide figures, whatever its filters: how many commitments,
    at each level and in each situation on ``today``, and what civil society says of each
    (by commitment id). From the commitments' stored figures: two queries. Plain values, so
    the page keeps them per plan version (planes.page_cache.per_section)."""
    everything = list(
        CommitmentPage.objects.live()
        .child_of(plan)
        .only("path", "progress", "pending_end_date", "end_date")
    )
    levels = {level: 0 for level in CompletionLevel.values}
    situations = {key: 0 for key in progress.SITUATIONS}
    for commitment in everything:
        levels[commitment.completion_level] += 1
        delayed = commitment.is_delayed(today)
        situations[progress.situation(commitment.is_complete, delayed)] += 1
    return {
        "total": len(everything),
        "levels": levels,
        "situations": situations,
        "voices": civil_society_summary(everything),
    }


def figure_rows(figures: dict) -> tuple[list[dict], list[dict]]:
    """:func:`plan_figures`' counts as :func:`level_counts` and :func:`situation_counts`
    give them (with their labels in the active language)."""
    levels = [
        {"key": level, "label": CompletionLevel(level).label, "count": figures["levels"][level]}
        for level in CompletionLevel.values
    ]
    situations = [
        {"key": key, "label": label, "count": figures["situations"][key]}
        for key, label in progress.SITUATIONS.items()
    ]
    return levels, situations


def latest_updates(under=None, limit: int = 5) -> QuerySet:
    """Most recent progress updates on published milestones."""
    qs = ProgressUpdate.objects.filter(milestone__live=True)
    if under is not None:
        qs = qs.filter(milestone__path__startswith=under.path)
    return qs.select_related("milestone", "author_institution", "author_organization").order_by(
        "-date", "-pk"
    )[:limit]


def home_context(home) -> dict:
    plans = list(ActionPlanPage.objects.child_of(home).live().order_by("-start_date", "-number"))
    current = plans[0] if plans else None
    context = {"plans": plans, "current_plan": current, "earlier_plans": plans[1:]}
    if current is not None:
        commitments = list(live_commitments(current))
        voices = civil_society_summary(commitments)
        context.update(
            current_commitments=commitments,
            current_disagreements=sum(v["disagreeing_milestones"] for v in voices.values()),
            current_disagreeing_commitments=sum(
                1 for v in voices.values() if v["disagreeing_milestones"]
            ),
            current_levels=level_counts(commitments),
            current_delayed=sum(1 for c in commitments if c.delayed),
            current_situations=situation_counts(commitments),
            latest_updates=list(latest_updates(current)),
        )
    return context


def directory_commitments(field: str, entry) -> list:
    """Published commitments where ``entry`` appears in the M2M ``field``, each with its
    ``plan`` (two queries for any number of plans), newest plan first. Their directory
    entries are not read: the page's cached cards fetch them for the cards they draw."""
    commitments = list(CommitmentPage.objects.live().filter(**{field: entry}).order_by("path"))
    parent_paths = {parent_path(c) for c in commitments}
    plans = {p.path: p for p in ActionPlanPage.objects.live().filter(path__in=parent_paths)}
    result = []
    for commitment in commitments:
        commitment.plan = plans.get(parent_path(commitment))
        if commitment.plan is not None:  # a commitment under an unpublished plan stays hidden
            result.append(commitment)
    result.sort(key=lambda c: (-(c.plan.start_date or datetime.date.min).toordinal(), c.number))
    return result


def annotate_commitment_counts(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        commitment_count=Count("commitments", filter=Q(commitments__live=True), distinct=True)
    )


def live_plans(root=None) -> QuerySet:
    """Published plans (under ``root`` when given, the root itself included)."""
    qs = ActionPlanPage.objects.live()
    if root is not None:
        qs = qs.descendant_of(root, inclusive=True)
    return qs.order_by("path")


def published_assessments(milestones) -> list[CivilSocietyAssessment]:
    """The published civil-society assessments of these milestones (pages, ids or a
    queryset of milestones), in three queries however many there are.

    Only live assessments of live milestones (a draft, or a change waiting for review,
    never shows). Ordered by milestone (tree order) then organization name. Each comes
    with ``organization`` and ``milestone`` loaded, ``evidence_items`` (EvidenceItem
    list, documents and their checksums fetched in one query) and
    ``published_response`` (the live GovernmentResponse, with its ``institution``, or
    None).
    """
    if isinstance(milestones, QuerySet):
        milestone_ids = milestones.values("pk")
    else:
        milestone_ids = [getattr(m, "pk", m) for m in milestones]
    assessments = list(
        CivilSocietyAssessment.objects.published()
        .filter(milestone__in=milestone_ids)
        .select_related("organization", "milestone")
        .order_by("milestone__path", "organization__name", "pk")
    )
    if not assessments:
        return []
    responses = {
        response.assessment_id: response
        for response in GovernmentResponse.objects.published()
        .filter(assessment__in=[a.pk for a in assessments])
        .select_related("institution")
    }
    evidence = evidence_by_owner(assessments)
    for assessment in assessments:
        assessment.published_response = responses.get(assessment.pk)
        assessment.evidence_items = evidence[assessment.pk]
    return assessments


def civil_society_summary(commitments) -> dict[int, dict]:
    """Per commitment (pk): how many of its live milestones civil society assessed and in
    how many an organization disagrees or partly agrees (planes.models.voices.
    stance_summary, as the API gives it), in one query for all of them."""
    commitments = list(commitments)
    by_path = {c.path: c.pk for c in commitments}
    pairs: dict[int, list] = {c.pk: [] for c in commitments}
    if commitments:
        rows = (
            CivilSocietyAssessment.objects.published()
            .about_commitments(list(by_path))
            .values_list("milestone_id", "milestone__path", "stance")
        )
        for milestone_id, path, stance in rows:
            commitment = by_path.get(path[: -MilestonePage.steplen])
            if commitment is not None:
                pairs[commitment].append((milestone_id, stance))
    return {pk: stance_summary(rows) for pk, rows in pairs.items()}


def stance_counts(assessments) -> list[dict]:
    """How many assessments take each stance (in the order agree, partly, disagree)."""
    counts = {stance: 0 for stance in Stance.values}
    for assessment in assessments:
        counts[assessment.stance] += 1
    return [
        {"key": stance, "label": Stance(stance).label, "count": counts[stance]}
        for stance in Stance.values
    ]


def public_document_ids() -> set[int]:
    """Documents that published content links to: plan documents and minutes, roadmaps,
    evidence of live milestones and of their published civil-society assessments. A
    document uploaded for a draft (page or assessment) is not among them."""
    ids = set(
        ActionPlanPage.objects.live()
        .exclude(plan_document=None)
        .values_list("plan_document_id", flat=True)
    )
    ids |= set(
        CommitmentPage.objects.live()
        .exclude(roadmap_document=None)
        .values_list("roadmap_document_id", flat=True)
    )
    ids |= set(PlanMinutes.objects.filter(page__live=True).values_list("document_id", flat=True))
    activities = Activity.objects.filter(milestone__live=True).only("pk", "evidence")
    assessments = CivilSocietyAssessment.objects.published().only("pk", "evidence")
    for owner in (*activities, *assessments):
        for block in owner.evidence.raw_data:
            document = (block.get("value") or {}).get("document")
            if isinstance(document, int):
                ids.add(document)
    return set(get_document_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
