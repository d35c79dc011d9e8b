"""Elasticsearch 8 / OpenSearch-compatible backend with Chinese segmentation.

Text is segmented in Python (the same words as the database backends) and
the index's default analyzer splits on whitespace only, so Elasticsearch does
not cut the words again into single characters (its standard tokenizer does).
Select it with SEARCH_URL (settings), nothing else.
"""

import copy

from modelsearch.backends import elasticsearch8
from modelsearch.index import AutocompleteField, SearchField

from ..segmentation import segment_for_index
from .segmenting import SegmentingBackendMixin


class SegmentingMapping(elasticsearch8.Elasticsearch8Mapping):
    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, (SearchField, AutocompleteField)):
            if isinstance(value, str):
                value = segment_for_index(value)
            elif isinstance(value, list) and all(isinstance(item, str) for item in value):
                value = [segment_for_index(item) for item in value]
        return name, value, edgengrams


class SegmentingQueryCompiler(elasticsearch8.Elasticsearch8SearchQueryCompiler):
    mapping_class = SegmentingMapping


class SegmentingAutocompleteQueryCompiler(elasticsearch8.Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = SegmentingMapping


WHITESPACE_ANALYZER = {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}


def _settings():
    settings = copy.deepcopy(elasticsearch8.Elasticsearch8SearchBackend.settings)
    analyzers = settings["settings"]["analysis"]["analyzer"]
    analyzers["default"] = WHITESPACE_ANALYZER
    analyzers["default_search"] = WHITESPACE_ANALYZER
    for name in ("ngram_analyzer", "edgengram_analyzer"):
        analyzers[name]["tokenizer"] = "whitespace"
    return settings


class Elasticsearch8SearchBackend(
    SegmentingBackendMixin, elasticsearch8.Elasticsearch8SearchBackend
):
    mapping_class = SegmentingMapping
    query_compiler_class = SegmentingQueryCompiler
    autocomplete_query_compiler_class = SegmentingAutocompleteQueryCompiler
    settings = _settings()


SearchBackend = Elasticsearch8SearchBackend
