"""What subscribers get back, keyword by keyword, from the content on the site."""

import sys
import types
from dataclasses import dataclass

import pytest
import time_machine

from tests.campaigns.factories import CampaignIndexPageFactory, PublicityEventFactory
from tests.exposure.factories import (
    ExposureEntryFactory,
    ExposureIndexPageFactory,
    ExposureListPageFactory,
)
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory
from wechat.subscribers import sources
from wechat.subscribers.models import KeywordReply, MessageLog, SubscriberSettings

pytestmark = pytest.mark.django_db


@dataclass
class Hit:
    title: str
    url: str
    summary: str
    image: str


def stub_site_search(monkeypatch, site_search):
    """Installs a stand-in for cms.search.services (the site search is built on another branch)."""
    module = types.ModuleType("cms.search.services")
    module.site_search = site_search
    monkeypatch.setitem(sys.modules, "cms.search", types.ModuleType("cms.search"))
    monkeypatch.setitem(sys.modules, "cms.search.services", module)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def calendar(home):
    index = CampaignIndexPageFactory(parent=home, title="诚信宣传", slug="campaigns")
    PublicityEventFactory(name="国际消费者权益日", slug="3-15", month=3, day=15)
    PublicityEventFactory(name="全国科技活动周", slug="science", month=5, day=20)
    PublicityEventFactory(name="去年已过的节点", slug="old", month=1, day=5)
    return index


@pytest.fixture
def articles(home):
    column = ArticleIndexPageFactory(parent=home, title="信用知识", slug="knowledge")
    return [
        ArticlePageFactory(parent=column, title=f"诚信教育读本第{n}册", summary=f"第{n}册摘要")
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("keyword", ["日历", "3·15 有什么活动", "活动"])
def test_calendar_lists_the_next_publicity_events(wechat, calendar, keyword):
    reply = wechat.send_text(keyword)
    assert reply["MsgType"] == "text"
    content = reply["Content"]
    assert content.index("国际消费者权益日") < content.index("全国科技活动周")  # date order
    assert "3月15日" in content and "去年已过的节点" not in content
    assert 'href="http://localhost/campaigns/event/3-15/"' in content
    assert "http://localhost/campaigns/" in content


def test_calendar_without_events_says_so(wechat, home):
    assert "暂无" in wechat.send_text("日历")["Content"]


@pytest.mark.parametrize("keyword", ["曝光", "黑榜"])
def test_exposure_gives_batch_titles_and_never_names(wechat, home, keyword):
    index = ExposureIndexPageFactory(parent=home)
    batch = ExposureListPageFactory(parent=index, title="2026年第1批严重失信主体名单")
    ExposureEntryFactory(batch=batch, name="王失信")
    reply = wechat.send_text(keyword)
    content = reply["Content"]
    assert "2026年第1批严重失信主体名单" in content
    assert batch.get_full_url() in content
    assert "王失信" not in content and "441702" not in content
    assert "不提供按姓名查询" in content


def test_name_lookup_over_wechat_finds_nobody(wechat, home):
    index = ExposureIndexPageFactory(parent=home)
    ExposureEntryFactory(batch=ExposureListPageFactory(parent=index), name="王失信")
    reply = wechat.send_text("王失信")
    assert "王失信" not in reply.get("Content", "") + str(reply.get("Articles", ""))


def test_exposure_without_batches(wechat, home):
    assert "没有正在公示" in wechat.send_text("曝光")["Content"]


@pytest.mark.parametrize("keyword", ["修复", "异议", "怎么信用修复"])
def test_repair_explains_how_to_apply_with_the_link(wechat, home, keyword):
    content = wechat.send_text(keyword)["Content"]
    assert 'href="http://localhost/credit-requests/"' in content
    assert "http://localhost/credit-requests/status/" in content
    assert "受理编号" in content


def test_honor_roll_before_its_app_has_a_model(wechat, home):
    assert "还没有发布的诚信红榜" in wechat.send_text("红榜")["Content"]


def test_honor_roll_is_the_latest_roll_as_a_news_card(wechat, articles, monkeypatch):
    """Until honor rolls exist on this branch, article pages stand in for HonorRollPage."""
    from cms.home.models import ArticlePage

    monkeypatch.setattr(
        sources, "optional_model", lambda app, name: ArticlePage if app == "honor_roll" else None
    )
    reply = wechat.send_text("红榜")
    assert reply["MsgType"] == "news"
    assert reply["ArticleCount"] == "1"
    item = reply["Articles"]["item"]
    assert item["Title"] == articles[-1].title
    assert item["Url"] == articles[-1].get_full_url()
    assert item["Description"] == "第3册摘要"


def test_education_before_its_app_has_a_model(wechat, home):
    assert "正在整理" in wechat.send_text("教育")["Content"]


@pytest.mark.parametrize("keyword", ["教育", "学校"])
def test_education_materials_as_links_in_reply_to_a_message(wechat, articles, monkeypatch, keyword):
    from cms.home.models import ArticlePage

    monkeypatch.setattr(
        sources, "optional_model", lambda app, name: ArticlePage if app == "education" else None
    )
    reply = wechat.send_text(keyword)
    # WeChat shows one card in reply to a message: three materials go out as links.
    assert reply["MsgType"] == "text"
    for page in articles:
        assert f'<a href="{page.get_full_url()}">{page.title}</a>' in reply["Content"]


def test_education_as_cards_from_a_menu_click(wechat, articles, monkeypatch):
    from cms.home.models import ArticlePage

    monkeypatch.setattr(sources, "optional_model", lambda app, name: ArticlePage)
    reply = wechat.send_event("CLICK", key="教育")
    assert reply["MsgType"] == "news"
    assert reply["ArticleCount"] == "3"
    assert [i["Title"] for i in reply["Articles"]["item"]] == [p.title for p in reversed(articles)]


def test_site_search_answers_anything_else(wechat, home):
    column = ArticleIndexPageFactory(parent=home, title="工作动态", slug="news")
    page = ArticlePageFactory(parent=column, title="Integrity forum held", summary="论坛摘要")
    reply = wechat.send_text("integrity")
    assert reply["MsgType"] == "news"
    assert reply["Articles"]["item"]["Title"] == page.title
    assert reply["Articles"]["item"]["Url"] == page.get_full_url()
    assert MessageLog.objects.get().keyword == "站内搜索"


def test_site_search_service_is_used_when_installed(wechat, home, monkeypatch):
    """cms.search.services.site_search(query, limit) -> hits with title, url, summary, image."""
    calls = []

    def site_search(query, limit):
        calls.append((query, limit))
        return [Hit("信用报告怎么查", "/knowledge/report/", "摘要", "/media/report.jpg")]

    stub_site_search(monkeypatch, site_search)
    reply = wechat.send_text("信用报告")
    assert calls == [("信用报告", 5)]
    item = reply["Articles"]["item"]
    assert item["Url"] == "http://localhost/knowledge/report/"
    assert item["PicUrl"] == "http://localhost/media/report.jpg"
    assert item["Description"] == "摘要"


def test_search_failure_still_answers(wechat, home, monkeypatch):
    def broken(query, limit):
        raise ConnectionError("search cluster down")

    stub_site_search(monkeypatch, broken)
    assert "暂未找到" in wechat.send_text("信用报告")["Content"]


def test_nothing_found_gives_the_editable_help_text(wechat, home):
    settings = SubscriberSettings.load()
    settings.help_message = "请回复“日历”试试。"
    settings.save()
    assert wechat.send_text("zzzz-nothing")["Content"] == "请回复“日历”试试。"
    assert MessageLog.objects.get().keyword == "帮助"


def test_other_message_types_get_the_help_text(wechat, home):
    xml = (
        "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://x/y.jpg</PicUrl>"
        "<MediaId>m</MediaId><MsgId>99</MsgId></xml>"
    )
    response = wechat.post_encrypted(xml)
    assert "暂未找到" in wechat.read_reply(response, True)["Content"]


def test_staff_rules_come_before_built_in_answers(wechat, home):
    KeywordReply.objects.create(
        name="修复新规", pattern="修复", text="新版信用修复指引见官网。", priority=10
    )
    KeywordReply.objects.create(name="停用的", pattern="日历", text="不应出现", enabled=False)
    assert wechat.send_text("我想信用修复")["Content"] == "新版信用修复指引见官网。"
    assert "不应出现" not in wechat.send_text("日历")["Content"]
    assert list(MessageLog.objects.order_by("pk").values_list("keyword", flat=True)) == [
        "修复新规",
        "日历/活动",
    ]


def test_staff_rule_match_kinds(wechat, home):
    KeywordReply.objects.create(name="精确", pattern="征信|信用报告", match="exact", text="A")
    KeywordReply.objects.create(name="正则", pattern=r"^\d{6}$", match="regex", text="B")
    assert wechat.send_text("ＦＵＬＬ") and wechat.send_text("信用报告")["Content"] == "A"
    assert wechat.send_text("我的信用报告")["Content"] != "A"
    assert wechat.send_text("123456")["Content"] == "B"


def test_staff_news_rule_links_a_page(wechat, articles):
    KeywordReply.objects.create(
        name="读本",
        pattern="读本",
        kind="news",
        news_title="诚信读本",
        news_description="下载读本",
        news_page=articles[0],
    )
    item = wechat.send_text("读本")["Articles"]["item"]
    assert (item["Title"], item["Url"]) == ("诚信读本", articles[0].get_full_url())


def test_cdata_end_in_content_cannot_inject_xml(wechat, home):
    KeywordReply.objects.create(
        name="注入", pattern="inject", text="a]]><MsgType>news</MsgType><x>b"
    )
    reply = wechat.send_text("inject")
    assert reply["MsgType"] == "text"
    assert reply["Content"] == "a]]><MsgType>news</MsgType><x>b"


def test_search_replies_do_not_echo_the_users_text(wechat, home, monkeypatch):
    """It may be a person's name (a reply must not read as a lookup), or XML to inject."""
    stub_site_search(
        monkeypatch,
        lambda query, limit: [Hit("一", "/a/", "", ""), Hit("二", "/b/", "", "")],
    )
    typed = "a]]></content><msgtype>news</msgtype><![cdata["
    reply = wechat.send_text(typed)
    assert reply["MsgType"] == "text"
    assert reply["Content"].startswith("站内搜索到的相关内容")
    assert typed not in reply["Content"]


def test_keyword_rule_validation(home):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as bad_regex:
        KeywordReply(name="x", pattern="([", match="regex", text="t").full_clean()
    assert "正则表达式有误" in str(bad_regex.value)
    with pytest.raises(ValidationError) as no_link:
        KeywordReply(name="x", pattern="y", kind="news", news_title="t").full_clean()
    assert "须链接" in str(no_link.value)


def test_log_keeps_no_openid_and_no_text(wechat, home):
    wechat.send_text("修复")
    entry = MessageLog.objects.get()
    assert entry.sender_hash and "oXyz" not in entry.sender_hash
    assert (entry.msg_type, entry.keyword, entry.reply_type, entry.encrypted) == (
        "text",
        "修复/异议",
        "text",
        True,
    )
    assert entry.content_length == 2 and entry.duration_ms >= 0


def test_answers_follow_content_changes_at_once(wechat, home):
    """Answers are cached in the shared cache; publishing and unpublishing refresh them."""
    index = ExposureIndexPageFactory(parent=home)
    assert "没有正在公示" in wechat.send_text("曝光")["Content"]
    batch = ExposureListPageFactory(parent=index, title="2026年第9批严重失信主体名单", live=False)
    batch.save_revision().publish()
    assert "2026年第9批" in wechat.send_text("曝光")["Content"]
    batch.refresh_from_db()
    batch.unpublish()
    assert "2026年第9批" not in wechat.send_text("曝光")["Content"]


def test_answer_cache_never_outlives_midnight(wechat, calendar):
    with time_machine.travel("2026-03-14 23:59:30 +0800", tick=False):
        assert "（进行中）" not in wechat.send_text("日历")["Content"].split("\n")[1]
    with time_machine.travel("2026-03-15 00:00:30 +0800", tick=False):
        assert "3月15日（进行中）" in wechat.send_text("日历")["Content"]


def test_calendar_edits_refresh_the_answer(wechat, calendar):
    from cms.campaigns.models import PublicityEvent

    assert "全国科技活动周" in wechat.send_text("日历")["Content"]
    PublicityEvent.objects.get(slug="science").delete()
    assert "全国科技活动周" not in wechat.send_text("日历")["Content"]


def test_search_hit_with_a_wagtail_image_gets_a_card_picture(wechat, home, monkeypatch):
    import wagtail_factories

    image = wagtail_factories.ImageFactory()
    stub_site_search(monkeypatch, lambda query, limit: [Hit("信用报告", "/r/", "", image)])
    item = wechat.send_text("信用报告")["Articles"]["item"]
    assert item["PicUrl"].startswith("http://localhost/media/images/")
    assert "fill-720x400" in item["PicUrl"] or ".fill-720x400" in item["PicUrl"]
