"""The admin dashboard panel 即将到来的宣传节点 for a frozen "today", and its prefilled create button."""

import re

import pytest
import time_machine

from cms.home.roles import ensure_roles
from tests.campaigns.factories import CampaignPageFactory, PublicityEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        yield


def panel_rows(client):
    body = client.get("/admin/").content.decode()
    panel = body.split('id="campaigns-upcoming-content"')[1].split("</table>")[0]
    rows = {}
    for key, row in re.findall(r'data-occurrence="([^"]+)">(.*?)</tr>', panel, re.S):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        links = re.findall(r'<a [^>]*href="([^"]+)"', row)
        rows[key] = (text, [link.replace("&amp;", "&") for link in links])
    return panel, rows


@pytest.fixture
def planned(frozen, index, home, admin_user, consumer_day, good_people):
    ensure_roles(home)  # the 信用审核 workflow on the site root
    lei_feng = PublicityEventFactory(name="学雷锋活动日", slug="lei-feng", month=3, day=5)
    moderated = PublicityEventFactory(name="审核中节点", slug="moderated", month=3, day=20)
    scheduled = PublicityEventFactory(name="定时节点", slug="scheduled", month=4, day=10)
    drafted = PublicityEventFactory(name="草稿节点", slug="drafted", month=5, day=20)
    PublicityEventFactory(name="6·14信用记录关爱日", slug="6-14", month=6, day=14)  # 105 days away
    CampaignPageFactory(parent=index, event=consumer_day, year=2026, title="3·15 活动")
    in_review = CampaignPageFactory(
        parent=index, event=moderated, year=2026, title="审核中的活动", live=False
    )
    in_review.save_revision(user=admin_user)
    in_review.get_workflow().start(in_review, admin_user)
    later = CampaignPageFactory(
        parent=index, event=scheduled, year=2026, title="定时的活动", live=False
    )
    later.go_live_at = "2026-04-08T09:00+08:00"
    later.save_revision().publish()
    CampaignPageFactory(parent=index, event=drafted, year=2026, title="草稿活动", live=False)
    return lei_feng


def test_panel_lists_next_90_days_with_campaign_state_and_warnings(
    client, admin_user, planned, index
):
    client.force_login(admin_user)
    panel, rows = panel_rows(client)
    assert "即将到来的宣传节点" in client.get("/admin/").content.decode()
    assert list(rows) == [
        "lei-feng-2026-1",
        "3-15-2026-1",
        "moderated-2026-1",
        "scheduled-2026-1",
        "good-people-2026-1",
        "drafted-2026-1",
    ]
    expectations = {
        "lei-feng-2026-1": ("未创建", True),
        "3-15-2026-1": ("已发布", False),
        "moderated-2026-1": ("审核中", True),
        "scheduled-2026-1": ("已定时发布", False),
        "good-people-2026-1": ("未创建", False),
        "drafted-2026-1": ("草稿", False),
    }
    for key, (state, warned) in expectations.items():
        text, _ = rows[key]
        assert state in text, (key, text)
        assert ("尚未安排发布" in text) == warned, (key, text)
    assert "筹备期已于 2026-02-03 开始" in rows["lei-feng-2026-1"][0]
    assert "2026-04-20 至 2026-04-26" in rows["good-people-2026-1"][0]
    assert "2 个节点已进入筹备期但尚未安排发布" in panel
    assert "6·14" not in panel


def test_buttons_create_for_empty_occurrences_and_edit_otherwise(
    client, admin_user, planned, index
):
    client.force_login(admin_user)
    _, rows = panel_rows(client)
    add_url = f"/admin/pages/add/campaigns/campaignpage/{index.pk}/?occurrence={planned.pk}-2026-1"
    assert add_url in rows["lei-feng-2026-1"][1]
    assert any(
        link.startswith("/admin/pages/") and link.endswith("/edit/")
        for link in rows["3-15-2026-1"][1]
    )


def test_create_button_opens_the_add_view_prefilled(
    client, admin_user, planned, index, good_people
):
    client.force_login(admin_user)
    body = client.get(
        f"/admin/pages/add/campaigns/campaignpage/{index.pk}/?occurrence={good_people.pk}-2026-2"
    ).content.decode()
    assert 'value="2026年“阳江好人”评选（第2批）宣传活动"' in body
    assert f'name="event" value="{good_people.pk}"' in body
    assert 'name="year" value="2026"' in body and 'name="sequence" value="2"' in body
    assert 'value="2026-12-14"' in body and 'value="2026-12-20"' in body
    # Without the parameter (or with a stale one) the form starts empty.
    plain = client.get(
        f"/admin/pages/add/campaigns/campaignpage/{index.pk}/?occurrence={good_people.pk}-2026-9"
    ).content.decode()
    assert "阳江好人" not in plain.split('name="title"')[1][:300]


def test_staff_without_add_permission_see_no_create_button(client, planned, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    _, rows = panel_rows(client)
    assert rows["lei-feng-2026-1"][1] == []
