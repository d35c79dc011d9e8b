"""Staff edit keyword replies and the settings; the message log and followers are read-only."""

import pytest

from wechat.subscribers.models import Follower, KeywordReply, MessageLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-123456")
    client.force_login(user)
    return client


def test_keyword_reply_added_in_the_admin_answers_subscribers(staff, wechat):
    response = staff.post(
        "/admin/snippets/wechat_subscribers/keywordreply/add/",
        {
            "name": "信用报告",
            "pattern": "信用报告|征信",
            "match": "contains",
            "kind": "text",
            "text": "个人信用报告可在中国人民银行征信中心查询。",
            "priority": "10",
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert KeywordReply.objects.get().name == "信用报告"
    assert wechat.send_text("怎么查征信")["Content"] == "个人信用报告可在中国人民银行征信中心查询。"


def test_bad_regex_is_refused_in_the_admin_with_a_chinese_message(staff):
    response = staff.post(
        "/admin/snippets/wechat_subscribers/keywordreply/add/",
        {
            "name": "坏",
            "pattern": "([",
            "match": "regex",
            "kind": "text",
            "text": "x",
            "priority": "1",
        },
    )
    assert response.status_code == 200
    assert "正则表达式有误" in response.content.decode()
    assert not KeywordReply.objects.exists()


def test_message_log_is_listed_but_not_editable(staff, wechat):
    wechat.send_text("修复")
    entry = MessageLog.objects.get()
    listing = staff.get("/admin/wechat-messages/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "修复/异议" in html and entry.sender_hash[:12] in html
    assert "oXyz-subscriber" not in html
    assert staff.get(f"/admin/wechat-messages/inspect/{entry.pk}/").status_code == 200
    assert staff.get(f"/admin/wechat-messages/edit/{entry.pk}/").status_code in (302, 403)
    assert staff.get("/admin/wechat-messages/new/").status_code in (302, 403)
    assert staff.post(f"/admin/wechat-messages/delete/{entry.pk}/").status_code in (302, 403)
    assert MessageLog.objects.filter(pk=entry.pk).exists()


def test_followers_listed_by_hash(staff, wechat):
    wechat.send_event("subscribe")
    html = staff.get("/admin/wechat-followers/").content.decode()
    assert Follower.objects.get().openid_hash in html


def test_settings_edit_the_welcome_message(staff, wechat):
    page = staff.get("/admin/settings/wechat_subscribers/subscribersettings/", follow=True)
    html = page.content.decode()
    assert "关注欢迎语" in html and "自定义菜单" in html
    response = staff.post(
        page.redirect_chain[-1][0],
        {"welcome_message": "欢迎！", "help_message": "请回复关键词。", "menu-count": "0"},
    )
    assert response.status_code == 302
    assert wechat.send_event("subscribe")["Content"] == "欢迎！"
