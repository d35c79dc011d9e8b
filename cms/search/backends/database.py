"""Wagtail's database search backend with Chinese segmentation.

The same choice as `wagtail.search.backends.database`: PostgreSQL full-text
search on PostgreSQL, FTS5 on SQLite, and otherwise the fallback backend,
which matches substrings (LIKE) and needs no segmentation.  Each engine's
module is imported only when that engine is in use: the SQLite one needs
tables that exist only on SQLite, the PostgreSQL one needs psycopg.
"""

from django.db import connection

from modelsearch.backends import database as modelsearch_database


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up)
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    backend = modelsearch_database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchBackend as PlainSQLiteSearchBackend,
        )

        if isinstance(backend, PlainSQLiteSearchBackend):  # FTS5 is there
            from .sqlite import SQLiteSearchBackend

            return SQLiteSearchBackend(params)
    return backend
