"""The one search of the site and the API: published plans, commitments and milestones.

The site's /buscar/ page and the API's ``/api/v2/pages/?search=`` both call
:func:`search_pages`, so the same words give the same results in the same order.
"""

import re
import unicodedata

from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

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
    """The query's words as one string ("" when there is nothing to search)."""
    return " ".join(query_words(raw))


#: Words too common to search for (PostgreSQL's Spanish configuration drops them too;
#: SQLite's FTS5 would require them).
_STOP_WORDS = (
    "a al con de del e el en la las lo los o para por que se sin su sus u un una unos unas y"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(word: str) -> str:
    """Lower case, without accents (for comparisons only)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_forms(word: str) -> list[str]:
    """The word and its Spanish singular or plural, e.g. "contratación" and "contrataciones".

    SQLite has no stemming, and PostgreSQL's Spanish stemmer, fed unaccented words,
    stems "participaciones" but not "participacion": asking for both forms closes
    both gaps.
    """
    forms = [word]
    folded = fold(word)
    if len(folded) < 4 or not folded.isalpha() or word.isupper():  # short, numbers, acronyms
        return forms
    if folded.endswith("iones"):  # participaciones → participacion
        forms.append(word[:-5] + "ion")
    elif folded.endswith("ion"):  # participación → participaciones
        forms.append(word[:-3] + "iones")
    elif folded.endswith("es"):  # ciudades → ciudad, clases → clase
        forms += [word[:-2], word[:-1]]
    elif folded.endswith("s"):  # presupuestos → presupuesto
        forms.append(word[:-1])
    elif folded[-1] in "aeiou":  # presupuesto → presupuestos
        forms.append(word + "s")
    else:  # ciudad → ciudades
        forms.append(word + "es")
    return forms


def build_query(raw: str, operator: str = "and"):
    """The search query for the backend: each word (or its singular / plural), combined
    with ``operator``; stop words are left out unless the query has nothing else.
    None when there is nothing to search."""
    words = query_words(raw)
    meaningful = [w for w in words if fold(w) not in STOP_WORDS]
    words = meaningful or words
    if not words:
        return None
    terms = []
    for word in words:
        forms = [PlainText(form) for form in word_forms(word)]
        terms.append(forms[0] if len(forms) == 1 else Or(forms))
    if len(terms) == 1:
        return terms[0]
    return And(terms) if operator == "and" else Or(terms)


def searchable_pages(queryset=None):
    """Live, public plans, commitments and milestones (of ``queryset`` when given)."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().public().type(*SEARCHABLE_TYPES.values())


def search_pages(raw_query: str, queryset=None, *, operator: str = "and", order_by_relevance=True):
    """Published plans, commitments and milestones matching every word of the query (in
    one of its forms: see build_query), most relevant first, ties newest page first.
    Nothing to search (empty query, only punctuation): no results."""
    query = build_query(raw_query, operator)
    pages = searchable_pages(queryset)
    if query is None:
        return pages.none()
    return pages.search(query, order_by_relevance=order_by_relevance)
