"""Template helpers for progress display: stacked bars, status and level badges."""

from django import template
from django.utils.translation import gettext_lazy as _

from .. import progress
from ..choices import ActivityStatus, CompletionLevel

register = template.Library()

#: Text icon shown beside colour, so status is never told by colour alone.
STATUS_ICONS = {
    ActivityStatus.VERIFIED: "✔✔",
    ActivityStatus.COMPLETED: "✔",
    ActivityStatus.IN_PROGRESS: "◐",
    ActivityStatus.NOT_STARTED: "○",
}
LEVEL_ICONS = {
    CompletionLevel.NOT_STARTED: "○",
    CompletionLevel.LIMITED: "◔",
    CompletionLevel.SUBSTANTIAL: "◑",
    CompletionLevel.COMPLETE: "●",
}


@register.inclusion_tag("planes/includes/stacked_bar.html")
def stacked_bar(item, label=""):
    """A 100 % stacked bar (SVG) of an item's breakdown, with the figures in text."""
    breakdown = item if isinstance(item, progress.Breakdown) else item.breakdown
    segments, offset = [], 0.0
    for state, pct in breakdown.segments():
        segments.append(
            {
                "state": state,
                "label": ActivityStatus(state).label,
                "icon": STATUS_ICONS[state],
                "pct": pct,
                "x": offset,
            }
        )
        offset += pct
    return {"segments": segments, "progress": breakdown.progress, "label": label}


@register.inclusion_tag("planes/includes/progress_ring.html")
def progress_ring(value, label=""):
    """A ring chart (SVG) for an overall percentage, with the number in text."""
    value = float(value or 0)
    circumference = 2 * 3.14159265 * 45
    return {
        "value": value,
        "label": label,
        "dash": round(circumference * value / 100, 2),
        "gap": round(circumference, 2),
    }


@register.simple_tag
def status_label(status):
    return ActivityStatus(status).label


@register.inclusion_tag("planes/includes/status_badge.html")
def status_badge(status):
    return {"status": status, "label": ActivityStatus(status).label, "icon": STATUS_ICONS[status]}


@register.inclusion_tag("planes/includes/level_badge.html")
def level_badge(item):
    level = item.completion_level
    return {"level": level, "label": CompletionLevel(level).label, "icon": LEVEL_ICONS[level]}


@register.filter
def percent(value):
    """A percentage the Mexican way: 42.5 % → "42.5 %"; whole numbers without decimals."""
    value = float(value or 0)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{text} %"


@register.simple_tag
def delayed_label():
    return _("Con retraso")
