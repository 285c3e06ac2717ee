"""The self-assessment report of a plan (issue #16): every published commitment with its
milestones, evidence, updates, civil society's assessments, the government's responses
and the IRM's assessment, read in a fixed number of queries however large the plan."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from instancia.models import current

from .models import CommitmentPage, MilestonePage, ProgressUpdate
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


def report_commitments(plan) -> list[CommitmentPage]:
    """The plan's published commitments, each with ``report_milestones`` (published, with
    ``evidence_items``, ``report_updates`` and ``report_assessments``, each assessment with its
    ``published_response``) and ``irm_rows``; drafts never appear."""
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
    voices: dict[int, list] = {}
    for assessment in published_assessments(milestones):
        voices.setdefault(assessment.milestone_id, []).append(assessment)
    by_path: dict[str, list] = {}
    for milestone in milestones:
        milestone.evidence_items = evidence[milestone.pk]
        milestone.report_assessments = voices.get(milestone.pk, [])
        by_path.setdefault(milestone.path[: -MilestonePage.steplen], []).append(milestone)
    for commitment in commitments:
        commitment.report_milestones = by_path.get(commitment.path, [])
        commitment.irm_rows = irm_rows(commitment)
    return commitments
