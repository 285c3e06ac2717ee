"""Wagtail's database search backend, with SQLite's ranking kept in order, word prefixes
and a ranking for searches of any word.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backend"``: the same
backend Wagtail picks for the database (PostgreSQL full-text search, SQLite
FTS5, ...), with these changes:

* SQLite: FTS5's bm25() already scores the whole MATCH expression (lower is
  better), but the backend combines it again for each AND / OR of the query, as
  PostgreSQL's ts_rank would need, which turns the order of a query with several
  words around. There, bm25() is the score of every query.
* :class:`Prefix`, a word that also finds the words that begin with it
  ("fiscal" finds "fiscalización"), on PostgreSQL (``'fiscal':*``, after
  stemming) and SQLite (``"fiscal"*``). Any other backend reads it as the word
  itself (it is a PlainText).
* :class:`AnyWord`, an OR of the query's words that ranks the pages with more of
  the words first, then by relevance. Any other backend reads it as an OR.
* PostgreSQL: a search of ``fields=["title"]`` uses the index's title vector, as
  SQLite's FTS5 title column does.
"""

from django.db.models import Case, FloatField, Value, When
from django.db.models.expressions import RawSQL
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import And, Or, PlainText

#: What each word of an AnyWord query found adds to a page's score: more than any
#: relevance score, so the number of words found decides first.
WORD_FOUND_SCORE = 1e6


class Prefix(PlainText):
    """One word, which also matches the words that begin with it.

    Only for a single word of letters and digits (search.queries builds them from
    the query's words): it is passed to the database's query syntax as it is.
    """

    def __repr__(self):
        return f"<Prefix {self.query_string!r}>"


class AnyWord(Or):
    """Pages with any of the subqueries (one per word of the query); those with more of
    them first, then the most relevant."""

    def __repr__(self):
        return "<AnyWord {}>".format(" ".join(repr(q) for q in self.subqueries))


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    name = type(backend).__name__
    if name == "SQLiteSearchBackend":
        backend.query_compiler_class = _sqlite_compiler()
    elif name == "PostgresSearchBackend":
        backend.query_compiler_class = _postgres_compiler()
    return backend


def _sqlite_compiler():
    # Imported only here: the modules need the database's own index models.
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchQueryCompiler,
    )

    class QueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, Prefix):
                return SearchQueryExpression(Lexeme(query.query_string, prefix=True), config=config)
            return super().build_search_query_content(query, config)

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            return super().build_tsrank(vector, _plain(query), config, boost)

        def _build_rank_expression(self, vectors, config):
            # bm25(): lower is better.
            rank = super()._build_rank_expression(vectors, config)
            if not isinstance(self.query, AnyWord):
                return rank
            table = SQLiteFTSIndexEntry._meta.db_table
            columns = " ".join(self.fields or self.FTS_TABLE_FIELDS)
            for word in self.query.subqueries:
                rows = RawSQL(  # noqa: S611 - only words, quoted (see _fts5), as a parameter
                    f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s',  # noqa: S608 - a model's table
                    [f"{{{columns}}} : ({_fts5(word)})"],
                )
                rank = rank - _if(When(pk__in=rows, then=Value(WORD_FOUND_SCORE)))
            return rank

    return QueryCompiler


def _fts5(query) -> str:
    """An FTS5 MATCH expression for the queries search.queries builds (words, prefixes,
    AND / OR of them); each word is quoted, so it is only ever a word."""
    if isinstance(query, (And, Or)):
        operator = " AND " if isinstance(query, And) else " OR "
        return "(" + operator.join(_fts5(q) for q in query.subqueries) + ")"
    if isinstance(query, PlainText):
        star = "*" if isinstance(query, Prefix) else ""
        words = ['"{}"{}'.format(w.replace('"', '""'), star) for w in query.query_string.split()]
        return ("(" + f" {query.operator.upper()} ".join(words) + ")") if words else '""'
    raise NotImplementedError(f"{type(query).__name__} is not supported here.")


def _if(when):
    return Case(when, default=Value(0.0), output_field=FloatField())


def _postgres_compiler():
    # Imported only here: django.contrib.postgres needs psycopg, absent on SQLite set-ups.
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
    from modelsearch.backends.database.postgres.query import Lexeme

    class QueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, Prefix):
                lexeme = Lexeme(query.query_string, invert=invert, prefix=True)
                return SearchQuery(lexeme, search_type="raw", config=config)
            return super().build_tsquery_content(query, config=config, invert=invert)

        def get_search_vectors(self, search_query):
            if list(self.fields or ()) == ["title"]:
                # The title's vector in the index (GIN-indexed), rather than every page's
                # title turned into a vector at each search.
                return self.get_index_vectors(search_query)[:1]
            return super().get_search_vectors(search_query)

        def _build_rank_expression(self, vectors, config):
            # ts_rank(): higher is better. search() filters on the page's vector as
            # "_vector_"; the rank is used once it is there.
            rank = super()._build_rank_expression(vectors, config)
            if not isinstance(self.query, AnyWord):
                return rank
            for word in self.query.subqueries:
                tsquery = self.build_tsquery(word, config=config)
                rank = rank + _if(When(_vector_=tsquery, then=Value(WORD_FOUND_SCORE)))
            return rank

    return QueryCompiler


def _plain(query):
    """A stand-in PlainText: SQLite ranks every query with one bm25() of the MATCH."""
    return PlainText("") if isinstance(query, (And, Or)) else query
