"""seed_demo adds the calendar of docs/domain.md and demo campaigns; a second run changes nothing."""

from django.test import Client

import pytest
import time_machine

from cms.campaigns import occurrences as occ
from cms.campaigns.models import CampaignIndexPage, CampaignPage, PublicityEvent
from cms.campaigns.status import page_state
from tests.seeding import DEMO_ADMIN_PASSWORD, row_counts, seed_demo, seeded_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with (
        time_machine.travel("2026-11-26 10:00 +0800", tick=False),
        seeded_once(django_db_blocker),
    ):
        yield


def test_second_seed_changes_no_row_count(seeded, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD)
    before = row_counts()
    seed_demo()
    assert row_counts() == before
    assert before["campaigns.PublicityEvent"] == 9 and before["campaigns.CampaignPage"] >= 3


def test_every_event_of_the_plan_with_its_rule_or_dates(seeded):
    events = {e.name: e for e in PublicityEvent.objects.prefetch_related("dates")}
    assert events["学雷锋活动日"].rrule == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5"
    assert events["诚信兴商宣传月"].recurrence_label == "每年9月（整月）"
    assert events["6·14信用记录关爱日"].rrule == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14"
    for moving in ("食品安全宣传周", "网络诚信宣传日", "“阳江好人”评选"):
        for year in (2026, 2027):
            assert occ.occurrences_in_year(events[moving], year), (moving, year)
    assert len(occ.occurrences_in_year(events["“阳江好人”评选"], 2027)) == 2
    assert set(events["安全生产月"].themes.names()) == {
        "全国文明城市创建",
        "社会主义核心价值观宣传",
    }


def test_calendar_page_in_the_menu_and_campaigns_past_live_and_scheduled(seeded):
    index = CampaignIndexPage.objects.get()
    assert index.url == "/campaigns/" and index.show_in_menus and index.title == "诚信宣传"
    states = {page.title: page_state(page) for page in CampaignPage.objects.all()}
    assert states["2025年6·14信用记录关爱日主题宣传活动"] == "live"
    assert states["2026年诚信兴商宣传月主题宣传活动"] == "live"
    assert states["2027年学雷锋活动日主题宣传活动"] == "scheduled"
    assert all(page.cover_image_id for page in CampaignPage.objects.all())
    body = Client().get("/").content.decode()
    assert "近期宣传节点" in body and "最新宣传活动" in body and 'href="/campaigns/"' in body
