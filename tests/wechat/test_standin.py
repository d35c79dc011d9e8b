"""The stand-in WeChat API enforces WeChat's documented rules, over real HTTP."""

import hashlib
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from tests.wechat.images import image_bytes, upload
from wechat.client import WeChatError, get_client
from wechat.standin.server import StandIn


@pytest.fixture
def client(wechat_standin):
    return get_client()


def thumb(client):
    return client.material.add("thumb", upload("t.jpg", image_bytes()))["media_id"]


def article(client, **fields):
    return {
        "title": "诚信建设万里行",
        "author": "信用阳江",
        "digest": "摘要",
        "content": "<p>正文</p>",
        "content_source_url": "https://credit.example/a/",
        "thumb_media_id": thumb(client),
        **fields,
    }


@pytest.mark.parametrize(
    ("field", "value", "errcode"),
    [
        ("title", "题" * 33, 45003),
        ("author", "作" * 17, 45110),
        ("digest", "摘" * 129, 45004),
        ("content", "<p>" + "字" * 20000 + "</p>", 45002),
        ("thumb_media_id", "no-such-material", 40007),
    ],
)
def test_draft_limits_are_enforced(client, field, value, errcode):
    with pytest.raises(WeChatError) as error:
        client.post("draft/add", data={"articles": [article(client, **{field: value})]})
    assert error.value.errcode == errcode


def test_limits_at_the_edge_are_accepted(client):
    answer = client.post(
        "draft/add",
        data={"articles": [article(client, title="题" * 32, author="作" * 16, digest="摘" * 128)]},
    )
    assert client.draft.get(answer["media_id"])["news_item"][0]["title"] == "题" * 32


@pytest.mark.parametrize(
    ("data", "errcode"),
    [
        (image_bytes("WEBP"), 40005),
        (image_bytes("GIF"), 40005),
        (image_bytes("PNG", size=(700, 700), noise=True), 40009),
    ],
)
def test_uploadimg_takes_only_small_jpg_and_png(client, data, errcode):
    with pytest.raises(WeChatError) as error:
        client.media.upload_image(upload("x.img", data))
    assert error.value.errcode == errcode


def test_thumb_must_be_a_small_jpeg(client):
    with pytest.raises(WeChatError) as error:
        client.material.add("thumb", upload("t.png", image_bytes("PNG"), "image/png"))
    assert error.value.errcode == 40005
    with pytest.raises(WeChatError) as error:
        client.material.add("thumb", upload("t.jpg", image_bytes(size=(300, 300), noise=True)))
    assert error.value.errcode == 40009


def test_body_images_survive_only_from_uploadimg(client, wechat_standin):
    own = client.media.upload_image(upload("a.jpg", image_bytes()))
    content = f'<p><img src="{own}"><img src="https://evil.example/x.jpg"></p>'
    media_id = client.post("draft/add", data={"articles": [article(client, content=content)]})[
        "media_id"
    ]
    stored = client.draft.get(media_id)["news_item"][0]["content"]
    assert own in stored
    assert "evil.example" not in stored
    assert requests.get(own, timeout=5).content == image_bytes()


def test_wrong_credentials_are_refused(wechat_standin, settings):
    settings.WECHAT_APP_SECRET = "wrong"
    with pytest.raises(WeChatError) as error:
        get_client().menu.get()
    assert error.value.errcode == 40125
    settings.WECHAT_APP_ID = "wx-other"
    with pytest.raises(WeChatError) as error:
        get_client().menu.get()
    assert error.value.errcode == 40013


def test_a_new_token_makes_the_old_one_stale_then_invalid():
    standin = StandIn("wxa", "s", stale_grace=0.3).start()
    try:
        url = standin.url + "cgi-bin/"
        first = requests.get(url + "token", params={"appid": "wxa", "secret": "s"}).json()
        second = requests.get(url + "token", params={"appid": "wxa", "secret": "s"}).json()

        def menu(token):
            return requests.get(url + "menu/get", params={"access_token": token}).json()["errcode"]

        assert menu(first["access_token"]) == 46003  # still valid for a grace period
        time.sleep(0.35)
        assert menu(first["access_token"]) == 42001
        assert menu(second["access_token"]) == 46003
        assert menu("made-up") == 40001
    finally:
        standin.stop()


def test_publish_finishes_later_serves_the_article_and_delete_removes_it(client, wechat_standin):
    media_id = client.post("draft/add", data={"articles": [article(client)]})["media_id"]
    publish_id = client.freepublish.submit(media_id)["publish_id"]
    assert client.freepublish.get(publish_id)["publish_status"] == 1
    wechat_standin.wait_published(publish_id)
    job = client.freepublish.get(publish_id)
    assert job["publish_status"] == 0
    page = requests.get(job["article_detail"]["item"][0]["article_url"], timeout=5)
    assert "诚信建设万里行" in page.text and "阅读原文" in page.text
    with pytest.raises(WeChatError):
        client.draft.get(media_id)  # a published draft leaves the draft box
    client.freepublish.delete(job["article_id"])
    assert (
        requests.get(job["article_detail"]["item"][0]["article_url"], timeout=5).status_code == 404
    )
    assert client.freepublish.get(publish_id)["publish_status"] == 5


def test_publish_pushes_a_signed_publishjobfinish_event(client, wechat_standin, settings):
    received = []

    class Callback(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(parse_qsl(urlsplit(self.path).query)), body.decode()))
            self.send_response(200)
            self.send_header("Content-Length", "7")
            self.end_headers()
            self.wfile.write(b"success")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Callback)
    Thread(target=server.serve_forever, daemon=True).start()
    wechat_standin.callback_url = f"http://127.0.0.1:{server.server_address[1]}/wechat/callback/"
    try:
        media_id = client.post("draft/add", data={"articles": [article(client)]})["media_id"]
        publish_id = client.freepublish.submit(media_id)["publish_id"]
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        server.shutdown()
    query, xml = received[0]
    expected = hashlib.sha1(
        "".join(sorted([settings.WECHAT_TOKEN, query["timestamp"], query["nonce"]])).encode()
    ).hexdigest()
    assert query["signature"] == expected
    assert "<Event><![CDATA[PUBLISHJOBFINISH]]></Event>" in xml
    assert f"<publish_id>{publish_id}</publish_id>" in xml
    assert "<publish_status>0</publish_status>" in xml


def test_mass_send_quota_and_duplicates(client, wechat_standin):
    media_id = client.post("draft/add", data={"articles": [article(client)]})["media_id"]
    client.message.send_mass_article(media_id, is_to_all=True, client_msg_id="page-1-v1")
    with pytest.raises(WeChatError) as error:
        client.message.send_mass_article(media_id, is_to_all=True, client_msg_id="page-1-v1")
    assert error.value.errcode == 45065
    with pytest.raises(WeChatError) as error:
        client.message.send_mass_article(media_id, is_to_all=True, client_msg_id="page-1-v2")
    assert error.value.errcode == 45028
    assert len(wechat_standin.account.mass_sends) == 1


def test_menu_create_and_get(client, wechat_standin):
    menu = {"button": [{"type": "view", "name": "信用阳江", "url": "https://credit.example/"}]}
    client.menu.create(menu)
    assert client.menu.get()["menu"] == menu
    assert wechat_standin.calls_to("menu/create")[0].json == menu
    assert wechat_standin.calls_to("menu/create")[0].path == "/cgi-bin/menu/create"


def test_management_command_accepts_only_the_environment_credentials():
    from bench.harness import free_port

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "WECHAT_APP_ID": "wxfromenv",
        "WECHAT_APP_SECRET": "secret-from-env",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "wechat_standin", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/cgi-bin/token"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ok = requests.get(url, params={"appid": "wxfromenv", "secret": "secret-from-env"})
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "stand-in did not start"
                time.sleep(0.2)
        assert "access_token" in ok.json()
        refused = requests.get(url, params={"appid": "wxfromenv", "secret": "nope"}).json()
        assert refused["errcode"] == 40125
    finally:
        process.terminate()
        process.wait(10)
