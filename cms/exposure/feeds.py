"""Atom feed of the live batches (/exposure/feed/).

Items are batches, never people: a feed reader keeps copies forever, so no
name goes into it; each item says how many entries are public today.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import ExposureEntry


class BatchFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} - 信用阳江"

    def link(self):
        return self.index_page.get_url(self.request)

    def subtitle(self):
        return self.index_page.intro or "依法公示的严重失信主体名单批次"

    def items(self):
        return list(self.index_page.live_batches()[:30])

    def item_title(self, batch):
        return batch.title

    def item_link(self, batch):
        return batch.get_url(self.request)

    def item_description(self, batch):
        count = ExposureEntry.objects.public(batch=batch).count()
        units = f"认定单位：{batch.deciding_units}。" if batch.deciding_units else ""
        return f"{batch.intro}{units}公示中 {count} 条。"

    def item_pubdate(self, batch):
        return batch.last_published_at or batch.first_published_at

    def item_updateddate(self, batch):
        return batch.last_published_at
