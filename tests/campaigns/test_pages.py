"""The calendar page and campaign pages: where they may be created and what the public sees."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest
import time_machine

from cms.campaigns.models import CampaignIndexPage, CampaignPage
from cms.home.models import ArticleIndexPage, HomePage, StandardPage
from tests.campaigns.factories import CampaignPageFactory, PublicityEventFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        yield


@pytest.mark.parametrize(
    "child, allowed_parents",
    [
        (CampaignIndexPage, {HomePage}),
        (CampaignPage, {CampaignIndexPage}),
    ],
)
def test_page_types_only_under_their_parents(child, allowed_parents):
    candidates = {Page, HomePage, ArticleIndexPage, StandardPage, CampaignIndexPage, CampaignPage}
    for parent in candidates:
        assert (child in parent.allowed_subpage_models()) == (parent in allowed_parents), (
            child,
            parent,
        )


def test_only_one_calendar_page(index, home):
    assert not CampaignIndexPage.can_create_at(home)


def test_admin_refuses_campaign_directly_under_home(client, home, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/campaigns/campaignpage/{home.pk}/", follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/admin/"


def test_upcoming_list_shows_next_occurrences_with_their_live_campaign(
    client, index, consumer_day, safety_month, good_people
):
    CampaignPageFactory(parent=index, event=consumer_day, year=2026, title="3·15 放心消费宣传")
    CampaignPageFactory(
        parent=index, event=safety_month, year=2026, title="安全生产月草稿", live=False
    )
    body = client.get("/campaigns/").content.decode()
    upcoming = body.split('id="upcoming-list"')[1].split("</ol>")[0]
    assert (
        upcoming.index("3月15日")
        < upcoming.index("4月20日至26日")
        < upcoming.index("6月1日至30日")
        < upcoming.index("12月14日至20日")
    )
    assert "还有14天" in upcoming and "宣传活动：3·15 放心消费宣传" in upcoming
    assert "安全生产月草稿" not in body  # drafts are not public


def test_month_grid_places_events_on_their_days(client, index, consumer_day, safety_month):
    body = client.get("/campaigns/2026/3/").content.decode()
    assert "2026年3月宣传日历" in body and body.count('class="campaigns-month-grid__event"') == 1
    assert 'href="/campaigns/2026/2/"' in body and 'href="/campaigns/2026/4/"' in body
    june = client.get("/campaigns/2026/6/").content.decode()
    themes = june.split('class="campaigns-month-themes"')[1].split("</ul>")[0]
    assert (
        "安全生产月" in themes
    )  # a whole-month event heads the month instead of filling every cell
    assert june.count("<tr>") == 1 + 5  # header + five weeks (1 June 2026 is a Monday)


def test_feb_2024_grid_has_29_days(client, index):
    body = client.get("/campaigns/2024/2/").content.decode()
    assert '<span class="campaigns-month-grid__number">29</span>' in body
    assert (
        body.count('class="campaigns-month-grid__day"')
        + body.count('class="campaigns-month-grid__day campaigns-month-grid__day--')
        >= 29
    )


@pytest.mark.parametrize(
    "url",
    [
        "/campaigns/2026/13/",
        "/campaigns/2026/0/",
        "/campaigns/1999/",
        "/campaigns/2101/1/",
        "/campaigns/99999/",
        "/campaigns/event/no-such-event/",
        "/campaigns/event/no-such-event/calendar.ics",
    ],
)
def test_out_of_range_calendar_urls_are_404(client, index, url):
    assert client.get(url).status_code == 404


def test_year_agenda_lists_each_month(client, index, consumer_day, good_people):
    body = client.get("/campaigns/2026/").content.decode()
    assert "2026年宣传日历" in body
    march = body.split('id="month-3"')[1].split("</section>")[0]
    december = body.split('id="month-12"')[1].split("</section>")[0]
    assert "国际消费者权益日" in march and "（第2批）" in december


def test_event_archive_lists_each_years_live_campaigns(client, index, consumer_day):
    CampaignPageFactory(parent=index, event=consumer_day, year=2025, title="2025年3·15宣传")
    CampaignPageFactory(parent=index, event=consumer_day, year=2026, title="2026年3·15宣传")
    CampaignPageFactory(parent=index, event=consumer_day, year=2024, title="未发布", live=False)
    body = client.get("/campaigns/event/3-15/").content.decode()
    assert body.index("2026年3·15宣传") < body.index("2025年3·15宣传")
    assert "未发布" not in body and 'href="/campaigns/event/3-15/calendar.ics"' in body


def test_campaign_page_renders_body_blocks_and_tags(client, index, consumer_day):
    page = CampaignPageFactory(
        parent=index,
        event=consumer_day,
        year=2026,
        organisers="市市场监督管理局\n市消费者委员会",
        body=[
            ("paragraph", "<p>诚信经营倡议</p>"),
            (
                "call_to_action",
                {
                    "text": "签署诚信经营承诺书",
                    "button_label": "立即签署",
                    "page": index,
                    "url": "",
                },
            ),
            ("quote", {"text": "人无信不立", "attribution": ""}),
        ],
    )
    page.topic_tags.add("消费维权")
    page.audience_tags.add("商户")
    page.save_revision().publish()
    body = client.get(page.url).content.decode()
    for text in (
        "诚信经营倡议",
        "立即签署",
        'href="/campaigns/"',
        "人无信不立",
        "2026年国际消费者权益日",
        "主办/承办：市市场监督管理局、市消费者委员会",
        "消费维权",
        "商户",
    ):
        assert text in body, text


def test_scheduled_campaign_goes_live_on_its_date(client, index, consumer_day):
    from django.core.management import call_command

    page = CampaignPageFactory(
        parent=index, event=consumer_day, year=2026, title="定时发布的活动", live=False
    )
    page.go_live_at = "2026-03-10T09:00+08:00"
    page.save_revision().publish()
    assert "定时发布的活动" not in client.get("/campaigns/").content.decode()
    with time_machine.travel("2026-03-10 09:05 +0800", tick=False):
        call_command("publish_scheduled")
        assert "定时发布的活动" in client.get("/campaigns/").content.decode()


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/").content.decode()
    return body, len(queries)


def test_home_page_shows_next_events_and_latest_campaigns_in_bounded_queries(
    client, index, consumer_day
):
    CampaignPageFactory(parent=index, event=consumer_day, year=2025, title="往年活动0")
    client.get("/")
    _, few = _home(client)
    for n in range(1, 6):
        event = PublicityEventFactory(name=f"节点{n}", month=4, day=n)
        CampaignPageFactory(parent=index, event=event, year=2025, title=f"往年活动{n}")
    client.get("/")  # the first request after a change rebuilds the cached page tree and calendar
    body, many = _home(client)
    events = body.split('id="home-events-heading"')[1].split("</section>")[0]
    assert (
        events.index("国际消费者权益日") < events.index("节点1") and "节点4" not in events
    )  # the next four
    campaigns = body.split('id="home-campaigns-heading"')[1].split("</section>")[0]
    assert campaigns.count('class="card"') == 3
    assert many == few


def test_calendar_changes_show_at_once_although_the_calendar_is_cached(client, index, consumer_day):
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        assert "国际消费者权益日" in client.get("/campaigns/").content.decode()
        consumer_day.name = "3·15 消费者权益日"
        consumer_day.save()
        body = client.get("/campaigns/").content.decode()
        assert "3·15 消费者权益日" in body and "国际消费者权益日" not in body
        consumer_day.delete()
        assert "3·15 消费者权益日" not in client.get("/campaigns/").content.decode()
