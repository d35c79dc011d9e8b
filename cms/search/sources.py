"""What the site search covers, found by convention (content apps never import this app).

- Every page type: live, public (no view restrictions) pages.
- Any other model that opts in: it subclasses wagtail.search.index.Indexed,
  has search_fields, `public()` (a classmethod or a manager/queryset method)
  returning what may be shown now, and get_url() or get_absolute_url().

Results are always taken from these querysets, so a stale index entry of
something that has left the public is never shown.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from wagtail.models import Page
from wagtail.search.index import get_indexed_models


@dataclass(frozen=True)
class Source:
    model: type
    title_field: str | None  # a text column on which a hit ranks first

    def public(self):
        if issubclass(self.model, Page):
            return Page.objects.live().public().specific()
        public = getattr(self.model, "public", None)
        if not callable(public):
            public = self.model._default_manager.public
        return public()

    def title_hits(self, queryset, words):
        """The part of `queryset` whose title contains every word (any database, no index)."""
        if not self.title_field or not words:
            return queryset.none()
        condition = Q()
        for word in words:
            condition &= Q(**{f"{self.title_field}__icontains": word})
        return queryset.filter(condition)


def _opts_in(model) -> bool:
    if issubclass(model, Page) or not model.get_search_fields():
        return False
    has_public = callable(getattr(model, "public", None)) or callable(
        getattr(model._default_manager, "public", None)
    )
    has_url = hasattr(model, "get_url") or hasattr(model, "get_absolute_url")
    return has_public and has_url


def _title_field(model) -> str | None:
    for name in ("title", "name"):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return None


def search_sources() -> list[Source]:
    sources = [Source(Page, "title")]
    for model in get_indexed_models():
        # Child models of an opted-in model are searched through their parent.
        if _opts_in(model) and not any(_opts_in(parent) for parent in model._meta.parents):
            sources.append(Source(model, _title_field(model)))
    return sources
