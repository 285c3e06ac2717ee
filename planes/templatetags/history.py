"""The progress history of a page over its plan's closed periods (planes/history.py)."""

from django import template

from ..history import CHART_HEIGHT, CHART_PAD, CHART_WIDTH, closed_periods, history

register = template.Library()


@register.inclusion_tag("planes/includes/progress_history.html")
def progress_history(page, plan_id):
    """A small line chart (server-rendered SVG, no JavaScript) and the same figures as
    a table; nothing when no period of the plan has closed yet."""
    points = history(page, closed_periods(plan_id))
    return {
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": CHART_PAD,
        "baseline": CHART_HEIGHT - CHART_PAD,
        "top": CHART_PAD,
        "title": page.title,
    }
