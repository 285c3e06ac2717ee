"""The progress history of a page over its plan's closed periods (planes/history.py)."""

from django import template

from ..history import (
    CHART_HEIGHT,
    CHART_PAD,
    CHART_WIDTH,
    changes_since_last_period,
    closed_periods,
    history,
    late_evidence_ids,
    late_update_ids,
)

register = template.Library()


def _closed_periods(page) -> list:
    """The closed periods of the page's plan, read once per page object: a page's template
    asks for them in several tags (its chart, its changes, its late evidence, its reports)."""
    periods = page.__dict__.get("_closed_periods")
    if periods is None:
        periods = page.__dict__["_closed_periods"] = closed_periods(page)
    return periods


@register.inclusion_tag("planes/includes/progress_history.html")
def progress_history(page):
    """A small line chart (server-rendered SVG, no JavaScript) and the same figures as
    a table, then what changed since the last closed period; nothing before the first."""
    points = history(page, _closed_periods(page))
    last = points[-1] if points else None
    return {
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": CHART_PAD,
        "baseline": CHART_HEIGHT - CHART_PAD,
        "top": CHART_PAD,
        "title": page.title,
        "last": last,
        "now": page.progress,
        "delta": round(page.progress - last.progress, 1) if last else None,
    }


@register.inclusion_tag("planes/includes/changes_since_period.html")
def changes_since_period(commitment, milestones):
    """The commitment's milestones that advanced or gained evidence since the last closed
    period (milestones carry ``evidence_items``, read in bulk by the page)."""
    counts = {m.pk: len(getattr(m, "evidence_items", ())) for m in milestones}
    return {"result": changes_since_last_period(milestones, _closed_periods(commitment), counts)}


@register.simple_tag
def late_updates(page, updates) -> set[int]:
    """The ids of the page's updates reported after their period closed."""
    return late_update_ids(page, updates, _closed_periods(page))


@register.simple_tag(takes_context=True)
def late_evidence(context, page) -> set[str]:
    """The block ids of the page's published evidence reported after its period closed:
    a milestone's (its ``evidence_groups``) or a commitment's milestones' (their
    ``evidence_items``)."""
    if "evidence_groups" in context:
        items = [item for group in context["evidence_groups"] for item in group["items"]]
        evidence = {page.pk: items}
    else:
        evidence = {m.pk: getattr(m, "evidence_items", []) for m in context.get("milestones", [])}
    return late_evidence_ids(page, evidence, _closed_periods(page))


@register.simple_tag(name="closed_periods_of")
def closed_periods_tag(page) -> list:
    """The closed periods of the page's plan, oldest first (each has its own report)."""
    return _closed_periods(page)
