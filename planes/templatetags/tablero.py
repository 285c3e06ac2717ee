"""Template helpers for progress display: stacked bars, status, level and stance badges,
and the civil-society voices of a milestone."""

import datetime

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from instancia.models import current

from .. import progress
from ..choices import ActivityStatus, CompletionLevel, Stance
from ..evidence import document_size
from ..queries import published_assessments, stance_counts

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


#: The states as the bar's legend names shares of activities (plural, lower case).
STATE_SHARES = {
    ActivityStatus.VERIFIED: _("verificadas"),
    ActivityStatus.COMPLETED: _("completadas"),
    ActivityStatus.IN_PROGRESS: _("en proceso"),
    ActivityStatus.NOT_STARTED: _("sin iniciar"),
}
#: Stances are told by a word and an icon; colour only repeats them.
STANCE_ICONS = {Stance.AGREE: "✔", Stance.PARTLY: "◐", Stance.DISAGREE: "✖"}


@register.inclusion_tag("planes/includes/stacked_bar.html")
def stacked_bar(item, label="", compact=False):
    """A 100 % bar of an item's breakdown, with the figures in text.

    The done part (verified, completed) is solid and is the progress figure; the
    pending part (in progress hatched, not started grey) is set apart in the bar and in
    the legend, so work in progress is never read as progress.
    """
    breakdown = item if isinstance(item, progress.Breakdown) else item.breakdown

    def segment(state):
        return {
            "state": state,
            "label": STATE_SHARES[state],
            "icon": STATUS_ICONS[state],
            "pct": getattr(breakdown, state),
        }

    done = [segment(state) for state in progress.STATES if state in progress.DONE_STATES]
    pending = [segment(state) for state in progress.STATES if state not in progress.DONE_STATES]
    return {
        "done": done,
        "pending": pending,
        # Not started is the bar's empty track, whatever rounding leaves.
        "bar": [s for s in done + pending if s["pct"] and s["state"] != "not_started"],
        "progress": breakdown.progress,
        "pending_total": round(100 - breakdown.progress, 1),
        "label": label,
        "compact": compact,
    }


@register.inclusion_tag("planes/includes/progress_help.html", takes_context=True)
def progress_help(context, *topics, summary=""):
    """A disclosure (<details>, no JavaScript) explaining the figures beside it: the
    ``topics`` are keys of progress.explanations()."""
    request = context.get("request")
    texts = progress.explanations(current(request).of_body if request else "")
    return {
        "entries": [texts[topic] for topic in topics],
        "summary": summary or _("¿Cómo se leen estas cifras?"),
    }


@register.filter
def level_range(level):
    """«de 50 % a menos de 100 % cumplido» for a completion level."""
    return progress.level_range(level)


#: Icons for a commitment's situation (progress.SITUATIONS).
SITUATION_ICONS = {"delayed": "⚠", "on_time": "◷", "complete": "●"}


@register.filter
def level_icon(level):
    return LEVEL_ICONS.get(level, "")


@register.filter
def situation_icon(key):
    return SITUATION_ICONS.get(key, "")


@register.inclusion_tag("planes/includes/progress_ring.html")
def progress_ring(value, label="", note=""):
    """A ring chart (SVG) for an overall percentage, with the number in text and a
    ``note`` that says what it counts."""
    value = float(value or 0)
    circumference = 2 * 3.14159265 * 45
    return {
        "value": value,
        "label": label,
        "note": note,
        "dash": round(circumference * value / 100, 2),
        "gap": round(circumference, 2),
    }


@register.inclusion_tag("planes/includes/status_badge.html")
def status_badge(status):
    return {"status": status, "label": ActivityStatus(status).label, "icon": STATUS_ICONS[status]}


@register.inclusion_tag("planes/includes/level_badge.html")
def level_badge(item, labelled=False):
    """The completion level as a badge; ``labelled`` when the scale's name is already
    written beside it (screen readers otherwise hear it from the badge)."""
    level = item.completion_level
    return {
        "level": level,
        "label": CompletionLevel(level).label,
        "icon": LEVEL_ICONS[level],
        "labelled": labelled,
    }


@register.inclusion_tag("planes/includes/stance_badge.html")
def stance_badge(stance):
    return {"stance": stance, "label": Stance(stance).label, "icon": STANCE_ICONS[stance]}


@register.simple_tag
def civil_society_voices(milestone) -> dict:
    """The milestone's published civil-society assessments (with their evidence and the
    government's responses) and how many take each stance."""
    assessments = published_assessments([milestone])
    return {
        "assessments": assessments,
        "counts": stance_counts(assessments),
        "disagreements": sum(1 for a in assessments if a.stance == Stance.DISAGREE),
    }


@register.filter
def percent(value):
    """A percentage in the active locale (es-MX: "42.5 %"); whole numbers without decimals."""
    value = round(float(value or 0), 1)
    text = formats.number_format(value, 0 if value == int(value) else 1)
    return f"{text} %"


def _month_case(text: str) -> str:
    """Spanish writes month names in lower case; English capitalises them."""
    return text.lower() if (translation.get_language() or "").startswith("es") else text


@register.filter
def long_date(value):
    """A long date in the active locale, month in lower case as Spanish writes it:
    "15 de marzo de 2020"."""
    if not isinstance(value, datetime.date):
        return ""
    return _month_case(formats.date_format(value, "DATE_FORMAT"))


@register.filter
def short_date(value):
    """A short date in the active locale (es-MX: 15/03/2020)."""
    if not isinstance(value, datetime.date):
        return ""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def admin_date(value):
    """A date as the admin's date fields write it (WAGTAIL_DATE_FORMAT): 2026-12-04 in
    English, never the ambiguous 12/4 or 4/12; 04/12/2026 in Spanish."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if not isinstance(value, datetime.date):
        return ""
    return value.strftime(settings.WAGTAIL_DATE_FORMAT)


@register.filter
def admin_datetime(value):
    """A moment in the board's time zone as the admin writes it (WAGTAIL_DATETIME_FORMAT):
    2026-12-04 16:26 in English, 04/12/2026 16:26 in Spanish."""
    if not isinstance(value, datetime.datetime):
        return ""
    return timezone.localtime(value).strftime(settings.WAGTAIL_DATETIME_FORMAT)


@register.filter
def month_year(value):
    """Month and year in the active locale, lower-case month: "diciembre de 2019"."""
    if not isinstance(value, datetime.date):
        return ""
    return _month_case(formats.date_format(value, "YEAR_MONTH_FORMAT"))


@register.inclusion_tag("planes/includes/period.html")
def date_range(start, end, long=False):
    """A date range as two <time> elements; either end may be missing."""
    return {"start": start, "end": end, "long": long, "separator": range_separator()}


def range_separator() -> str:
    """Between a range's two dates. Spanish shows a dash, which screen readers hear as
    «al»; English writes "to", seen and heard alike (a dash with a hidden "to" reads
    "– to" wherever the page's text is copied or read without its styles)."""
    word = translation.gettext("al")
    if (translation.get_language() or "es").startswith("es"):
        return format_html(
            '<span aria-hidden="true"> – </span><span class="visually-hidden"> {} </span>', word
        )
    return format_html(" {} ", word)


@register.filter
def file_size(document):
    """Size in bytes of a Wagtail document, for filesizeformat."""
    return document_size(document)
