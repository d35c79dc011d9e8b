"""Exposure pages are never kept by the shared page cache: every request meets the rate limit,
and an entry that leaves the public is gone on the very next request."""

from django.core.cache import caches

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_batch_page_is_private_and_never_a_cache_hit(client, batch, make_entry, page_cache):
    entry = make_entry(name="王五")
    first = client.get(batch.url)
    assert "王五" in first.content.decode()
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    assert client.get(batch.url)["X-Wagtail-Cache"] != "hit"

    entry.status = "repaired"
    entry.save(update_fields=["status"])
    assert "王五" not in client.get(batch.url).content.decode()


def test_name_search_is_never_a_cache_hit(client, index, make_entry, page_cache):
    make_entry(name="赵六")
    url = index.url + "?q=赵六"
    assert "赵六" in client.get(url).content.decode()
    assert client.get(url)["X-Wagtail-Cache"] != "hit"
