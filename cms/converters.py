"""URL path converters with bounds every database accepts.

Django's ``int`` converter takes any number of digits; a 30-digit id then fails
in the database (SQLite cannot hold it) instead of answering "not found".
"""

#: The largest primary key (BigAutoField, a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdConverter:
    """A positive database id: at most 18 digits (always below MAX_ID), else no match (404)."""

    regex = "[0-9]{1,18}"
    #: The largest id the regex lets through.
    MAX = 10**18 - 1

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
