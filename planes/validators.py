"""Validators shared by models and blocks."""

import datetime

from django.core.exceptions import ValidationError

#: A report may carry tomorrow's date (time zones), never a later one.
FUTURE_TOLERANCE = datetime.timedelta(days=1)


def validate_not_future(value: datetime.date | None, message) -> None:
    """Refuse a date after tomorrow with ``message`` (a translated, field-specific text)."""
    if value and value > datetime.date.today() + FUTURE_TOLERANCE:
        raise ValidationError(message, code="future_date")
