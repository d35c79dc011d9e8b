"""What every segmenting backend shares: queries are segmented before compiling."""

from modelsearch.query import Phrase, PlainText

from ..segmentation import segment_for_index, segment_query


def segment_search_query(query):
    """A query string or PlainText/Phrase with its words separated; "" when nothing is left."""
    if isinstance(query, str):
        return segment_query(query)
    if isinstance(query, PlainText):
        return PlainText(segment_query(query.query_string), operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(segment_query(query.query_string))
    return query


class SegmentingBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, segment_search_query(query), model_or_queryset, **kwargs
        )


class SegmentingIndexerMixin:
    """For the database backends' ObjectIndexer: every text value is segmented once."""

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)  # items come back through here
        text = super().prepare_value(value)
        # The indexer reads every field once each for title, body and
        # autocomplete: segment each text once.
        segmented = self.__dict__.setdefault("_segmented", {})
        if text not in segmented:
            segmented[text] = segment_for_index(text)
        return segmented[text]


class RebuildingMixin:
    """For the database backends' rebuilders (update_index): the index skips the title-norm
    refresh after each chunk of objects, which reads the whole entries table every time;
    finish() refreshes every title norm once."""

    def start(self):
        index = super().start()
        index.rebuilding = True
        return index

    def finish(self):
        self.index.rebuilding = False
        super().finish()
