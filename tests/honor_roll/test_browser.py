"""The honor roll in a real browser at phone width (375×812): the list of cards and a detail page."""

from pathlib import Path

from django.conf import settings

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve_media(page):
    """The live server does not serve MEDIA_ROOT (nginx does in production): answer from disk."""

    def fulfil(route):
        path = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / path))

    page.route("**/media/**", fulfil)


def test_list_and_detail_page_on_a_phone(browser, live_server, seeded_site, private_files):
    from cms.honor_roll.models import HonorRollPage

    roll = next(r for r in HonorRollPage.objects.live() if r.publicity_state() == "open")
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    serve_media(page)
    try:
        page.goto(f"{live_server.url}{roll.url}")
        banner = page.locator(".honor-roll__publicity--open")
        assert "公示中" in banner.inner_text()
        cards = page.locator(".honor-roll__card")
        assert cards.count() >= 5
        # Two cards side by side on a phone, nothing wider than the screen.
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert first["y"] == second["y"] and first["x"] + first["width"] <= second["x"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        photo = cards.nth(0).locator("img")
        photo.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
        )
        # A 2x phone screen picks the larger rendition from the srcset.
        assert "480x640" in photo.evaluate("img => img.currentSrc")

        name = cards.nth(0).locator(".honor-roll__name").inner_text()
        cards.nth(0).locator("a").click()
        page.wait_for_selector(".honor-roll__story")
        assert page.locator("h1").inner_text() == name
        assert "事迹" in page.locator(".honor-roll__story").inner_text()
        portrait = page.locator(".honor-roll__portrait img")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=portrait.element_handle()
        )
        assert portrait.evaluate("img => img.currentSrc").endswith(".webp")
        assert portrait.bounding_box()["width"] <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        page.get_by_role("link", name="对该人选提出异议").click()
        page.wait_for_selector("form.credit-requests__form")
        assert name in page.locator("form.credit-requests__form").inner_text()
    finally:
        page.close()
