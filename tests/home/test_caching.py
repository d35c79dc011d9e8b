"""The whole-page cache: anonymous pages are served from it, never past midnight, and purged on change."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cms.home.caching import seconds_until_local_midnight
from cms.home.signals import content_left_public
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_second_anonymous_visit_is_a_cache_hit(client, home, page_cache):
    assert client.get("/")["X-Wagtail-Cache"] == "miss"
    assert client.get("/")["X-Wagtail-Cache"] == "hit"


def test_cached_page_never_outlives_the_local_day(client, home, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    with time_machine.travel(datetime(2026, 6, 30, 23, 50, tzinfo=SHANGHAI), tick=False):
        response = client.get("/")
    assert "max-age=600" in response["Cache-Control"]


def test_seconds_until_midnight_is_shanghai_time():
    with time_machine.travel(datetime(2026, 6, 30, 23, 59, 59, tzinfo=SHANGHAI), tick=False):
        assert seconds_until_local_midnight() == 1


def test_publishing_purges_cached_pages(client, home, page_cache):
    column = ArticleIndexPageFactory(parent=home, title="工作动态")
    client.get("/")
    assert client.get("/")["X-Wagtail-Cache"] == "hit"
    article = ArticlePageFactory(parent=column, title="刚刚发布的动态", live=False)
    article.save_revision().publish()
    response = client.get("/")
    assert response["X-Wagtail-Cache"] == "miss"
    assert "刚刚发布的动态" in response.content.decode()


def test_left_public_signal_purges_cached_pages(client, home, page_cache):
    client.get("/")
    assert client.get("/")["X-Wagtail-Cache"] == "hit"
    content_left_public.send(sender=type(home), instances=[home], reason="withdrawn")
    assert client.get("/")["X-Wagtail-Cache"] == "miss"


def test_logged_in_staff_never_get_cached_pages(client, home, page_cache, admin_user):
    client.get("/")
    client.force_login(admin_user)
    assert client.get("/")["X-Wagtail-Cache"] == "skip"


def test_routable_pages_get_the_midnight_bound_too(client, home, page_cache, settings):
    from tests.campaigns.factories import CampaignIndexPageFactory

    settings.PAGE_CACHE_SECONDS = 3600
    CampaignIndexPageFactory(parent=home)
    with time_machine.travel(datetime(2026, 6, 30, 23, 58, tzinfo=SHANGHAI), tick=False):
        response = client.get("/campaigns/2026/6/")
    assert response.status_code == 200
    assert "max-age=120" in response["Cache-Control"]


def test_saving_footer_settings_purges_cached_pages(client, home, page_cache):
    from wagtail.models import Site

    from cms.home.models import SiteFooterSettings

    client.get("/")
    assert client.get("/")["X-Wagtail-Cache"] == "hit"
    footer = SiteFooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.fault_report_phone = "0662-1234567"
    footer.save()
    response = client.get("/")
    assert response["X-Wagtail-Cache"] == "miss" and "0662-1234567" in response.content.decode()


def cached_entries(cache):
    """Entries in the page cache: local memory (make test) or Redis (make test-postgres)."""
    if hasattr(cache._cache, "get_client"):
        return len(cache._cache.get_client().keys(cache.make_key("*")))
    return len(cache._cache)


def test_unknown_query_parameters_make_no_entries(client, home, page_cache):
    client.get("/")
    before = cached_entries(page_cache)
    for number in range(20):
        response = client.get("/", {"junk": number})
        assert response.status_code == 200 and response["X-Wagtail-Cache"] == "skip"
    assert cached_entries(page_cache) == before
    # An allowed parameter is part of the key, as before.
    client.get("/", {"page": 2})
    assert client.get("/", {"page": 2})["X-Wagtail-Cache"] == "hit"


def test_404s_are_not_kept(client, home, page_cache):
    for number in range(5):
        response = client.get(f"/no-such-page-{number}/")
        assert response.status_code == 404 and response["X-Wagtail-Cache"] == "skip"
    assert cached_entries(page_cache) == 0


def test_making_a_section_private_purges_the_cached_pages(client, home, page_cache):
    from wagtail.models import PageViewRestriction

    column = ArticleIndexPageFactory(parent=home, title="内部通知")
    assert client.get(column.url).status_code == 200
    assert client.get(column.url)["X-Wagtail-Cache"] == "hit"
    PageViewRestriction.objects.create(page=column, restriction_type="login")
    response = client.get(column.url)
    assert response.status_code == 302 and "/login" in response["Location"]
