"""Keeps the search index in step with what leaves the public.

Results are filtered through each source's public queryset anyway; removing
the entries as well means the text of something withdrawn, repaired or
expired is not even kept in the index.
"""

import logging

from wagtail.models import Page
from wagtail.search import index

from cms.home.signals import content_left_public

logger = logging.getLogger(__name__)


def drop_left_public(sender, instances=(), reason="", **kwargs):
    for instance in instances:
        if not isinstance(instance, index.Indexed):
            continue
        if isinstance(instance, Page):
            # A page that is still there (e.g. a list that lost an entry) is reindexed.
            index.insert_or_update_object(instance.specific)
        else:
            index.remove_object(instance)
    logger.info(
        "search index updated: %s left the public (%s)", getattr(sender, "__name__", sender), reason
    )


def connect_index_signals():
    content_left_public.connect(drop_left_public, dispatch_uid="search-index-left-public")
