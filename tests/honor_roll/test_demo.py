"""The demo: /honor-roll/ with a final list and one in 公示, idempotent; and no picture served
anywhere on the seeded site carries EXIF or XMP."""

import re
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

import pytest
from PIL import Image as PILImage

from cms.honor_roll.models import Honoree, HonorRollPage
from tests.seeding import row_counts, seed_demo

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"#]*)')
IMAGE_URLS = re.compile(r'(?:src|srcset)="([^"]+)"')
MAX_PAGES = 250


@pytest.fixture
def seeded(monkeypatch, private_files):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password-for-tests")
    seed_demo()


def test_demo_has_a_final_list_and_one_in_publicity(seeded, client):
    rolls = {r.slug: r for r in HonorRollPage.objects.live()}
    states = sorted(r.publicity_state() for r in rolls.values())
    assert states == ["final", "open"]
    open_roll = next(r for r in rolls.values() if r.publicity_state() == "open")
    html = client.get(open_roll.url).content.decode()
    assert "公示中" in html and html.count('class="honor-roll__card"') >= 5
    # One demo honoree withdrew consent: kept for staff, gone for the public.
    withdrawn = Honoree.objects.get(consent_withdrawn_at__isnull=False)
    assert withdrawn not in Honoree.objects.public()
    assert withdrawn.name not in client.get(withdrawn.roll.url).content.decode()


def test_seeding_twice_changes_nothing(seeded):
    before = row_counts()
    seed_demo()
    assert row_counts() == before
    assert before["honor_roll.Honoree"] >= 10


def _media_path(url):
    path = urlsplit(url).path
    assert path.startswith(settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]


def _image_urls(html):
    for value in IMAGE_URLS.findall(html):
        for candidate in unescape(value).split(","):
            url = candidate.strip().split(" ")[0]
            if url:
                yield url


def test_no_picture_served_on_any_public_page_carries_metadata(seeded, client):
    """Walks every public page reachable from the home page (no admin) and reads back every
    picture they reference, originals and renditions alike."""
    seen, queue, pictures = {"/"}, deque(["/"]), set()
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pictures.update(u for u in _image_urls(html) if u.startswith(settings.MEDIA_URL))
        for href in LINK.findall(html):
            target = urljoin(url, unescape(href))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(("/admin", "/media", "/static", "/documents", "/api")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)

    honoree_pictures = {p for p in pictures if "portrait-" in p}
    assert len(honoree_pictures) >= 10, "the walk must reach the honor roll's photos"
    assert any(p.endswith(".webp") for p in pictures)
    for url in sorted(pictures):
        with PILImage.open(_media_path(url)) as image:
            assert dict(image.getexif()) == {}, url
            assert not {"exif", "xmp", "comment"} & set(image.info), url
