"""seed_demo's exposure content, and a sweep of every public URL for full ID numbers."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest

from cms.exposure.models import (
    ExposureEntry,
    ExposureIndexPage,
    ExposureListPage,
    KeyArea,
    KeyGroup,
)

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"(?<![\dA-Za-z])[1-8]\d{16}[\dXx](?![\dA-Za-z])")


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ExposureEntry, ExposureListPage, ExposureIndexPage, KeyArea, KeyGroup)
    }


def test_seed_creates_two_live_batches_and_is_idempotent(seeded):
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["KeyArea"] == 16 and first["KeyGroup"] == 14
    assert ExposureListPage.objects.live().count() == 2
    index = ExposureIndexPage.objects.get()
    assert index.title == "失信曝光" and index.show_in_menus
    for batch in ExposureListPage.objects.all():
        entries = ExposureEntry.objects.filter(batch=batch)
        assert 24 <= entries.count() <= 60
        assert entries.values("severity").distinct().count() >= 2
        assert entries.values("category").distinct().count() >= 2
    today = timezone.localdate()
    assert ExposureEntry.objects.filter(end_date__lt=today).exists()  # some ended
    assert ExposureEntry.objects.public().count() > 30  # most still public


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def test_no_public_url_shows_a_full_id_number(seeded, settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS)
    client = Client()
    batches = list(ExposureListPage.objects.live())
    some_entry = ExposureEntry.objects.public().first()
    known = [
        "/",
        "/exposure/",
        "/exposure/feed/",
        "/sitemap.xml",
        "/api/v2/pages/?fields=*&limit=100",
        f"/exposure/?q={some_entry.name}",
        f"/exposure/?q={some_entry.name}&last4={some_entry.masked_id[-4:]}",
    ]
    for batch in batches:
        known += [batch.url, batch.url + "?page=2", batch.url + "api/", batch.url + "api/?page=2"]
    queue, seen, checked = list(known), set(), 0
    while queue and checked < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 301, 302, 404), (url, response.status_code)
        if response.status_code != 200:
            continue
        body = response.content.decode("utf-8", errors="replace")
        checked += 1
        assert not FULL_ID.search(body), f"full ID number on {url}"
        for link in _links(response, body):
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver", "localhost") or parts.path.startswith(
                ("/admin", "/static", "/media", "/documents")
            ):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert checked > 20
    # 查询本人 answers with masked numbers only
    post = client.post("/exposure/", {"id_number": "44170219900307123X"}).content.decode()
    assert not FULL_ID.search(post)


def _links(response, body):
    kind = response.get("Content-Type", "")
    if "json" in kind:
        return list(re.findall(r'"(?:html_url|next|previous|detail_url)":\s*"([^"]+)"', body))
    if "xml" in kind:
        return [loc or href for loc, href in re.findall(r'<loc>([^<]+)</loc>|href="([^"]+)"', body)]
    parser = _Links()
    parser.feed(body)
    return parser.links
