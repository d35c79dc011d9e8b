"""Follower events, menu clicks, publish-job results, and WeChat's retries processed once."""

import time

import pytest

from wechat.signals import publish_job_finished
from wechat.subscribers.models import Follower, MessageLog, SubscriberSettings

from .wechat import event_message, publish_info, text_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    publish_job_finished.connect(listener, dispatch_uid="test-listener")
    yield heard
    publish_job_finished.disconnect(dispatch_uid="test-listener")


def test_subscribe_gets_the_editable_welcome_and_is_recorded(wechat):
    settings = SubscriberSettings.load()
    settings.welcome_message = "欢迎关注信用阳江！回复“红榜”试试。"
    settings.save()
    reply = wechat.send_event("subscribe", key="qrscene_123")
    assert reply["Content"] == "欢迎关注信用阳江！回复“红榜”试试。"
    follower = Follower.objects.get()
    assert follower.subscribed and follower.subscribed_at
    assert "oXyz" not in follower.openid_hash


def test_unsubscribe_is_recorded_with_an_empty_reply(wechat):
    wechat.send_event("subscribe")
    response = wechat.post_encrypted(event_message("unsubscribe", create_time=int(time.time()) + 1))
    assert response.status_code == 200 and response.content == b"success"
    follower = Follower.objects.get()
    assert not follower.subscribed and follower.unsubscribed_at
    assert MessageLog.objects.order_by("pk").last().keyword == "取消关注"


def test_menu_click_gets_the_matching_reply(wechat):
    reply = wechat.send_event("CLICK", key="修复")
    assert "http://localhost/credit-requests/" in reply["Content"]
    assert MessageLog.objects.get().event == "CLICK"


@pytest.mark.parametrize("event", ["PUBLISHJOBFINISH", "FREEPUBLISHJOBFINISH"])
def test_publish_job_events_send_the_signal(wechat, published, event):
    extra = publish_info(
        publish_id="2247503051",
        status=0,
        article_id="ART_9",
        urls=["https://mp.weixin.qq.com/s/a", "https://mp.weixin.qq.com/s/b"],
    )
    assert wechat.send_event(event, extra=extra, sender="gh_system") is None
    assert published == [
        {
            "signal": publish_job_finished,
            "publish_id": "2247503051",
            "publish_status": 0,
            "article_id": "ART_9",
            "article_urls": ["https://mp.weixin.qq.com/s/a", "https://mp.weixin.qq.com/s/b"],
            "fail_idx": [],
        }
    ]


def test_failed_publish_job_carries_the_failed_indexes(wechat, published):
    extra = publish_info(publish_id="7", status=2, article_id="", fail_idx=[1, 2])
    wechat.send_event("PUBLISHJOBFINISH", extra=extra, encrypted=False)
    assert published[0]["publish_status"] == 2
    assert published[0]["fail_idx"] == [1, 2]
    assert published[0]["article_id"] is None


def test_unknown_events_get_an_empty_reply(wechat):
    response = wechat.post_encrypted(event_message("TEMPLATESENDJOBFINISH"))
    assert (response.status_code, response.content) == (200, b"success")
    assert MessageLog.objects.get().reply_type == "empty"


def test_retried_message_is_answered_again_but_processed_once(wechat):
    xml = text_message("修复", msg_id="123456789")
    first = wechat.read_reply(wechat.post_encrypted(xml), True)
    retry_response = wechat.post_encrypted(xml)  # WeChat's retry: new nonce, same MsgId
    retry = wechat.read_reply(retry_response, True)
    assert retry_response.status_code == 200
    assert retry["Content"] == first["Content"]
    assert list(MessageLog.objects.order_by("pk").values_list("reply_type", flat=True)) == [
        "text",
        "duplicate",
    ]


def test_retried_event_is_processed_once(wechat, published):
    xml = event_message("PUBLISHJOBFINISH", extra=publish_info(), create_time=1_790_000_000)
    for _ in range(3):
        assert wechat.post_encrypted(xml).status_code == 200
    assert len(published) == 1


def test_two_publish_jobs_in_one_second_are_both_heard(wechat, published):
    for publish_id in ("1", "2"):
        extra = publish_info(publish_id=publish_id)
        wechat.post_plain(event_message("PUBLISHJOBFINISH", extra=extra, create_time=1_790_000_000))
    assert [p["publish_id"] for p in published] == ["1", "2"]


def test_a_failure_lets_the_retry_try_again(wechat, monkeypatch):
    from wechat.subscribers import views

    xml = text_message("修复", msg_id="555")
    real_answer = views.answer

    def broken(message, request):
        raise RuntimeError("database went away")

    monkeypatch.setattr(views, "answer", broken)
    wechat.client.raise_request_exception = False
    assert wechat.post_encrypted(xml).status_code == 500
    monkeypatch.setattr(views, "answer", real_answer)
    assert "credit-requests" in wechat.read_reply(wechat.post_encrypted(xml), True)["Content"]


def test_a_failed_event_lets_the_retry_try_again(wechat, monkeypatch):
    from wechat.subscribers import views

    xml = event_message("subscribe", create_time=1_790_000_123)
    real_answer = views.answer
    monkeypatch.setattr(views, "answer", lambda message, request: 1 / 0)
    wechat.client.raise_request_exception = False
    assert wechat.post_encrypted(xml).status_code == 500
    monkeypatch.setattr(views, "answer", real_answer)
    assert "信用阳江" in wechat.read_reply(wechat.post_encrypted(xml), True)["Content"]
    assert Follower.objects.count() == 1
