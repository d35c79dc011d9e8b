"""The home page in a real browser (Debian's chromium through Playwright), at phone and desktop width."""

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1"}


def _watch(page):
    """Collect console errors, failed requests and any request to a host other than 127.0.0.1."""
    seen = {"errors": [], "foreign": [], "failed": []}
    page.on(
        "console", lambda message: message.type == "error" and seen["errors"].append(message.text)
    )
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).hostname not in LOCAL_HOSTS
            and urlparse(request.url).scheme in ("http", "https")
            and seen["foreign"].append(request.url)
        ),
    )
    page.on("requestfailed", lambda request: seen["failed"].append(request.url))
    return seen


@pytest.mark.parametrize(
    "viewport",
    [{"width": 375, "height": 812}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_home_nav_article_and_large_text(seeded_site, live_server, browser, viewport):
    base = live_server.url
    assert urlparse(base).hostname == "127.0.0.1"
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    seen = _watch(page)

    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").first.inner_text() == "诚信阳江 你我共建"
    assert "粤ICP备16010311号-3" in page.locator("footer").inner_text()
    # No horizontal scrolling at phone width: the layout fits the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策解读").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "政策解读"
    page.get_by_role("link", name="《阳江市加强个人诚信体系建设分工方案》政策解读").click()
    page.wait_for_load_state()
    assert "一、出台背景" in page.locator("article").inner_text()

    def body_size():
        return page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)"
        )

    standard = body_size()
    toggle = page.get_by_role("button", name="大字版")
    toggle.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    toggle.click()
    assert page.locator("html").get_attribute("class") == "text-large"
    assert page.get_by_role("button", name="标准字").get_attribute("aria-pressed") == "true"
    assert body_size() > standard * 1.15

    page.goto(base + "/")  # remembered across pages
    assert "text-large" in (page.locator("html").get_attribute("class") or "")
    page.get_by_role("button", name="标准字").click()
    page.reload()
    assert "text-large" not in (page.locator("html").get_attribute("class") or "")

    assert outline != "none", "keyboard focus must be visible"
    assert seen["errors"] == [], seen["errors"]
    assert seen["foreign"] == [], seen["foreign"]
    assert seen["failed"] == [], seen["failed"]
    context.close()
