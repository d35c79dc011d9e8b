"""消息记录 rows are written after the replies, in batches, and none is lost without a trace."""

import logging
import time

from django.db import connections

import pytest

from wechat.subscribers import message_log
from wechat.subscribers.models import MessageLog


@pytest.fixture(autouse=True)
def nothing_pending():
    message_log.pending.flush()
    yield
    timer = message_log.pending._timer
    message_log.pending._rows.clear()
    if timer is not None:
        timer.cancel()


@pytest.mark.django_db
def test_rows_wait_for_a_full_batch_then_all_arrive_in_order(wechat, settings):
    settings.WECHAT_MESSAGE_LOG_BATCH = 3
    settings.WECHAT_MESSAGE_LOG_SECONDS = 60
    wechat.send_text("修复")
    wechat.send_text("红榜")
    assert not MessageLog.objects.exists()  # answered, not yet written
    wechat.send_text("曝光")
    rows = list(MessageLog.objects.order_by("pk"))
    assert [row.keyword for row in rows] == ["修复/异议", "红榜", "曝光/黑榜"]
    assert rows[0].received_at <= rows[1].received_at <= rows[2].received_at
    assert all(row.encrypted and row.reply_type for row in rows)


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_writes_its_rows_on_a_timer(wagtail_tree, wechat, settings):
    # wagtail_tree: the locale and tree root an earlier transactional test may have flushed.
    settings.WECHAT_MESSAGE_LOG_BATCH = 50
    settings.WECHAT_MESSAGE_LOG_SECONDS = 0.2
    wechat.send_text("红榜")
    deadline = time.monotonic() + 10
    while not MessageLog.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert MessageLog.objects.get().keyword == "红榜"
    connections.close_all()


@pytest.mark.django_db
def test_a_failed_write_is_logged_with_what_it_lost_and_replies_go_on(
    wechat, settings, monkeypatch, caplog
):
    settings.WECHAT_MESSAGE_LOG_BATCH = 2
    settings.WECHAT_MESSAGE_LOG_SECONDS = 60

    def database_down(rows):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(message_log, "write", database_down)
    wechat.send_text("修复")
    with caplog.at_level(logging.ERROR, logger="wechat.subscribers.callback"):
        reply = wechat.send_text("红榜")
    assert reply is not None
    assert "2 rows could not be written" in caplog.text
    monkeypatch.undo()
    wechat.send_text("曝光")
    wechat.send_text("日历")
    assert MessageLog.objects.count() == 2


@pytest.mark.django_db
def test_callback_skips_the_sites_middleware_but_keeps_the_host_check(wechat, settings):
    response = wechat.post_encrypted(
        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>修复</Content>"
        "<MsgId>42</MsgId></xml>"
    )
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and "csrftoken" not in response.cookies
    assert "Content-Security-Policy" not in response.headers
    settings.ALLOWED_HOSTS = ["credit.example.cn"]
    assert wechat.post_plain("<xml/>").status_code == 400
    assert MessageLog.objects.count() == 1
