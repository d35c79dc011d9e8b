"""The front cache for real: Varnish with the project's VCL in front of the live test server,
purged by the application (make test-frontcache)."""

import http.client
from urllib.parse import quote, urlsplit

from wagtail.models import Site

import pytest

from tests.exposure.factories import (
    ExposureEntryFactory,
    ExposureIndexPageFactory,
    ExposureListPageFactory,
)
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory, make_site_with_home

pytestmark = pytest.mark.frontcache

USERBAR = "<wagtail-userbar"
ARTICLE = "/dong-tai/xin-yong-zhi-shi/"


class Varnish:
    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method, path, *, cookie=None, source="127.0.0.1", headers=None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=(source, 0)
        )
        try:
            send = {"Host": f"{self.host}:{self.port}", **(headers or {})}
            if cookie:
                send["Cookie"] = cookie
            connection.request(method, path, headers=send)
            response = connection.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


@pytest.fixture
def front(wagtail_tree, varnish_base, settings):
    """A small site whose Site is Varnish's address (so purges name the host it caches),
    FRONTEND_CACHE_URLS pointing at Varnish, and Varnish emptied."""
    varnish = Varnish(varnish_base)
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {"BACKEND": "cms.front_cache.backends.VarnishBackend", "LOCATION": varnish_base}
    }
    home = make_site_with_home()
    Site.objects.update(hostname=varnish.host, port=varnish.port)
    column = ArticleIndexPageFactory(parent=home, title="动态", slug="dong-tai")
    varnish.article = ArticlePageFactory(parent=column, title="信用知识", slug="xin-yong-zhi-shi")
    from cms.exposure.models import KeyArea, KeyGroup, SeverityPeriod
    from cms.exposure.seed_data import seed_reference_data

    seed_reference_data(KeyArea, KeyGroup, SeverityPeriod)  # flushed by transactional tests
    index = ExposureIndexPageFactory(parent=home)
    varnish.batch = ExposureListPageFactory(parent=index, slug="batch-1")
    ExposureEntryFactory(batch=varnish.batch, name="曝光测试")
    banned = varnish.request("BAN", "/", headers={"X-Ban-Path": "^/"})
    assert banned.status == 200
    return varnish


def test_a_cached_anonymous_page_is_a_varnish_hit(front):
    first = front.get(ARTICLE)
    assert first.status == 200 and first.getheader("X-Cache") == "MISS"
    second = front.get(ARTICLE)
    assert second.getheader("X-Cache") == "HIT"
    assert len(second.getheader("X-Varnish").split()) == 2  # this request and the cached one
    assert int(second.getheader("Age")) >= 0
    assert second.text == first.text and "信用知识" in second.text
    # Analytics cookies do not make a page personal: still the cached copy.
    tracked = front.get(ARTICLE, cookie="_ga=GA1.2.345; Hm_lvt_0123=1700000000")
    assert tracked.getheader("X-Cache") == "HIT"


def test_publishing_purges_the_page_and_the_home_page(front):
    for path in (ARTICLE, "/"):
        front.get(path)
        assert front.get(path).getheader("X-Cache") == "HIT"
    article = front.article
    article.title = "信用知识（修订版）"
    article.save_revision().publish()
    # The very next anonymous request already sees the new version.
    after = front.get(ARTICLE)
    assert after.getheader("X-Cache") == "MISS" and "信用知识（修订版）" in after.text
    assert front.get("/").getheader("X-Cache") == "MISS"


def test_a_logged_in_user_never_gets_a_cached_page_nor_leaks_theirs(front, client, admin_user):
    client.force_login(admin_user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    # Staff first on a cold page: their page (with the userbar) is not kept for others.
    staff = front.get(ARTICLE, cookie=session)
    assert staff.getheader("X-Cache") == "PASS" and USERBAR in staff.text
    anonymous = front.get(ARTICLE)
    assert anonymous.getheader("X-Cache") == "MISS" and USERBAR not in anonymous.text
    assert front.get(ARTICLE).getheader("X-Cache") == "HIT"
    # Now cached for the public: staff still get their own, fresh page.
    again = front.get(ARTICLE, cookie=f"_ga=1; {session}")
    assert again.getheader("X-Cache") == "PASS" and USERBAR in again.text
    csrf = front.get(ARTICLE, cookie="csrftoken=abc")
    assert csrf.getheader("X-Cache") == "PASS"


def test_exposure_and_credit_request_pages_are_never_cached(front):
    batch = front.batch.url
    for path in (
        "/exposure/",
        "/exposure/?q=" + quote("曝光测试"),
        batch,
        batch + "api/",
        "/exposure/feed/",
        "/credit-requests/",
        "/credit-requests/status/",
        "/admin/login/",
    ):
        for _ in range(2):
            response = front.get(path)
            assert response.status == 200, path
            assert response.getheader("X-Cache") == "PASS", path
    assert "曝光测试" in front.get(batch).text


def test_purge_and_ban_from_outside_the_acl_are_refused(front):
    front.get(ARTICLE)
    assert front.get(ARTICLE).getheader("X-Cache") == "HIT"
    outside = "127.0.0.2"  # a loopback address that is not an application host
    assert front.request("PURGE", ARTICLE, source=outside).status == 403
    ban = front.request("BAN", "/", source=outside, headers={"X-Ban-Path": "^/"})
    assert ban.status == 403
    assert front.get(ARTICLE, source=outside).getheader("X-Cache") == "HIT"
    # The application host may.
    assert front.request("PURGE", ARTICLE).status == 200
    assert front.get(ARTICLE).getheader("X-Cache") == "MISS"
