"""Searching the exposure list in a real browser at phone width (375×812)."""

from datetime import date, timedelta

import pytest

from tests.exposure.factories import (
    ExposureEntryFactory,
    ExposureIndexPageFactory,
    ExposureListPageFactory,
)
from tests.home.factories import make_site_with_home

from .conftest import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_with_entries(wagtail_tree):
    from cms.exposure.models import KeyArea, KeyGroup, SeverityPeriod
    from cms.exposure.seed_data import seed_reference_data

    seed_reference_data(KeyArea, KeyGroup, SeverityPeriod)  # flushed by transactional tests
    home = make_site_with_home()
    index = ExposureIndexPageFactory(parent=home)
    batch = ExposureListPageFactory(parent=index, title="2026年第3批严重失信主体名单")
    wanted = ExposureEntryFactory(batch=batch, name="张三", id_number=id_number("19800101", "111"))
    ExposureEntryFactory(batch=batch, name="张三", id_number=id_number("19900101", "222"))
    ExposureEntryFactory(batch=batch, name="李四")
    return wanted


def test_search_by_name_and_last4_on_a_phone(browser, live_server, site_with_entries):
    page = browser.new_page(viewport={"width": 375, "height": 812})
    try:
        page.goto(f"{live_server.url}/exposure/")
        assert page.get_attribute('meta[name="robots"]', "content") == "noindex, noarchive"
        page.get_by_label("姓名（须完整）").fill("张三")
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_selector(".exposure-results")
        assert page.locator(".exposure-results .exposure-entry").count() == 2
        assert "李四" not in page.locator(".exposure-results").inner_text()

        page.get_by_label("身份证号码后4位（选填）").fill(site_with_entries.masked_id[-4:])
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_selector(".exposure-results")
        results = page.locator(".exposure-results .exposure-entry")
        assert results.count() == 1
        assert site_with_entries.masked_id in results.inner_text()
        # nothing overflows the phone's width
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.close()


def test_self_lookup_needs_the_name_and_locks_after_failures(
    browser, live_server, site_with_entries
):
    from django.core.cache import cache

    cache.clear()  # lookup counters of other tests
    right = id_number("19800101", "111")
    page = browser.new_page(viewport={"width": 375, "height": 812})
    try:
        page.goto(f"{live_server.url}/exposure/")
        # The name search refuses digits in the browser already: nothing is sent.
        page.get_by_label("姓名（须完整）").fill(right)
        page.get_by_role("button", name="查询", exact=True).click()
        assert "q=" not in page.url

        page.get_by_label("本人姓名").fill("张三")
        page.get_by_label("本人身份证号码").fill(right)
        page.get_by_role("button", name="查询本人").click()
        page.wait_for_selector(".exposure-results")
        assert "查询结果：1 条" in page.locator(".exposure-results").inner_text()
        assert page.get_by_label("本人身份证号码").input_value() == ""  # never echoed

        # Three wrong candidates of the same masked form, then the right one is locked too.
        days = (date(1980, 1, 2) + timedelta(days=d) for d in range(365))
        same_mask = (id_number(f"{day:%Y%m%d}", "111") for day in days)
        wrong = [n for n in same_mask if n[-1] == right[-1]][:3]
        for number in [*wrong, right]:
            page.get_by_label("本人姓名").fill("张三")
            page.get_by_label("本人身份证号码").fill(number)
            page.get_by_role("button", name="查询本人").click()
            page.wait_for_load_state()
        assert "暂停查询" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        page.close()
