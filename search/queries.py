"""The one search of the site and the API: published plans, commitments and milestones.

The site's /buscar/ page and the API's ``/api/v2/pages/?search=`` both call
:func:`search_pages`, so the same words give the same results in the same order.
"""

import re

from wagtail.models import Page

from planes.models import ActionPlanPage, CommitmentPage, MilestonePage

#: What a search can find, by the short name of the site's ``type`` filter.
SEARCHABLE_TYPES = {
    "plan": ActionPlanPage,
    "commitment": CommitmentPage,
    "milestone": MilestonePage,
}

#: Input longer than this is cut before it is read (a query is a few words).
MAX_INPUT_LENGTH = 1000
#: At most this many words, each at most MAX_WORD_LENGTH characters, reach the database.
MAX_WORDS = 12
MAX_WORD_LENGTH = 40

WORD_RE = re.compile(r"[^\W_]+")


def query_words(raw: str) -> list[str]:
    """The words of a query: letters and digits of any alphabet, nothing else.

    Quotes, operators, markup, emoji and control characters are dropped, so
    nothing the person types can change the meaning of the full-text query
    (PostgreSQL's to_tsquery or SQLite's FTS5 MATCH syntax).
    """
    words = WORD_RE.findall((raw or "")[:MAX_INPUT_LENGTH])
    return [word[:MAX_WORD_LENGTH] for word in words[:MAX_WORDS]]


def clean_query(raw: str) -> str:
    """The query string that is actually searched ("" when there is nothing to search)."""
    return " ".join(query_words(raw))


def searchable_pages(queryset=None):
    """Live, public plans, commitments and milestones (of ``queryset`` when given)."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().public().type(*SEARCHABLE_TYPES.values())


def search_pages(raw_query: str, queryset=None, *, operator: str = "and", order_by_relevance=True):
    """Published plans, commitments and milestones matching every word of the query,
    most relevant first (ties: newest page first). Empty query: no results."""
    query = clean_query(raw_query)
    pages = searchable_pages(queryset)
    if not query:
        return pages.none()
    return pages.search(query, operator=operator, order_by_relevance=order_by_relevance)
