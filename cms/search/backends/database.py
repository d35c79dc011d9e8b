"""Wagtail's database search backend with Chinese segmentation.

The same choice as `wagtail.search.backends.database`: PostgreSQL full-text
search on PostgreSQL, FTS5 on SQLite, and otherwise the fallback backend,
which matches substrings (LIKE) and needs no segmentation.
"""

from django.db import connection

from modelsearch.backends import database as modelsearch_database
from modelsearch.utils import get_content_type_pk

from .segmenting import SegmentingBackendMixin, SegmentingIndexerMixin


def _sqlite_backend_class():
    # Imported only on SQLite: its models exist only there.
    from modelsearch.backends.database.sqlite import sqlite as sqlite_backend

    class SQLiteObjectIndexer(SegmentingIndexerMixin, sqlite_backend.ObjectIndexer):
        pass

    class SQLiteIndex(sqlite_backend.SQLiteIndex):
        def add_items(self, model, objs):
            # modelsearch 1.3's SQLiteIndex.add_items with the segmenting indexer;
            # the writes are the same (update existing rows, bulk-create the rest).
            if not model.get_search_fields():
                return
            indexers = [SQLiteObjectIndexer(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
            entries = self.entries.filter(content_type_id=content_type_pk)
            indexed_ids = frozenset(
                entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True)
            )
            for object_id in indexed_ids:
                title, autocomplete, body = data[object_id]
                entries.filter(object_id=object_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                sqlite_backend.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in indexed_ids
            )
            self._refresh_title_norms()

    class SQLiteSearchBackend(SegmentingBackendMixin, sqlite_backend.SQLiteSearchBackend):
        index_class = SQLiteIndex

    return sqlite_backend.SQLiteSearchBackend, SQLiteSearchBackend


def _postgres_backend_class():
    # Imported only on PostgreSQL: django.contrib.postgres needs psycopg.
    from modelsearch.backends.database.postgres import postgres as postgres_backend

    class PostgresObjectIndexer(SegmentingIndexerMixin, postgres_backend.ObjectIndexer):
        pass

    class PostgresIndex(postgres_backend.PostgresIndex):
        def add_items(self, model, objs):
            # modelsearch looks ObjectIndexer up in its module at call time;
            # build the same statement with the segmenting indexer instead.
            return _postgres_add_items(self, model, objs, PostgresObjectIndexer, postgres_backend)

    class PostgresSearchBackend(SegmentingBackendMixin, postgres_backend.PostgresSearchBackend):
        index_class = PostgresIndex

    return PostgresSearchBackend


def _postgres_add_items(index, model, objs, indexer_class, postgres_backend):
    """modelsearch 1.3's PostgresIndex.add_items (one INSERT … ON CONFLICT) with `indexer_class`."""
    from django.db.models.sql import InsertQuery

    if not model.get_search_fields():
        return
    indexers = [indexer_class(obj, index.backend) for obj in objs]
    if not indexers:
        return
    IndexEntry = postgres_backend.IndexEntry
    content_type_pk = get_content_type_pk(model)
    compiler = InsertQuery(IndexEntry).get_compiler(connection=index.write_connection)
    rows, params = [], []
    for indexer in indexers:
        params.extend((content_type_pk, indexer.id))
        vectors = []
        for field_name in ("title", "autocomplete", "body"):
            value = compiler.prepare_value(
                IndexEntry._meta.get_field(field_name), getattr(indexer, field_name)
            )
            sql, value_params = value.as_sql(compiler, index.write_connection)
            vectors.append(sql)
            params.extend(value_params)
        params.extend((indexer.title_text, indexer.body_text))
        rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,
            params,
        )
    index._refresh_title_norms()


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up)
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    backend = modelsearch_database.SearchBackend(params)
    if connection.vendor == "sqlite":
        plain, segmenting = _sqlite_backend_class()
        if isinstance(backend, plain):  # FTS5 is there; otherwise the LIKE fallback
            return segmenting(params)
    return backend
