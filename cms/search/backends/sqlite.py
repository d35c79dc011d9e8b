"""SQLite FTS5 with Chinese segmentation and one-pass relevance ranking (imported only on SQLite).

modelsearch orders SQLite results by relevance with a correlated subquery
that runs the FTS match again for every hit (seconds for a common word in
10,000 pages).  Here the FTS table is asked once for every hit in FTS5's own
rank order (bm25); the hits are then restricted to the searched queryset and
the ordered keys serve the count and every slice of the same search.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models.expressions import RawSQL

from modelsearch.backends.database.sqlite import sqlite as sqlite_backend
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .segmenting import SegmentingBackendMixin, SegmentingIndexerMixin


class SQLiteObjectIndexer(SegmentingIndexerMixin, sqlite_backend.ObjectIndexer):
    pass


class SQLiteIndex(sqlite_backend.SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch 1.3's SQLiteIndex.add_items with the segmenting indexer (same writes)."""
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


class RankedQueryCompiler(sqlite_backend.SQLiteSearchQueryCompiler):
    def can_rank_once(self):
        query = normalize(self.query)
        return self.order_by_relevance and not isinstance(query, (MatchAll, Not))

    def ranked_pks(self):
        """Primary keys of the queryset's hits, best first (computed once per search)."""
        if getattr(self, "_ranked_pks", None) is None:
            self._ranked_pks = self._rank()
        return self._ranked_pks

    def _rank(self):
        connection = connections[self.queryset.db]
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query))
        )
        sql_compiler = sqlite_backend.SQLiteFTSIndexEntry.objects.none().query.get_compiler(
            connection=connection
        )
        match_sql, match_params = match.as_sql(sql_compiler, connection)
        content_types = list(get_descendants_content_types_pks(self.queryset.model)) or [0]
        fts = sqlite_backend.SQLiteFTSIndexEntry._meta.db_table
        entries = sqlite_backend.IndexEntry._meta.db_table
        # The FTS table is read first and once (CROSS JOIN keeps that order):
        # letting SQLite start from the entries table runs the match per row.
        hits_sql = (
            f"SELECT e.object_id FROM {fts} CROSS JOIN {entries} e ON e.id = {fts}.rowid "
            f"WHERE {match_sql} AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        params = [*match_params, *content_types]
        with connection.cursor() as cursor:
            cursor.execute(f"{hits_sql} ORDER BY {fts}.rank", params)
            to_python = self.queryset.model._meta.pk.to_python
            hits = list(dict.fromkeys(to_python(object_id) for (object_id,) in cursor.fetchall()))
        # Keep what the searched queryset allows (live, public, …), checking the
        # hits' keys in one statement (one JSON parameter, however many hits).
        keys = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(hits, cls=DjangoJSONEncoder)])
        allowed = set(self.queryset.filter(pk__in=keys).values_list("pk", flat=True))
        return [pk for pk in hits if pk in allowed]


class RankedSearchResults(sqlite_backend.SQLiteSearchResults):
    def _ranks_once(self):
        # The admin's autocomplete uses another compiler, which keeps modelsearch's own ranking.
        compiler = self.query_compiler
        return isinstance(compiler, RankedQueryCompiler) and compiler.can_rank_once()

    def _do_search(self):
        compiler = self.query_compiler
        if not self._ranks_once():
            return super()._do_search()
        pks = compiler.ranked_pks()[self.start : self.stop]
        found = compiler.queryset.filter(pk__in=pks).in_bulk()
        return [found[pk] for pk in pks if pk in found]

    def _do_count(self):
        if not self._ranks_once():
            return super()._do_count()
        return len(self.query_compiler.ranked_pks())


class SQLiteSearchBackend(SegmentingBackendMixin, sqlite_backend.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = RankedQueryCompiler
    results_class = RankedSearchResults
