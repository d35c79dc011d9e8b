"""RSS 2.0 and Atom feeds of materials, overall and per stage (/education/feed/, /education/<stage>/feed/).

A school's feed reader or script subscribes once and gets each new material
with its first file as the enclosure.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .stages import Stage

FEED_ITEMS = 50


class MaterialRssFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = None

    def __init__(self, index_page, stage=None):
        super().__init__()
        self.index_page, self.stage = index_page, stage

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        stage = f"（{Stage(self.stage).label}）" if self.stage else ""
        return f"{self.index_page.title}{stage} - 信用阳江"

    def link(self):
        url = self.index_page.get_url(self.request)
        return f"{url}{self.stage}/" if self.stage else url

    def description(self):
        return self.index_page.intro or "信用阳江诚信教育资料"

    subtitle = description

    def items(self):
        return list(
            self.index_page.materials(self.stage).prefetch_related("tags", "documents__document")[
                :FEED_ITEMS
            ]
        )

    def item_title(self, material):
        return material.title

    def item_link(self, material):
        return material.get_url(self.request)

    def item_description(self, material):
        return material.summary

    def item_pubdate(self, material):
        return material.first_published_at

    def item_updateddate(self, material):
        return material.last_published_at

    def item_categories(self, material):
        return [material.get_stage_display(), *(tag.name for tag in material.tags.all())]

    def item_enclosures(self, material):
        from django.utils.feedgenerator import Enclosure

        for item in material.documents.all():
            document = item.document
            return [
                Enclosure(
                    self.request.build_absolute_uri(document.url),
                    str(document.get_file_size() or 0),
                    document.content_type,
                )
            ]
        return []


class MaterialAtomFeed(MaterialRssFeed):
    feed_type = Atom1Feed
