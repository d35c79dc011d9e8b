"""The month grid and the upcoming list in a real browser at phone width."""

import pytest
import time_machine

from cms.campaigns.models.events import DateKind, RecurrenceKind
from tests.campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    PublicityEventDateFactory,
    PublicityEventFactory,
)
from tests.home.factories import make_site_with_home
from tests.phone import no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calendar_site(wagtail_tree):
    home = make_site_with_home()
    index = CampaignIndexPageFactory(parent=home)
    consumer = PublicityEventFactory(name="国际消费者权益日", slug="3-15", month=3, day=15)
    PublicityEventFactory(name="学雷锋活动日", slug="lei-feng", month=3, day=5)
    PublicityEventFactory(
        name="诚信兴商宣传月",
        slug="business",
        recurrence_kind=RecurrenceKind.WHOLE_MONTH,
        month=3,
        day=None,
    )
    rounds = PublicityEventFactory(
        name="“阳江好人”评选",
        slug="good-people",
        recurrence_kind=RecurrenceKind.DATES,
        month=None,
        day=None,
    )
    PublicityEventDateFactory(
        event=rounds,
        year=2026,
        kind=DateKind.EXPLICIT,
        start_date="2026-03-20",
        end_date="2026-03-26",
    )
    CampaignPageFactory(parent=index, event=consumer, year=2026, title="3·15 放心消费在阳江")
    return index


def test_month_grid_and_upcoming_list_at_phone_width(calendar_site, phone):
    page, base, problems = phone
    with time_machine.travel("2026-03-01 10:00 +0800", tick=True):
        page.goto(f"{base}/campaigns/")
        items = page.locator("#upcoming-list .campaigns-occurrence")
        assert items.first.locator(".campaigns-occurrence__name").inner_text() == "诚信兴商宣传月"
        names = items.locator(".campaigns-occurrence__name").all_inner_texts()
        assert names[:4] == ["诚信兴商宣传月", "学雷锋活动日", "国际消费者权益日", "“阳江好人”评选"]
        assert page.get_by_text("宣传活动：3·15 放心消费在阳江").is_visible()
        assert no_horizontal_scroll(page)

        page.get_by_role("link", name="月历").click()
        page.wait_for_url(f"{base}/campaigns/2026/3/")
        grid = page.locator("table.campaigns-month-grid")
        assert grid.is_visible()
        assert grid.locator("thead th").count() == 7
        box = grid.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        busy = grid.locator(
            "td.campaigns-month-grid__day--busy:not(.campaigns-month-grid__day--outside) .campaigns-month-grid__number"
        ).all_inner_texts()
        assert busy == ["5", "15", "20", "21", "22", "23", "24", "25", "26"]
        assert page.locator(".campaigns-month-themes").inner_text().startswith("诚信兴商宣传月")
        assert page.locator("#month-list .campaigns-occurrence").count() == 4
        assert no_horizontal_scroll(page)

        page.get_by_role("link", name="下个月 ›").click()
        page.wait_for_url(f"{base}/campaigns/2026/4/")
        assert page.locator("h1").inner_text() == "2026年4月宣传日历"

    assert problems.failed == []
    assert problems.console == []
    assert problems.foreign == []
