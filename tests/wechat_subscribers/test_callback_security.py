"""The callback against forged, stale, replayed and malicious requests, in both modes."""

import logging
import time

from django.test import Client

import pytest

from wechat.subscribers.models import Follower, MessageLog

from .wechat import (
    ACCOUNT,
    AES_KEY,
    OPENID,
    TOKEN,
    URL,
    WeChatServer,
    event_message,
    sign,
    text_message,
)

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol4;</Content>"
    "<MsgId>1</MsgId></xml>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&secret;</Content>"
    "<MsgId>2</MsgId></xml>"
)


def test_echostr_verification(wechat):
    response = wechat.verify(echostr="5188346971")
    assert response.status_code == 200
    assert response.content == b"5188346971"
    assert response["Content-Type"].startswith("text/plain")


def test_echostr_refused_when_forged_stale_or_replayed(wechat):
    assert wechat.verify(signature="0" * 40).status_code == 403
    assert wechat.verify(timestamp=int(time.time()) - 301).status_code == 403
    query = wechat.query()
    assert wechat.client.get(URL, {**query, "echostr": "42"}).status_code == 200
    assert wechat.client.get(URL, {**query, "echostr": "42"}).status_code == 403
    assert wechat.client.get(URL, wechat.query()).status_code == 400  # no echostr


@pytest.mark.parametrize("encrypted", [True, False])
def test_wrong_signature_is_403_and_nothing_processed(wechat, encrypted):
    post = wechat.post_encrypted if encrypted else wechat.post_plain
    response = post(event_message("subscribe"), signature="f" * 40)
    assert response.status_code == 403
    assert not Follower.objects.exists()
    assert not MessageLog.objects.exists()


def test_wrong_message_signature_in_safe_mode(wechat):
    response = wechat.post_encrypted(event_message("subscribe"), msg_signature="a" * 40)
    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_message_encrypted_for_another_appid_is_403(client, home):
    intruder = WeChatServer(client, app_id="wxffffffffffffffff")
    response = intruder.post_encrypted(event_message("subscribe"))
    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_message_encrypted_with_another_key_is_refused(client, home):
    stranger = WeChatServer(client, aes_key="Z" * 43)
    response = stranger.post_encrypted(event_message("subscribe"))
    assert response.status_code in (400, 403)
    assert not Follower.objects.exists()


@pytest.mark.parametrize("offset", [-301, 301, -10_000])
def test_timestamp_outside_window_is_403(wechat, offset):
    response = wechat.post_encrypted(text_message("修复"), timestamp=int(time.time()) + offset)
    assert response.status_code == 403
    assert not MessageLog.objects.exists()


def test_timestamp_inside_window_is_accepted(wechat, settings):
    settings.WECHAT_CALLBACK_MAX_SKEW = 60
    assert (
        wechat.post_encrypted(text_message("修复"), timestamp=int(time.time()) - 50).status_code
        == 200
    )
    assert (
        wechat.post_encrypted(text_message("修复"), timestamp=int(time.time()) - 70).status_code
        == 403
    )


def test_replayed_request_is_403_and_processed_once(wechat):
    query = wechat.query()
    body, msg_signature = wechat.encrypted_body(event_message("subscribe"), query)
    query.update(encrypt_type="aes", msg_signature=msg_signature)
    first = wechat.post_raw(body, query)
    replay = wechat.post_raw(body, query)
    assert first.status_code == 200
    assert replay.status_code == 403
    assert MessageLog.objects.count() == 1
    assert Follower.objects.count() == 1


def test_replay_cache_is_the_shared_cache(wechat):
    """Another worker (another client, same cache) refuses the replay too."""
    query = wechat.query()
    xml = text_message("修复").encode()
    assert wechat.post_raw(xml, query).status_code == 200
    other_worker = WeChatServer(Client())
    assert other_worker.post_raw(xml, query).status_code == 403


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_400_without_expansion(wechat, payload):
    started = time.perf_counter()
    assert wechat.post_plain(payload).status_code == 400
    assert wechat.post_encrypted(payload).status_code == 400
    assert time.perf_counter() - started < 5  # refused before any expansion
    assert not MessageLog.objects.exists()


def test_ten_megabyte_body_is_413_and_the_server_goes_on(wechat):
    huge = b"<xml>" + b"A" * (10 * 1024 * 1024) + b"</xml>"
    assert wechat.post_raw(huge, wechat.query()).status_code == 413
    assert wechat.send_text("修复")["MsgType"] == "text"


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b'{"MsgType": "text"}',
        b"<xml><unclosed></xml>",
        b"<other/>",
        b"",
        "<xml>\udcff</xml>".encode("utf-8", "surrogatepass"),
    ],
    ids=["text", "json", "malformed", "wrong-root", "empty", "bad-utf8"],
)
def test_non_xml_is_400(wechat, body):
    assert wechat.post_raw(body, wechat.query()).status_code == 400


@pytest.mark.parametrize("encrypted", [True, False])
@pytest.mark.parametrize(
    "xml",
    [
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1</CreateTime><Content>hi</Content><MsgId>5</MsgId></xml>",
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>",
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>event</MsgType></xml>",
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>soon</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>6</MsgId></xml>",
        f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>event</MsgType><Event>PUBLISHJOBFINISH</Event></xml>",
    ],
    ids=["no-MsgType", "no-MsgId", "no-Event", "bad-CreateTime", "publish-without-info"],
)
def test_missing_fields_are_400(wechat, xml, encrypted):
    post = wechat.post_encrypted if encrypted else wechat.post_plain
    assert post(xml).status_code == 400
    assert not MessageLog.objects.exists()


def test_encrypted_flag_without_encrypt_element_is_400(wechat):
    query = {**wechat.query(), "encrypt_type": "aes", "msg_signature": "0" * 40}
    assert wechat.post_raw(text_message("修复").encode(), query).status_code == 400


def test_unsigned_and_malformed_queries_are_403(wechat):
    xml = text_message("修复").encode()
    assert wechat.post_raw(xml, {}).status_code == 403
    timestamp = str(int(time.time()))
    nonce = "<script>"
    query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    assert wechat.post_raw(xml, query).status_code == 403


def test_refusals_are_logged_without_the_body(wechat, caplog):
    secret = "身份证441702198503121234"
    with caplog.at_level(logging.INFO, logger="wechat.subscribers.callback"):
        wechat.post_plain(text_message(secret), signature="e" * 40)
        wechat.post_plain(text_message(secret), timestamp=int(time.time()) - 1000)
    messages = [r.getMessage() for r in caplog.records if r.name == "wechat.subscribers.callback"]
    assert len(messages) == 2
    assert any("signature mismatch" in m for m in messages)
    assert any("timestamp outside the window" in m for m in messages)
    assert all("441702" not in r.getMessage() for r in caplog.records)


def test_other_methods_are_405(wechat):
    assert wechat.client.put(URL).status_code == 405


def test_not_configured_answers_404(wechat, settings):
    settings.WECHAT_TOKEN = ""
    assert wechat.verify().status_code == 404


def test_callback_needs_no_csrf_token(home):
    server = WeChatServer(Client(enforce_csrf_checks=True))
    assert server.send_text("修复")["MsgType"] == "text"


def test_page_cache_never_stores_the_callback(wechat, settings):
    settings.WAGTAIL_CACHE = True
    query = {**wechat.query(), "echostr": "77"}
    first = wechat.client.get(URL, query)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert wechat.client.get(URL, query).status_code == 403  # not a cached 200


def test_safe_mode_key_is_checked_at_start(settings):
    from wechat.subscribers.checks import check_callback_settings

    assert check_callback_settings() == []
    settings.WECHAT_ENCODING_AES_KEY = AES_KEY[:-1]
    assert [e.id for e in check_callback_settings()] == ["wechat_subscribers.E001"]


def test_declaration_typed_by_a_subscriber_inside_cdata_is_just_text(wechat):
    reply = wechat.send_text('<!DOCTYPE x [<!ENTITY a "b">]> 修复')
    assert "credit-requests" in reply["Content"]
