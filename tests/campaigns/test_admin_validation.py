"""Bad input is refused in the admin with a message in Chinese that names the field."""

import re

import pytest

from cms.campaigns.models import CampaignPage, PublicityEvent
from tests.campaigns.factories import CampaignPageFactory, PublicityEventFactory

pytestmark = pytest.mark.django_db

EVENT_ADD_URL = "/admin/snippets/campaigns/publicityevent/add/"


def event_form(rows=(), **fields):
    data = {
        "name": "网络诚信宣传日",
        "slug": "",
        "description": "",
        "responsible_units": "市委网信办",
        "themes": "",
        "recurrence_kind": "dates",
        "month": "",
        "day": "",
        "rrule": "",
        "duration_days": "1",
        "first_year": "2016",
        "lead_time_days": "30",
        "dates-TOTAL_FORMS": str(len(rows)),
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    for index, row in enumerate(rows):
        values = {
            "year": "",
            "sequence": "1",
            "kind": "explicit",
            "start_date": "",
            "end_date": "",
            "note": "",
            "id": "",
            "ORDER": str(index + 1),
            "DELETE": "",
        }
        values.update(row)
        data.update({f"dates-{index}-{key}": value for key, value in values.items()})
    return data


def errors_of(response):
    """The admin's error messages as text (field errors and row errors)."""
    text = response.content.decode()
    return " ".join(
        re.sub(r"<[^>]+>", " ", m)
        for m in re.findall(r'class="error-message"[^>]*>(.*?)</', text, re.S)
    )


def test_valid_event_with_per_year_dates_is_saved_with_pinyin_slug(admin_client):
    response = admin_client.post(
        EVENT_ADD_URL, event_form([{"year": "2026", "start_date": "2026-12-10"}])
    )
    assert response.status_code == 302, errors_of(response)
    event = PublicityEvent.objects.get(name="网络诚信宣传日")
    assert event.slug == "wang-luo-cheng-xin-xuan-chuan-ri"
    assert [(r.year, r.start_date.isoformat()) for r in event.dates.all()] == [(2026, "2026-12-10")]


def test_fixed_day_builds_its_rrule(admin_client):
    response = admin_client.post(
        EVENT_ADD_URL,
        event_form(name="学雷锋活动日", recurrence_kind="fixed_day", month="3", day="5"),
    )
    assert response.status_code == 302, errors_of(response)
    assert (
        PublicityEvent.objects.get(name="学雷锋活动日").rrule
        == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5"
    )


def test_end_before_start_is_refused(admin_client):
    response = admin_client.post(
        EVENT_ADD_URL,
        event_form([{"year": "2026", "start_date": "2026-06-21", "end_date": "2026-06-15"}]),
    )
    assert response.status_code == 200
    assert "结束日期：不能早于开始日期（2026-06-21）" in errors_of(response)
    assert not PublicityEvent.objects.exists()


def test_explicit_date_without_year_is_refused(admin_client):
    response = admin_client.post(
        EVENT_ADD_URL, event_form([{"year": "", "start_date": "2026-06-15"}])
    )
    assert "年份：请填写该日期属于哪一年的宣传节点" in errors_of(response)
    assert not PublicityEvent.objects.exists()


def test_date_outside_its_year_is_refused(admin_client):
    response = admin_client.post(
        EVENT_ADD_URL, event_form([{"year": "2027", "start_date": "2026-06-15"}])
    )
    assert "开始日期：应在2027年内" in errors_of(response)


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"recurrence_kind": "fixed_day", "month": "2", "day": "30"},
            "日：2月没有30日，此规则不会产生任何日期",
        ),
        (
            {"recurrence_kind": "rule", "rrule": "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31"},
            "重复规则：从2016年起50年内不会产生任何日期",
        ),
        ({"recurrence_kind": "rule", "rrule": "FREQ=SOMETIMES"}, "重复规则：格式不正确"),
        (
            {"recurrence_kind": "rule", "rrule": ""},
            "重复规则：选择“按周或时段规则”时必须填写重复规则",
        ),
        (
            {"recurrence_kind": "whole_month", "month": ""},
            "月份：“每年固定日期”和“每年整月”必须选择月份",
        ),
    ],
)
def test_rule_that_produces_no_date_is_refused(admin_client, fields, message):
    response = admin_client.post(EVENT_ADD_URL, event_form(**fields))
    assert message in errors_of(response)
    assert not PublicityEvent.objects.exists()


def test_explicit_date_colliding_with_the_rule_is_refused(admin_client):
    form = event_form(
        [{"year": "2026", "start_date": "2026-03-20"}],
        recurrence_kind="fixed_day",
        month="3",
        day="15",
    )
    assert "批次：2026年第1次已由重复规则产生" in errors_of(admin_client.post(EVENT_ADD_URL, form))
    form = event_form(
        [{"year": "2026", "kind": "moved", "start_date": "2026-03-20"}],
        recurrence_kind="fixed_day",
        month="3",
        day="15",
    )
    assert admin_client.post(EVENT_ADD_URL, form).status_code == 302


def campaign_form(event, year, **fields):
    data = {
        "title": f"{year}年{event.name}宣传活动",
        "slug": "",
        "summary": "",
        "event": str(event.pk),
        "year": str(year),
        "sequence": "1",
        "start_date": "",
        "end_date": "",
        "organisers": "",
        "cover_image": "",
        "audience_tags": "",
        "topic_tags": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def add_campaign_url(index):
    return f"/admin/pages/add/campaigns/campaignpage/{index.pk}/"


def test_campaign_saved_as_draft_takes_the_occurrence_dates(admin_client, index, safety_month):
    response = admin_client.post(add_campaign_url(index), campaign_form(safety_month, 2026))
    assert response.status_code == 302, errors_of(response)
    page = CampaignPage.objects.get()
    assert (page.start_date.isoformat(), page.end_date.isoformat()) == ("2026-06-01", "2026-06-30")
    assert not page.live and page.slug == "2026-nian-an-quan-sheng-chan-yue-xuan-chuan-huo-dong"


def test_two_campaigns_for_one_occurrence_are_refused(admin_client, index, consumer_day):
    CampaignPageFactory(parent=index, event=consumer_day, year=2026, title="3·15诚信宣传")
    response = admin_client.post(add_campaign_url(index), campaign_form(consumer_day, 2026))
    assert "宣传节点：2026年国际消费者权益日已有宣传活动《3·15诚信宣传》" in errors_of(response)
    assert CampaignPage.objects.count() == 1
    # Another year of the same event is a different occurrence.
    assert (
        admin_client.post(add_campaign_url(index), campaign_form(consumer_day, 2027)).status_code
        == 302
    )


def test_campaign_end_before_start_is_refused(admin_client, index, consumer_day):
    response = admin_client.post(
        add_campaign_url(index),
        campaign_form(consumer_day, 2026, start_date="2026-03-15", end_date="2026-03-10"),
    )
    assert "结束日期：不能早于开始日期（2026-03-15）" in errors_of(response)
    assert not CampaignPage.objects.exists()


def test_campaign_for_a_year_without_that_occurrence_is_refused(admin_client, index, good_people):
    response = admin_client.post(
        add_campaign_url(index), campaign_form(good_people, 2026, sequence="3")
    )
    assert "年份：“阳江好人”评选在2026年没有第3次宣传节点" in errors_of(response)
    assert (
        admin_client.post(
            add_campaign_url(index), campaign_form(good_people, 2026, sequence="2")
        ).status_code
        == 302
    )


# The listing searches the name as typed, whole or its beginning (autocomplete).
@pytest.mark.parametrize("query", ["国际消费者权益日", "国际消费者"])
def test_calendar_search_in_the_admin_finds_the_event(admin_client, query):
    PublicityEventFactory(name="国际消费者权益日")
    PublicityEventFactory(name="安全生产月")
    response = admin_client.get("/admin/snippets/campaigns/publicityevent/", {"q": query})
    assert response.status_code == 200
    listing = response.content.decode().split("<tbody", 1)[1]
    assert "国际消费者权益日" in listing and "安全生产月" not in listing
