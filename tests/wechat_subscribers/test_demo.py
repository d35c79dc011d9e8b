"""seed_demo's part: keyword replies and a valid custom menu, once."""

from io import StringIO

from django.core.management.base import BaseCommand

import pytest

from tests.seeding import row_counts
from wechat.subscribers import demo
from wechat.subscribers.blocks import MenuBlock
from wechat.subscribers.menu import menu_body
from wechat.subscribers.models import KeywordReply, SubscriberSettings

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_keeps_staff_edits(wechat):
    demo.seed(BaseCommand(stdout=StringIO()))
    counts = row_counts()
    settings = SubscriberSettings.load()
    settings.menu = settings.menu.raw_data[:1]
    settings.save()
    demo.seed(BaseCommand(stdout=StringIO()))
    assert row_counts() == counts
    assert len(SubscriberSettings.load().menu) == 1
    assert KeywordReply.objects.count() == len(demo.DEMO_RULES)
    assert "征信中心" in wechat.send_text("征信")["Content"]


def test_demo_menu_is_within_wechat_limits(db):
    block = MenuBlock()
    block.clean(block.to_python(demo.demo_menu()))
    demo.seed(BaseCommand(stdout=StringIO()))
    assert [b["name"] for b in menu_body()["button"]] == ["宣传日历", "诚信红榜", "信用服务"]
