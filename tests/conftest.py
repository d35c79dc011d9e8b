"""Shared fixtures: a site with a home page, and a live server for browser tests."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def home(db):
    from cms.home.factories import make_site_with_home

    return make_site_with_home()


@pytest.fixture
def wagtail_tree(transactional_db):
    """Wagtail's tree root, locale and root collection, which migrations create.

    Transactional tests (live_server) flush the database afterwards, and
    pytest-django's serialized rollback does not restore it once ordinary
    `db` tests share the session, so each transactional test puts back
    what it needs.
    """
    from django.conf import settings

    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def seeded_site(wagtail_tree, monkeypatch):
    """The demo site as `make run` shows it, for live_server tests."""
    from tests.seeding import seed_demo

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "browser-test-password")
    seed_demo()


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's chromium; CI (REQUIRE_BROWSER_TESTS=1) fails rather than skips without it."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(f"chromium not found at {CHROMIUM}")
    pytest.skip("chromium is not installed")


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Debian chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def wechat_standin(settings):
    """The stand-in WeChat API on a free port, with settings.WECHAT_API_BASE_URL pointing at it.

    `wechat_standin.calls` lists every request (Call: method, path such as
    "/cgi-bin/menu/create", endpoint "menu/create", query, json, files, errcode);
    `fail_next(errcode, times, endpoint)` injects faults, `latency` adds delay,
    `callback_url` (set it to the live server's /wechat/callback/) receives
    PUBLISHJOBFINISH pushes, `account` holds drafts, articles and the menu.
    """
    from django.core.cache import cache

    from wechat.standin.server import StandIn

    standin = StandIn(
        settings.WECHAT_APP_ID,
        settings.WECHAT_APP_SECRET,
        publish_delay=0.05,
        callback_token=settings.WECHAT_TOKEN,
        encoding_aes_key=settings.WECHAT_ENCODING_AES_KEY,
    ).start()
    settings.WECHAT_API_BASE_URL = standin.url
    cache.delete(f"wechat:access-token:{settings.WECHAT_APP_ID}")
    yield standin
    standin.stop()
    cache.delete(f"wechat:access-token:{settings.WECHAT_APP_ID}")
