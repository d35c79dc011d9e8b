"""What the front cache must forget, for each kind of change.

The page cache (cms.home.caching) drops every page on any change, because the
main navigation, the home page sections and the list pages show other pages'
titles; the front cache does the same with one BAN per site host.  Only where
the sender knows exactly which pages showed something (content_left_public
from a model with `public_urls_for(instances)`) are single URLs purged.
"""

import re
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

WHOLE_SITE = "^/"


def site_hosts():
    """The Host header each site is requested with (hostname, and the port unless 80/443)."""
    return sorted({urlsplit(site.root_url).netloc for site in Site.objects.all()})


def whole_site_bans():
    return [(host, WHOLE_SITE) for host in site_hosts()]


def home_page_urls():
    batch = PurgeBatch()
    batch.add_pages(site.root_page for site in Site.objects.select_related("root_page"))
    return sorted(batch.urls)


def subtree_bans(pages):
    """A page and every route under it (e.g. all month grids of a calendar)."""
    bans = []
    for page in pages:
        url = page.get_full_url()
        if url:
            parts = urlsplit(url)
            bans.append((parts.netloc, "^" + re.escape(parts.path)))
    return bans


def urls_showing(sender, instances):
    """Full URLs of the pages that showed `instances`, or None if the sender cannot say."""
    public_urls_for = getattr(sender, "public_urls_for", None)
    if public_urls_for is None:
        return None
    return sorted(set(public_urls_for(instances)) | set(home_page_urls()))


def dated_targets():
    """What shows "today": the home pages, and the page types listed in
    FRONT_CACHE_DAILY_PAGE_TYPES with all their routes (the campaign calendar)."""
    bans = []
    for label in settings.FRONT_CACHE_DAILY_PAGE_TYPES:
        model = apps.get_model(label)
        bans += subtree_bans(model.objects.live())
    return home_page_urls(), bans
