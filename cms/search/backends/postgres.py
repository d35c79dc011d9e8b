"""PostgreSQL full-text search with Chinese segmentation (imported only on PostgreSQL)."""

from django.db.models.sql import InsertQuery

from modelsearch.backends.database.postgres import postgres as postgres_backend
from modelsearch.utils import get_content_type_pk

from .segmenting import RebuildingMixin, SegmentingBackendMixin, SegmentingIndexerMixin


class PostgresObjectIndexer(SegmentingIndexerMixin, postgres_backend.ObjectIndexer):
    pass


class PostgresIndex(postgres_backend.PostgresIndex):
    rebuilding = False  # set by RebuildingMixin while update_index runs

    def add_items(self, model, objs):
        """modelsearch 1.3's PostgresIndex.add_items (one INSERT … ON CONFLICT), segmenting indexer."""
        if not model.get_search_fields():
            return
        indexers = [PostgresObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        IndexEntry = postgres_backend.IndexEntry
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for field_name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(
                    IndexEntry._meta.get_field(field_name), getattr(indexer, field_name)
                )
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
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
        if not self.rebuilding:
            self._refresh_title_norms()


class PostgresSearchRebuilder(RebuildingMixin, postgres_backend.PostgresSearchRebuilder):
    pass


class PostgresSearchAtomicRebuilder(
    RebuildingMixin, postgres_backend.PostgresSearchAtomicRebuilder
):
    pass


class PostgresSearchBackend(SegmentingBackendMixin, postgres_backend.PostgresSearchBackend):
    index_class = PostgresIndex
    rebuilder_class = PostgresSearchRebuilder
    atomic_rebuilder_class = PostgresSearchAtomicRebuilder
