"""Site search: one entry point for the search page and for other channels (WeChat replies).

    site_search("信用修复", limit=5) -> [SearchHit(title, url, summary, image), ...]

Titles that contain every word of the query come first (newest first), then
the other hits in the backend's relevance order.  Everything shown comes
from each source's public queryset at query time.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import SearchField

from .segmentation import MAX_QUERY_LENGTH, query_words
from .sources import search_sources

TITLE_HITS_LIMIT = 200  # title hits ranked first; more than this rank by relevance
# Hits are counted up to this many; beyond it the page says "超过 1000 条" and pages
# only that far: counting every hit of a word found in nearly every page costs the
# engine more than finding the page of results shown.
COUNT_LIMIT = 1000
SNIPPET_LENGTH = 120
SUMMARY_LENGTH = 120
IMAGE_ATTRIBUTES = ("search_image", "cover_image", "image", "photo")


class QueryError(ValueError):
    """The query cannot be searched; the message is for the person searching."""


@dataclass
class SearchHit:
    title: str
    url: str
    summary: str
    image: AbstractImage | None = None
    snippet: str = ""  # HTML: escaped text with the query's words in <mark>
    obj: Any = field(default=None, repr=False, compare=False)


def parse_query(raw: str) -> list[str]:
    """The words to search for; [] for an empty query; QueryError when it cannot be searched."""
    query = (raw or "").strip()
    if not query:
        return []
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"搜索内容过长，请控制在{MAX_QUERY_LENGTH}个字以内。")
    words = query_words(query)
    if not words:
        raise QueryError("搜索内容只有标点、符号或“的、了”等虚词，请输入要查找的文字。")
    return words


class _Segment:
    """A run of results: primary keys fetched in order (title hits) or a search, sliced lazily."""

    def __init__(self, queryset=None, pks=None, results=None):
        self.queryset, self.pks, self.results = queryset, pks, results
        self._count = None

    def count(self):
        """The number of hits, or COUNT_LIMIT + 1 when there are more than COUNT_LIMIT."""
        if self._count is None:
            if self.pks is not None:
                self._count = len(self.pks)
            else:
                self._count = min(self.results[: COUNT_LIMIT + 1].count(), COUNT_LIMIT + 1)
        return self._count

    def slice(self, start, stop):
        if self.pks is None:
            return list(self.results[start:stop])
        pks = self.pks[start:stop]
        found = self.queryset.filter(pk__in=pks).in_bulk()
        return [found[pk] for pk in pks if pk in found]


class SiteResults(Sequence):
    """All hits across sources, in order, counted (up to COUNT_LIMIT) and sliced lazily (for
    Paginator)."""

    def __init__(self, segments):
        self.segments = segments

    def _total(self):
        return sum(segment.count() for segment in self.segments)

    def count(self):
        return min(self._total(), COUNT_LIMIT)

    @property
    def more_than_counted(self) -> bool:
        """True when there are more hits than COUNT_LIMIT (only that many are paged)."""
        return self._total() > COUNT_LIMIT

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        found = []
        for segment in self.segments:
            if stop is not None and stop <= 0:
                break
            size = segment.count()
            if start < size:
                end = size if stop is None else min(stop, size)
                found.extend(segment.slice(start, end))
            start = max(0, start - size)
            stop = None if stop is None else stop - size
        return found


def search_results(words: list[str]) -> SiteResults:
    query = " ".join(words)
    firsts, rests = [], []
    for source in search_sources():
        public = source.public()
        title_hits = source.title_hits(public, words)
        if source.model is Page or hasattr(source.model, "first_published_at"):
            title_hits = title_hits.order_by("-first_published_at", "-pk")
        title_pks = list(title_hits.values_list("pk", flat=True)[:TITLE_HITS_LIMIT])
        others = public.exclude(pk__in=title_pks) if title_pks else public
        firsts.append(_Segment(queryset=public, pks=title_pks))
        # Through the backend, so a model's own queryset needs no search mixin.
        rests.append(_Segment(results=get_search_backend().search(query, others, operator="and")))
    return SiteResults(firsts + rests)


def site_search(query: str, limit: int = 5) -> list[SearchHit]:
    """The first `limit` hits for `query`; [] when the query has nothing to search."""
    try:
        words = parse_query(query)
    except QueryError:
        return []
    if not words:
        return []
    return [to_hit(obj, words) for obj in search_results(words)[:limit]]


def to_hit(obj, words: list[str], request=None) -> SearchHit:
    """One result as shown; with the request, page URLs read the sites once per request."""
    text = searchable_text(obj)
    summary = _plain(getattr(obj, "summary", "") or getattr(obj, "search_description", ""))
    return SearchHit(
        title=str(getattr(obj, "title", "") or obj),
        url=_url(obj, request),
        summary=summary or _truncate(text, SUMMARY_LENGTH),
        image=_image(obj),
        # A summary that the body repeats (often its first paragraph) is shown once.
        snippet=highlight(text if summary in text else f"{summary} {text}".strip(), words),
        obj=obj,
    )


def _url(obj, request=None) -> str:
    if isinstance(obj, Page):
        return obj.get_url(request=request) or ""
    getter = getattr(obj, "get_url", None) or obj.get_absolute_url
    return getter() or ""


def _image(obj):
    for name in IMAGE_ATTRIBUTES:
        value = getattr(obj, name, None)
        if isinstance(value, AbstractImage):
            return value
    return None


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _plain(value) -> str:
    """Text without markup, for summaries and snippets (always escaped when shown)."""
    if isinstance(value, (list, tuple)):
        value = " ".join(_plain(item) for item in value)
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", str(value or "")))).strip()


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"


def searchable_text(obj) -> str:
    """The plain text of every searchable field but the title (for snippets)."""
    parts = []
    for search_field in obj.get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name not in (
            "title",
            "summary",
        ):
            parts.append(_plain(search_field.get_value(obj)))
    return " ".join(part for part in parts if part)


def highlight(text: str, words: list[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of `text` around the first word found, escaped, with the words in <mark>."""
    lowered = text.lower()
    positions = [lowered.find(word) for word in words if word in lowered]
    first = min(positions) if positions else 0
    start = max(0, first - length // 4)
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    escaped = escape(window)
    pattern = "|".join(re.escape(escape(w)) for w in sorted(words, key=len, reverse=True))
    marked = re.sub(f"({pattern})", r"<mark>\1</mark>", escaped, flags=re.IGNORECASE)
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308  (built from escaped text)
