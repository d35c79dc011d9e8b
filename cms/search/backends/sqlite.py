"""SQLite FTS5 with Chinese segmentation, ranked and limited in SQL (imported only on SQLite).

modelsearch orders SQLite results by relevance with a correlated subquery
that runs the FTS match again for every hit (seconds for a common word in
10,000 pages).  Here one statement reads the FTS table once, keeps the hits
that the searched queryset allows (a subquery evaluated once), orders them
by bm25 with the title weighted above the body, and returns only the slice
asked for; the count is one COUNT(*) of the same hits, no further than the
slice's end.  No hit is handled in Python
except those of the page shown.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from modelsearch.backends.database.sqlite import sqlite as sqlite_backend
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .segmenting import RebuildingMixin, SegmentingBackendMixin, SegmentingIndexerMixin

FTS_TABLE = sqlite_backend.SQLiteFTSIndexEntry._meta.db_table
ENTRIES_TABLE = sqlite_backend.IndexEntry._meta.db_table
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class SQLiteObjectIndexer(SegmentingIndexerMixin, sqlite_backend.ObjectIndexer):
    pass


class SQLiteIndex(sqlite_backend.SQLiteIndex):
    rebuilding = False  # set by RebuildingMixin while update_index runs

    def add_items(self, model, objs):
        """modelsearch 1.3's SQLiteIndex.add_items with the segmenting indexer; the entries
        already indexed are updated in one executemany, not one UPDATE query each."""
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
        if indexed_ids:
            with self.write_connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {ENTRIES_TABLE} SET title = %s, autocomplete = %s, body = %s "
                    "WHERE content_type_id = %s AND object_id = %s",
                    [(*data[object_id], content_type_pk, object_id) for object_id in indexed_ids],
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
        if not self.rebuilding:
            self._refresh_title_norms()


class SQLiteSearchRebuilder(RebuildingMixin, sqlite_backend.SQLiteSearchRebuilder):
    pass


class SQLiteSearchAtomicRebuilder(RebuildingMixin, sqlite_backend.SQLiteSearchAtomicRebuilder):
    pass


class RankedQueryCompiler(sqlite_backend.SQLiteSearchQueryCompiler):
    # bm25 weight of each column of the FTS table (autocomplete, body, title): a word in
    # the title counts ten times one in the body; autocomplete is not searched here.
    COLUMN_WEIGHTS = (0.0, 1.0, 10.0)
    # From this many index entries on, a model's hits are joined to their entries one by one.
    MANY_ENTRIES = 1000

    def can_rank_in_sql(self):
        query = normalize(self.query)
        return self.order_by_relevance and not isinstance(query, (MatchAll, Not))

    def _hits_sql(self, connection):
        """FROM … WHERE … selecting the FTS rows of the queryset's hits (one SQL statement),
        with `e` the index entry of each hit.

        The FTS table is read first, once, for the match (CROSS JOIN keeps that order:
        starting from the entries runs the match once per row); the hits are then kept
        if the searched queryset (live, public, …) has them.  For a model with many index
        entries (pages), each hit's entry and object are looked up by key.  For a model
        with few (honorees), each hit is checked against the set of its allowed entries,
        built from the (content type, object id) index, so that a word found in
        thousands of pages does not read thousands of page entries to find none.
        """
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query))
        )
        sql_compiler = sqlite_backend.SQLiteFTSIndexEntry.objects.none().query.get_compiler(
            connection=connection
        )
        match_sql, match_params = match.as_sql(sql_compiler, connection)
        content_types = list(get_descendants_content_types_pks(self.queryset.model)) or [0]
        in_content_types = f"e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        # object_id is text; compare integer keys as integers.
        object_id = "e.object_id"
        if self.queryset.model._meta.pk.get_internal_type() in INTEGER_KEYS:
            object_id = "CAST(e.object_id AS INTEGER)"
        if self._has_many_entries(connection, in_content_types, content_types):
            # Each hit is looked up in the queryset by its key: no set of every allowed
            # page is built, and a count that stops early stops the lookups too.
            allowed_sql, allowed_params = self._compile(
                self.queryset.filter(pk=RawSQL(object_id, [])).values("pk"), connection
            )
            return (
                f"FROM {FTS_TABLE} CROSS JOIN {ENTRIES_TABLE} e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {match_sql} AND {in_content_types} AND EXISTS ({allowed_sql})",
                [*match_params, *content_types, *allowed_params],
            )
        # The `+` keeps SQLite from running the match once per allowed entry.
        queryset_sql, queryset_params = self._compile(self.queryset.values("pk"), connection)
        return (
            f"FROM {FTS_TABLE} CROSS JOIN {ENTRIES_TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {match_sql} AND +{FTS_TABLE}.rowid IN (SELECT e.id FROM {ENTRIES_TABLE} e "
            f"WHERE {in_content_types} AND {object_id} IN ({queryset_sql}))",
            [*match_params, *content_types, *queryset_params],
        )

    @staticmethod
    def _compile(queryset, connection):
        return queryset.order_by().query.get_compiler(connection=connection).as_sql()

    def _has_many_entries(self, connection, in_content_types, content_types):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {ENTRIES_TABLE} e "
                f"WHERE {in_content_types} LIMIT %s)",
                [*content_types, self.MANY_ENTRIES],
            )
            return cursor.fetchone()[0] >= self.MANY_ENTRIES

    def ranked_pks(self, start=0, stop=None):
        """Primary keys of the hits from `start` to `stop`, best first: SQLite ranks and limits."""
        if stop is not None and stop <= start:
            return []
        connection = connections[self.queryset.db]
        hits_sql, params = self._hits_sql(connection)
        weights = ", ".join(str(weight) for weight in self.COLUMN_WEIGHTS)
        limit = -1 if stop is None else stop - start
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.object_id {hits_sql} "
                f"ORDER BY bm25({FTS_TABLE}, {weights}), e.id LIMIT %s OFFSET %s",
                [*params, limit, start],
            )
            to_python = self.queryset.model._meta.pk.to_python
            return list(dict.fromkeys(to_python(object_id) for (object_id,) in cursor.fetchall()))

    def count_hits(self, limit=None):
        """How many hits there are, counting no further than `limit` (None: all)."""
        connection = connections[self.queryset.db]
        hits_sql, params = self._hits_sql(connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {hits_sql} LIMIT %s)",
                [*params, -1 if limit is None else limit],
            )
            return cursor.fetchone()[0]


class RankedSearchResults(sqlite_backend.SQLiteSearchResults):
    def _ranks_in_sql(self):
        # The admin's autocomplete uses another compiler, which keeps modelsearch's own
        # ranking, and so does a search that asks for its scores.
        compiler = self.query_compiler
        return (
            isinstance(compiler, RankedQueryCompiler)
            and compiler.can_rank_in_sql()
            and self._score_field is None
        )

    def _do_search(self):
        if not self._ranks_in_sql():
            return super()._do_search()
        compiler = self.query_compiler
        pks = compiler.ranked_pks(self.start, self.stop)
        if not pks:
            return []
        found = compiler.queryset.filter(pk__in=pks).in_bulk()
        return [found[pk] for pk in pks if pk in found]

    def _do_count(self):
        if not self._ranks_in_sql():
            return super()._do_count()
        total = self.query_compiler.count_hits(limit=self.stop)
        return max(0, total - self.start)


class SQLiteSearchBackend(SegmentingBackendMixin, sqlite_backend.SQLiteSearchBackend):
    index_class = SQLiteIndex
    rebuilder_class = SQLiteSearchRebuilder
    atomic_rebuilder_class = SQLiteSearchAtomicRebuilder
    query_compiler_class = RankedQueryCompiler
    results_class = RankedSearchResults
