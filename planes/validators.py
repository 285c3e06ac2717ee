"""Validators shared by models and blocks."""

import datetime
from html import unescape

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

#: A report may carry tomorrow's date (time zones), never a later one.
FUTURE_TOLERANCE = datetime.timedelta(days=1)


def validate_not_future(value: datetime.date | None, message) -> None:
    """Refuse a date after tomorrow with ``message`` (a translated, field-specific text)."""
    if value and value > datetime.date.today() + FUTURE_TOLERANCE:
        raise ValidationError(message, code="future_date")


@deconstructible
class MaxTextLength:
    """The visible text of a rich-text value (tags left out) is at most ``limit`` characters."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        length = len(visible_text(value))
        if length > self.limit:
            raise ValidationError(
                _("El texto tiene %(length)s caracteres; el máximo es %(limit)s.")
                % {"length": length, "limit": self.limit},
                code="max_text_length",
            )

    def __eq__(self, other):
        return isinstance(other, MaxTextLength) and other.limit == self.limit


def visible_text(html) -> str:
    """The text a reader sees in a rich-text value: tags removed, entities decoded."""
    return " ".join(unescape(strip_tags(str(html or ""))).split())
