"""Shared fixtures: a site with a home page, and a live server for browser tests."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # the demo admin's TOTP key in tests


@pytest.fixture(autouse=True)
def fresh_generations():
    """A rolled-back test fires no signal: start each test without another test's cached page
    tree, calendar or footer (cms/home/generations.py)."""
    from cms.campaigns.models.events import CALENDAR
    from cms.home.models.site_settings import FOOTER
    from cms.home.visibility import PAGE_TREE

    for generation in (PAGE_TREE, CALENDAR, FOOTER):
        generation.renew()
    yield
    for generation in (PAGE_TREE, CALENDAR, FOOTER):
        generation.renew()


@pytest.fixture
def client():
    """pytest-django's client, 2FA-aware: force_login(user) also verifies a real TOTP device.

    Admin tests log in with client.force_login(user); the admin refuses any
    session without a second factor (cms/accounts).  A plain django.test.Client
    shows what a session without it gets.
    """
    from tests.otp import SecondFactorClient

    return SecondFactorClient()


@pytest.fixture
def admin_client(db, admin_user, client):
    client.force_login(admin_user)
    return client


@pytest.fixture
def home(db):
    from tests.home.factories import make_site_with_home

    return make_site_with_home()


@pytest.fixture
def private_files(settings, tmp_path):
    """Private uploads (request evidence, consent scans) go to a temporary folder outside
    MEDIA_ROOT; rate-limit counters start empty."""
    from django.core.cache import cache

    settings.CREDIT_REQUEST_FILES_ROOT = tmp_path / "private-media"
    cache.clear()
    yield settings.CREDIT_REQUEST_FILES_ROOT
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The whole-page cache switched on, empty at the start and at the end."""
    from django.core.cache import caches

    settings.WAGTAIL_CACHE = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


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
    monkeypatch.setenv("DEMO_ADMIN_TOTP_KEY", DEMO_TOTP_KEY)
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
def phone(browser, live_server):
    """(page, base URL, problems) at phone width; the test asserts on `problems` what it expects."""
    from tests.phone import PHONE, PageProblems

    context = browser.new_context(**PHONE)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page, "127.0.0.1")
    yield page, live_server.url.replace("localhost", "127.0.0.1"), problems
    context.close()


@pytest.fixture
def fresh_cache():
    """The default cache (rate limits, tokens, locks) empty before and after the test."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


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
