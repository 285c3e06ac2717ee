"""The one search of the site and the API: published plans, commitments and milestones.

The site's /buscar/ page and the API's ``/api/v2/pages/?search=`` both call
:func:`search_pages`, so the same words give the same results in the same order:

1. Pages with every word of the query (each in its singular or plural), most
   relevant first; a commitment whose OGP id is in the query ("AB0075") and a page
   whose title is the query come first.
2. When no page has every word, the pages with any of them (or a word that begins
   like one of them: "fiscal" finds "fiscalización"), and the results say so
   (``Results.any_word``; the site shows a notice).

Words too common to search for (stop words: "de", "la", ...) are left out; a query
made only of them is like an empty query: nothing to search, no results.
"""

import hashlib
import re
import unicodedata

from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from planes import page_cache
from planes.models import ActionPlanPage, CommitmentPage, MilestonePage

from .backend import AnyWord, Prefix

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
#: A word of at least this many letters also finds the words that begin with it, when
#: the search looks for any word.
MIN_PREFIX_LENGTH = 5
#: Pages whose title is the query are looked for among this many title matches.
TITLE_CANDIDATES = 20

WORD_RE = re.compile(r"[^\W_]+")
#: An OGP commitment id, as CommitmentPage.ogp_id validates it ("AB0075").
OGP_ID_RE = re.compile(r"[a-z]{2,4}\d{3,5}", re.IGNORECASE)


def query_words(raw: str) -> list[str]:
    """The words of a query: letters and digits of any alphabet, nothing else.

    Quotes, operators, markup, emoji and control characters are dropped, so
    nothing the person types can change the meaning of the full-text query
    (PostgreSQL's to_tsquery or SQLite's FTS5 MATCH syntax).
    """
    return _words(raw)[:MAX_WORDS]


def _words(raw: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in WORD_RE.findall((raw or "")[:MAX_INPUT_LENGTH])]


#: Words too common to search for, without accents: every word PostgreSQL's Spanish
#: stop-word list drops in the ``spanish_unaccent`` configuration (so a word is
#: ignored on both databases or on neither; SQLite's FTS5 would require it), plus
#: "u" and "unas".
_STOP_WORDS = """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde
durante e el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos
esta estaba estabais estaban estabas estad estada estadas estado estados estamos estando
estar estaremos estas este estemos esto estos estoy estuve estuviera estuvierais
estuvieran estuvieras estuvieron estuviese estuvieseis estuviesen estuvieses estuvimos
estuviste estuvisteis estuvo fue fuera fuerais fueran fueras fueron fuese fueseis fuesen
fueses fui fuimos fuiste fuisteis ha habida habidas habido habidos habiendo habremos han
has hasta hay haya hayamos hayan hayas he hemos hube hubiera hubierais hubieran hubieras
hubieron hubiese hubieseis hubiesen hubieses hubimos hubiste hubisteis hubo la las le les
lo los me mi mis mucho muchos muy nada ni no nos nosotras nosotros nuestra nuestras
nuestro nuestros o os otra otras otro otros para pero poco por porque que quien quienes
se sea seamos sean seas sentid sentida sentidas sentido sentidos seremos siente sin
sintiendo sobre sois somos son soy su sus suya suyas suyo suyos tanto te tendremos tened
tenemos tenga tengamos tengan tengas tengo tenida tenidas tenido tenidos teniendo ti
tiene tienen tienes todo todos tu tus tuve tuviera tuvierais tuvieran tuvieras tuvieron
tuviese tuvieseis tuviesen tuvieses tuvimos tuviste tuvisteis tuvo tuya tuyas tuyo tuyos
u un una unas uno unos vosostras vosostros vuestra vuestras vuestro vuestros y ya yo
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(word: str) -> str:
    """Lower case, without accents (for comparisons only)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_words(raw: str) -> list[str]:
    """The query's words that are searched: its words without the stop words, at most
    MAX_WORDS. Empty when there is nothing to search (no words, or only stop words)."""
    return [w for w in _words(raw) if fold(w) not in STOP_WORDS][:MAX_WORDS]


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


def word_term(word: str, operator: str = "and"):
    """One word of the query for the backend: the word or its singular / plural.

    With ``operator="or"`` (the broader search) a word of MIN_PREFIX_LENGTH letters or
    more also finds the words that begin with it ("fiscal" finds "fiscalización");
    shorter words, numbers and acronyms stay as they are.
    """
    forms = word_forms(word)
    folded = fold(word)
    if operator == "or" and _prefixable(word):
        # The prefix covers the forms that begin with the word ("presupuestos").
        others = [PlainText(f) for f in forms[1:] if not fold(f).startswith(folded)]
        return Or([Prefix(word), *others]) if others else Prefix(word)
    terms = [PlainText(form) for form in forms]
    return terms[0] if len(terms) == 1 else Or(terms)


def _broader(words) -> bool:
    """Whether the "or" search of these words finds more than the "and" search."""
    return len(words) > 1 or any(_prefixable(word) for word in words)


def _prefixable(word: str) -> bool:
    folded = fold(word)
    return len(folded) >= MIN_PREFIX_LENGTH and folded.isalpha() and not word.isupper()


def build_query(raw: str, operator: str = "and"):
    """The search query for the backend: each searched word (see search_words and
    word_term), combined with ``operator``. None when there is nothing to search."""
    terms = [word_term(word, operator) for word in search_words(raw)]
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    return And(terms) if operator == "and" else AnyWord(terms)


def searchable_pages(queryset=None):
    """Live, public plans, commitments and milestones (of ``queryset`` when given)."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().public().type(*SEARCHABLE_TYPES.values())


class Results:
    """A search's results, sliced and counted like a queryset (for Django's Paginator
    and the API's pagination): first ``pinned`` (a list of pages), then ``rest``
    (search results that leave them out).

    ``any_word``: the pages have any word of the query, not necessarily all of them.
    """

    def __init__(self, rest, pinned=(), *, any_word=False, total=None):
        self.rest = rest
        self.pinned = list(pinned)
        self.any_word = any_word
        #: How many pages matched, when more than are kept (see MAX_CANDIDATES).
        self.total = total

    def count(self) -> int:
        return len(self.pinned) + self.rest.count()

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0:None])

    def __bool__(self):
        return bool(self.pinned) or bool(list(self.rest[:1]))

    def __getitem__(self, key):
        if isinstance(key, int):
            if key < 0:
                raise IndexError("Negative indexing is not supported.")
            items = self[key : key + 1]
            if not items:
                raise IndexError(key)
            return items[0]
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Results take an index or a slice without step.")
        start, stop = key.start or 0, key.stop
        if start < 0 or (stop is not None and stop < 0):
            raise IndexError("Negative indexing is not supported.")
        skip = len(self.pinned)
        items = self.pinned[start:stop]
        rest_start = max(start - skip, 0)
        rest_stop = None if stop is None else max(stop - skip, 0)
        if rest_stop is None or rest_stop > rest_start:
            items += list(self.rest[rest_start:rest_stop])
        return items


#: A search ranked by relevance keeps its most relevant pages, at most this many (after the
#: pinned ones): the page shows and counts those. Ranking is the search's cost; a bounded
#: list of ids is cheap to keep, page and count (README «Búsqueda»).
MAX_CANDIDATES = 200


#: The kept ranking's shape (a new one is never read as an old one).
RANKING_FORMAT = 1


class Ranked:
    """The ranked candidates of a search, as page ids in order; counted and sliced like a
    queryset, fetching only the slice's pages from ``pages`` (one query per slice)."""

    def __init__(self, pages, ids):
        self.pages, self.ids = pages, list(ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, key: slice):
        chunk = self.ids[key]
        if not chunk:
            return []
        found = {page.pk: page for page in self.pages.filter(pk__in=chunk)}
        return [found[pk] for pk in chunk if pk in found]


def search_pages(raw_query: str, queryset=None, *, operator: str = "and", order_by_relevance=True):
    """Published plans, commitments and milestones matching the query (of ``queryset``
    when given), as :class:`Results`.

    Every searched word, in one of its forms (see word_term); when no page has them all,
    any of them (or a word that begins like one: see word_term), and ``any_word`` is
    set. Most relevant
    first, ties newest page first; with ``order_by_relevance``, a commitment whose OGP
    id is in the query and a page whose title is the query come first (see
    exact_matches), then at most MAX_CANDIDATES others, the most relevant: the ranking
    (their ids) is kept until the next publication (planes.page_cache.per_generation),
    so paging through the results or asking again does not rank again. Nothing to
    search (empty query, only punctuation or stop words): no results.
    """
    pages = searchable_pages(queryset)
    if build_query(raw_query, operator) is None:
        return Results(pages.none())
    if not order_by_relevance:
        return _search(pages, raw_query, operator, order_by_relevance=False)
    try:
        scope = str(pages.query)
    except EmptyResultSet:
        return Results(pages.none())
    name = (
        f"search:{RANKING_FORMAT}:"
        + hashlib.sha256(
            repr((pages.model._meta.label, scope, search_words(raw_query), operator)).encode()
        ).hexdigest()
    )
    ranking = page_cache.per_generation(name, lambda: _ranking(pages, raw_query, operator))
    pinned = []
    if ranking["pinned"]:
        found = {page.pk: page for page in pages.filter(pk__in=ranking["pinned"])}
        pinned = [found[pk] for pk in ranking["pinned"] if pk in found]
    total = ranking["total"] if ranking["total"] > len(ranking["ids"]) else None
    rest = Ranked(pages, ranking["ids"])
    return Results(rest, pinned, any_word=ranking["any_word"], total=total)


def _ranking(pages, raw_query: str, operator: str) -> dict:
    """The pinned pages' ids and the ids of the MAX_CANDIDATES most relevant others."""
    results = _search(pages, raw_query, operator, order_by_relevance=True)
    ids = [page.pk for page in results.rest[:MAX_CANDIDATES]]
    total = results.rest.count() if len(ids) == MAX_CANDIDATES else len(ids)
    return {
        "pinned": [p.pk for p in results.pinned],
        "ids": ids,
        "any_word": results.any_word,
        "total": total,
    }


def _search(pages, raw_query: str, operator: str, *, order_by_relevance: bool) -> Results:
    query = build_query(raw_query, operator)
    results = pages.search(query, order_by_relevance=order_by_relevance)
    if operator == "and" and _broader(search_words(raw_query)) and not results.count():
        operator = "or"
        query = build_query(raw_query, operator)
        results = pages.search(query, order_by_relevance=order_by_relevance)
    pinned = exact_matches(pages, raw_query, query) if order_by_relevance else []
    if pinned:
        rest = pages.exclude(pk__in=[page.pk for page in pinned])
        results = rest.search(query, order_by_relevance=order_by_relevance)
    return Results(results, pinned, any_word=operator == "or")


def exact_matches(pages, raw_query: str, query) -> list:
    """The ``pages`` matching ``query`` that are exactly what was asked for: first the
    commitments whose OGP id is a word of the query ("mx0075"), then the pages whose
    title is the query (the same words, ignoring case, accents and punctuation), each
    group most relevant first."""
    ids = {word.upper() for word in search_words(raw_query) if OGP_ID_RE.fullmatch(word)}
    by_id = set()
    if ids:
        condition = Q()
        for ogp_id in ids:
            condition |= Q(ogp_id__iexact=ogp_id)
        by_id = set(CommitmentPage.objects.filter(condition).values_list("pk", flat=True))
    # Among the pages with the words in their title (without the prefetches a queryset
    # of the API may have; ``pages`` filters them below).
    wanted = _folded_words(raw_query)
    titled = searchable_pages(pages.model.objects.only("id", "title"))
    titled = titled.search(query, fields=["title"])[:TITLE_CANDIDATES]
    by_title = {page.pk for page in titled if _folded_words(page.title) == wanted}
    if not by_id and not by_title:
        return []
    found = list(pages.filter(pk__in=by_id | by_title).search(query))
    return [p for p in found if p.pk in by_id] + [p for p in found if p.pk not in by_id]


def _folded_words(text: str) -> list[str]:
    return [fold(word) for word in _words(text)]
