"""The page cache's fast path: an anonymous repeat visit is answered before sessions, CSRF, auth
and the rest, in one cache read, with every header a full answer carries; anything personal
never takes it; purges reach it."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.sessions.middleware import SessionMiddleware

import pytest
import time_machine

from tests.home.factories import ArticleIndexPageFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Headers that say when: equal while time stands still.
PUBLIC_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cache-Control",
    "Content-Type",
)


@pytest.fixture
def full_stack_runs():
    """How many requests went through the middlewares after the fast path (sessions first)."""
    runs = []
    original = SessionMiddleware.process_request

    def counted(self, request):
        runs.append(request.path)
        return original(self, request)

    with mock.patch.object(SessionMiddleware, "process_request", counted):
        yield runs


@pytest.fixture
def cache_reads(page_cache):
    reads = []
    original = type(page_cache).get

    def counted(self, key, *args, **kwargs):
        reads.append(key)
        return original(self, key, *args, **kwargs)

    with mock.patch.object(type(page_cache), "get", counted):
        yield reads


def test_a_hit_is_one_cache_read_and_nothing_else(
    client, home, page_cache, full_stack_runs, cache_reads, django_assert_num_queries
):
    assert client.get("/")["X-Wagtail-Cache"] == "miss"
    full_stack_runs.clear()
    cache_reads.clear()
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200 and response["X-Wagtail-Cache"] == "hit"
    assert "信用阳江" in response.content.decode()
    assert full_stack_runs == []  # no session, CSRF, auth, messages ... for a hit
    assert len(cache_reads) == 1


def test_a_hit_carries_the_headers_and_body_of_the_full_answer(client, home, page_cache):
    with time_machine.travel(datetime(2026, 6, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        miss = client.get("/")
        hit = client.get("/")
    assert (miss["X-Wagtail-Cache"], hit["X-Wagtail-Cache"]) == ("miss", "hit")
    for name in PUBLIC_HEADERS:
        assert miss.has_header(name), name
    assert "max-age=600" in miss["Cache-Control"]
    without_status = lambda response: {  # noqa: E731
        name: value for name, value in response.items() if name != "X-Wagtail-Cache"
    }
    assert without_status(hit) == without_status(miss)
    assert hit.content == miss.content


def test_a_hit_never_outlives_the_local_day(client, home, page_cache, settings, full_stack_runs):
    settings.PAGE_CACHE_SECONDS = 3600
    with time_machine.travel(datetime(2026, 6, 30, 23, 50, tzinfo=SHANGHAI), tick=False):
        assert "max-age=600" in client.get("/")["Cache-Control"]
    with time_machine.travel(datetime(2026, 6, 30, 23, 55, tzinfo=SHANGHAI), tick=False):
        hit = client.get("/")
        assert hit["X-Wagtail-Cache"] == "hit"
        assert "max-age=300" in hit["Cache-Control"]
        assert hit["Expires"] == "Tue, 30 Jun 2026 16:00:00 GMT"  # Shanghai midnight
    full_stack_runs.clear()
    with time_machine.travel(datetime(2026, 7, 1, 0, 0, 1, tzinfo=SHANGHAI), tick=False):
        client.get("/")
    # Past its time the entry is never replayed, even where the store still holds it (Redis
    # expires keys by its own clock, which the travelling test cannot move).
    assert full_stack_runs == ["/"]


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_personal_cookies_always_go_through_the_full_stack(
    client, home, page_cache, full_stack_runs, cookie
):
    client.get("/")
    client.get("/")
    assert full_stack_runs == ["/"]  # the second one was a fast hit
    client.cookies[cookie] = "x" * 32
    client.get("/")
    assert full_stack_runs == ["/", "/"]


def test_staff_post_and_admin_never_take_the_fast_path(
    client, home, page_cache, full_stack_runs, admin_user
):
    client.get("/")
    client.post("/")
    client.head("/")
    client.get("/admin/login/")
    client.get("/admin/login/")
    assert full_stack_runs == ["/", "/", "/", "/admin/login/", "/admin/login/"]
    client.force_login(admin_user)
    response = client.get("/")
    assert response["X-Wagtail-Cache"] == "skip"
    assert full_stack_runs[-1] == "/"


def test_credit_request_pages_are_never_kept(client, home, page_cache, full_stack_runs):
    for path in ("/credit-requests/", "/credit-requests/status/"):
        first = client.get(path)
        assert first.status_code == 200 and "no-store" in first["Cache-Control"]
        assert client.get(path)["X-Wagtail-Cache"] != "hit"
    assert len(full_stack_runs) == 4


def test_purges_reach_every_worker_on_redis(client, home, settings, redis_url):
    """Two workers share the Redis page cache: a purge one worker causes (here: a section made
    private) empties what the other would answer from."""
    redis = pytest.importorskip("redis")
    from django.core.cache import caches as handler

    from wagtail.models import PageViewRestriction

    settings.WAGTAIL_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    handler["pages"].close()
    del handler["pages"]
    try:
        column = ArticleIndexPageFactory(parent=home, title="内部通知")
        assert client.get(column.url)["X-Wagtail-Cache"] == "miss"
        other_worker = redis.Redis.from_url(redis_url)
        assert other_worker.dbsize() > 0
        assert client.get(column.url)["X-Wagtail-Cache"] == "hit"
        PageViewRestriction.objects.create(page=column, restriction_type="login")
        assert other_worker.dbsize() == 0
        response = client.get(column.url)
        assert response.status_code == 302 and "/login" in response["Location"]
        assert client.get(column.url).status_code == 302
    finally:
        handler["pages"].close()
        del handler["pages"]
