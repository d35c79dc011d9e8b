"""Plays WeChat's server against /wechat/callback/: messages signed and encrypted with wechatpy's crypto."""

import hashlib
import itertools
import time

import xmltodict
from wechatpy.crypto import WeChatCrypto

TOKEN = "xyyj-test-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat gives it
APP_ID = "wx0123456789abcdef"
ACCOUNT = "gh_0123456789ab"
OPENID = "oXyz-subscriber-0001"
URL = "/wechat/callback/"

_nonces = itertools.count(1)


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def cdata(text: str) -> str:
    """How any XML writer puts `]]>` in a CDATA section: split in two."""
    return text.replace("]]>", "]]]]><![CDATA[>")


def text_message(content: str, msg_id: str | None = None, sender: str = OPENID) -> str:
    msg_id = msg_id or str(7_000_000_000 + next(_nonces))
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{cdata(content)}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def event_message(
    event: str, key: str = "", extra: str = "", sender: str = OPENID, create_time=None
) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        f"<EventKey><![CDATA[{key}]]></EventKey>{extra}</xml>"
    )


def publish_info(publish_id="2247503051", status=0, article_id="ART_1", urls=(), fail_idx=()):
    items = "".join(
        f"<item><idx>{n}</idx><article_url><![CDATA[{url}]]></article_url></item>"
        for n, url in enumerate(urls, 1)
    )
    fails = "".join(f"<fail_idx>{n}</fail_idx>" for n in fail_idx)
    return (
        f"<PublishEventInfo><publish_id>{publish_id}</publish_id>"
        f"<publish_status>{status}</publish_status><article_id><![CDATA[{article_id}]]></article_id>"
        f"<article_detail><count>{len(urls)}</count>{items}</article_detail>{fails}</PublishEventInfo>"
    )


class WeChatServer:
    """What WeChat's server sends: signed query, plain or 安全模式 body; reads our replies back."""

    def __init__(self, client, token=TOKEN, aes_key=AES_KEY, app_id=APP_ID):
        self.client = client
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id)

    def query(self, *, timestamp=None, nonce=None, signature=None, **extra) -> dict:
        timestamp = str(timestamp if timestamp is not None else int(time.time()))
        nonce = nonce or f"n{next(_nonces)}{time.time_ns() % 100000}"
        signature = signature or sign(self.token, timestamp, nonce)
        return {"signature": signature, "timestamp": timestamp, "nonce": nonce, **extra}

    def verify(self, echostr="1234567890123456789", **kwargs):
        query = self.query(**kwargs)
        return self.client.get(URL, {**query, "echostr": echostr})

    def post_raw(self, body, query: dict, **headers):
        path = URL + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return self.client.post(path, data=body, content_type="text/xml", **headers)

    def post_plain(self, xml: str, **kwargs):
        query = self.query(**kwargs)
        return self.post_raw(xml.encode("utf-8"), {**query, "openid": OPENID})

    def encrypted_body(self, xml: str, query: dict) -> tuple[bytes, str]:
        envelope = xmltodict.parse(
            self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        )
        encrypt = envelope["xml"]["Encrypt"]
        body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        return body.encode(), envelope["xml"]["MsgSignature"]

    def post_encrypted(self, xml: str, msg_signature=None, **kwargs):
        query = self.query(**kwargs)
        body, signature = self.encrypted_body(xml, query)
        query.update(encrypt_type="aes", msg_signature=msg_signature or signature, openid=OPENID)
        return self.post_raw(body, query)

    def read_reply(self, response, encrypted: bool) -> dict | None:
        """The reply as a dict (decrypted with the account's key and its signature checked), or None."""
        body = response.content.decode("utf-8")
        if body in ("", "success"):
            return None
        if encrypted:
            envelope = xmltodict.parse(body)["xml"]
            body = self.crypto.decrypt_message(
                body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
            )
        return xmltodict.parse(body)["xml"]

    def send_text(self, content: str, encrypted=True, **kwargs) -> dict | None:
        post = self.post_encrypted if encrypted else self.post_plain
        response = post(text_message(content, **kwargs))
        assert response.status_code == 200, response.content
        return self.read_reply(response, encrypted)

    def send_event(self, event: str, encrypted=True, **kwargs) -> dict | None:
        post = self.post_encrypted if encrypted else self.post_plain
        response = post(event_message(event, **kwargs))
        assert response.status_code == 200, response.content
        return self.read_reply(response, encrypted)
