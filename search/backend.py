"""Wagtail's database search backend, with SQLite's ranking kept in order.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backend"``: the same
backend Wagtail picks for the database (PostgreSQL full-text search, SQLite
FTS5, ...). One change on SQLite: FTS5's bm25() already scores the whole MATCH
expression (lower is better), but the backend combines it again for each AND /
OR of the query, as PostgreSQL's ts_rank would need, which turns the order of a
query with several words around. There, bm25() is the score of every query.
"""

from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        # Imported only here: the module needs SQLite's FTS index model.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

        class QueryCompiler(SQLiteSearchQueryCompiler):
            def build_tsrank(self, vector, query, config=None, boost=1.0):
                return super().build_tsrank(vector, _plain(query), config, boost)

        backend.query_compiler_class = QueryCompiler
    return backend


def _plain(query):
    """A stand-in PlainText: SQLite ranks every query with one bm25() of the MATCH."""
    from wagtail.search.query import And, Or, PlainText

    return PlainText("") if isinstance(query, (And, Or)) else query
