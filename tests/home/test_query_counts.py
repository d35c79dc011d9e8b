"""Queries of uncached pages on the demo site (the page cache off, as in every test).

Bounds, not exact counts: each one is what the page costs today with the cached page tree,
view restrictions, calendar and footer settings (cms/home/visibility.py, generations.py).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.home.models import ArticlePage

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm: as on a running server, the first request after a change rebuilds
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_home_page(seeded, client):
    from cms.exposure.models import ExposureListPage
    from cms.honor_roll.models import HonorRollPage

    body, count = _queries(client, "/")
    for section in ("home-events-heading", "home-campaigns-heading", 'id="latest-heading"'):
        assert section in body
    for model in (ExposureListPage, HonorRollPage):  # the sections link to their index pages
        assert f'href="{model.objects.live().first().get_parent().url}"' in body
    assert count <= 12  # was 32


def test_article_page(seeded, client):
    article = ArticlePage.objects.live().order_by("path").first()
    body, count = _queries(client, article.url)
    assert article.title in body
    assert count <= 8  # was 15


def test_campaign_calendar(seeded, client):
    body, count = _queries(client, "/campaigns/")
    upcoming = body.split('id="upcoming-list"')[1].split("</ol>")[0].split("</ul>")[0]
    assert "<li" in upcoming and "一年内暂无宣传节点" not in upcoming
    assert count <= 8  # was 17


@pytest.mark.parametrize("url", ["/", "/campaigns/"])
def test_a_page_reads_each_cached_snapshot_once(seeded, client, url):
    """The menu, footer, listings and sections share one read of each snapshot (page tree,
    calendar, footer settings) per request: on Redis every read is a round trip."""
    from collections import Counter
    from unittest import mock

    from django.core.cache import caches

    cache = caches["default"]
    client.get(url)
    reads = Counter()
    original = type(cache).get

    def counted(self, key, *args, **kwargs):
        reads[key] += 1
        return original(self, key, *args, **kwargs)

    with mock.patch.object(type(cache), "get", counted):
        assert client.get(url).status_code == 200
    assert any(key.startswith("generation:page-tree") for key in reads)
    assert [key for key, count in reads.items() if count > 1 and "generation:" in key] == []
