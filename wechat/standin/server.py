"""The stand-in WeChat API server: WeChat's endpoints over real HTTP for dev, tests and benchmarks.

    standin = StandIn(appid, secret, latency=0.05)
    standin.start(port=8900)          # http://127.0.0.1:8900/  (WECHAT_API_BASE_URL)
    standin.fail_next(45009, times=2, endpoint="draft/add")
    standin.calls                     # [Call(method, path, query, json, files, errcode)]
    standin.stop()

It accepts what wechatpy sends (JSON as UTF-8 bytes without Content-Type,
access_token in the query, uploads in the multipart field `media`), finishes
publications asynchronously, and can push PUBLISHJOBFINISH to a callback URL.
It also serves the uploaded images (/mmbiz/<id>) and published articles
(/s/<article_id>/<index>) so that the demo shows what WeChat would show.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import secrets
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import requests

from .account import Account, Call, Refusal

logger = logging.getLogger(__name__)

TOKEN_ENDPOINTS = {"token", "stable_token"}


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str, str, bytes]]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    files = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        files[name] = (
            part.get_filename() or "",
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
    return files


class StandIn:
    """One stand-in server around one Account."""

    def __init__(
        self,
        appid,
        secret,
        *,
        latency=0.0,
        publish_delay=0.2,
        callback_url=None,
        callback_token="",
        encoding_aes_key="",
        **account_options,
    ):
        self.account = Account(appid, secret, **account_options)
        self.latency = latency
        self.publish_delay = publish_delay
        self.callback_url = callback_url
        self.callback_token = callback_token
        self.encoding_aes_key = encoding_aes_key
        self.calls: list[Call] = []
        self.callbacks: list[dict] = []  # pushes sent: {"url", "status", "body"}
        self._faults: list[dict] = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------

    def start(self, host="127.0.0.1", port=0):
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self, host="127.0.0.1", port=8900):
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}/"
        self._server.serve_forever()

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- what tests use -----------------------------------------------------------------

    def fail_next(self, errcode, times=1, endpoint=None, errmsg="injected fault"):
        """The next `times` calls (to `endpoint`, or to any API but the token ones) fail.

        times=None fails for ever (a server that always fails)."""
        with self._lock:
            self._faults.append(
                {"errcode": errcode, "times": times, "endpoint": endpoint, "errmsg": errmsg}
            )

    def clear_faults(self):
        with self._lock:
            self._faults.clear()

    def calls_to(self, endpoint):
        return [call for call in list(self.calls) if call.endpoint == endpoint]

    def api_calls(self):
        """Every call except the token fetches."""
        return [call for call in list(self.calls) if call.endpoint not in TOKEN_ENDPOINTS]

    def reset_calls(self):
        self.calls.clear()

    def wait_published(self, publish_id, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.account.publication(publish_id)["publish_status"] != 1:
                return self.account.publication(publish_id)
            time.sleep(0.02)
        raise TimeoutError(publish_id)

    # -- internals ----------------------------------------------------------------------

    def _take_fault(self, endpoint):
        with self._lock:
            for fault in self._faults:
                wanted = fault["endpoint"]
                if wanted == endpoint or (wanted is None and endpoint not in TOKEN_ENDPOINTS):
                    if fault["times"] is not None:
                        fault["times"] -= 1
                        if fault["times"] <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def _schedule_finish(self, publish_id):
        def finish():
            job = self.account.finish(publish_id, self.url)
            if self.callback_url:
                self._push_publish_event(job)

        timer = threading.Timer(self.publish_delay, finish)
        timer.daemon = True
        timer.start()

    def _push_publish_event(self, job):
        detail = ""
        if job.get("article_detail"):
            items = "".join(
                f"<item><idx>{item['idx']}</idx><article_url><![CDATA[{item['article_url']}]]>"
                "</article_url></item>"
                for item in job["article_detail"]["item"]
            )
            detail = f"<article_detail><count>{job['article_detail']['count']}</count>{items}</article_detail>"
        xml = (
            "<xml><ToUserName><![CDATA[gh_standin]]></ToUserName>"
            "<FromUserName><![CDATA[oStandinPublisher]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime>"
            "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event>"
            f"<PublishEventInfo><publish_id>{job['publish_id']}</publish_id>"
            f"<publish_status>{job['publish_status']}</publish_status>"
            + (
                f"<article_id><![CDATA[{job['article_id']}]]></article_id>"
                if job.get("article_id")
                else ""
            )
            + detail
            + "<fail_idx></fail_idx></PublishEventInfo></xml>"
        )
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        params = {"timestamp": timestamp, "nonce": nonce}
        params["signature"] = hashlib.sha1(
            "".join(sorted([self.callback_token, timestamp, nonce])).encode()
        ).hexdigest()
        if self.encoding_aes_key:
            from wechatpy.crypto import WeChatCrypto

            crypto = WeChatCrypto(self.callback_token, self.encoding_aes_key, self.account.appid)
            encrypted = crypto.encrypt_message(xml, nonce, timestamp)
            params["encrypt_type"] = "aes"
            params["msg_signature"] = encrypted.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
            xml = encrypted
        try:
            response = requests.post(self.callback_url, params=params, data=xml.encode(), timeout=5)
            self.callbacks.append(
                {"url": self.callback_url, "status": response.status_code, "body": xml}
            )
        except requests.RequestException as exc:
            logger.warning("stand-in: callback %s failed: %s", self.callback_url, exc)
            self.callbacks.append({"url": self.callback_url, "status": None, "body": xml})

    def handle_api(self, method, endpoint, query, body, content_type):
        """Answer one /cgi-bin/ call: (dict answer, Call)."""
        account = self.account
        json_body, files = None, {}
        if content_type.startswith("multipart/form-data"):
            files = parse_multipart(content_type, body)
        elif body:
            try:
                json_body = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                json_body = None
                if endpoint not in ("token",):
                    raise Refusal(47001, "data format error") from None
        call = Call(
            method,
            "/cgi-bin/" + endpoint,
            query,
            json_body,
            {name: (f[0], f[1], len(f[2])) for name, f in files.items()},
        )
        self.calls.append(call)
        data = json_body or {}
        try:
            fault = self._take_fault(endpoint)
            if fault:
                raise Refusal(fault["errcode"], fault["errmsg"])
            if endpoint == "token":
                return account.issue_token(query.get("appid"), query.get("secret")), call
            if endpoint == "stable_token":
                return (
                    account.issue_stable_token(
                        data.get("appid"), data.get("secret"), bool(data.get("force_refresh"))
                    ),
                    call,
                )
            account.check_token(query.get("access_token"))
            return self._dispatch(endpoint, query, data, files), call
        except Refusal as refusal:
            call.errcode = refusal.errcode
            raise

    def _dispatch(self, endpoint, query, data, files):
        account = self.account
        media = files.get("media", (None, None, b""))[2]
        if endpoint == "media/uploadimg":
            if "media" not in files:
                raise Refusal(41005, "media data missing")
            return account.upload_image(media, self.url)
        if endpoint == "material/add_material":
            if "media" not in files:
                raise Refusal(41005, "media data missing")
            return account.add_material(query.get("type"), media, self.url)
        if endpoint == "draft/add":
            return account.add_draft(data.get("articles") or [])
        if endpoint == "draft/update":
            return account.update_draft(
                data.get("media_id"), data.get("index", 0), data.get("articles") or {}
            )
        if endpoint == "draft/get":
            return account.get_draft(data.get("media_id"))
        if endpoint == "draft/delete":
            return account.delete_draft(data.get("media_id"))
        if endpoint == "freepublish/submit":
            answer = account.submit(data.get("media_id"))
            self._schedule_finish(answer["publish_id"])
            return answer
        if endpoint == "freepublish/get":
            return account.publication(data.get("publish_id"))
        if endpoint == "freepublish/delete":
            return account.delete_article(data.get("article_id"), int(data.get("index") or 0))
        if endpoint == "message/mass/sendall":
            return account.mass_send(data)
        if endpoint == "menu/create":
            return account.create_menu(data)
        if endpoint == "menu/get":
            return account.get_menu()
        raise Refusal(48001, f"api unauthorized (stand-in does not implement {endpoint})")


def _handler(standin: StandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "WeChatStandIn/1"

        def log_message(self, format, *args):
            logger.debug("stand-in: " + format, *args)

        def _send(self, status, body: bytes, content_type="application/json; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, answer):
            answer = (
                {"errcode": 0, "errmsg": "ok", **answer} if "access_token" not in answer else answer
            )
            self._send(200, json.dumps(answer, ensure_ascii=False).encode("utf-8"))

        def _handle(self, method):
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if standin.latency:
                time.sleep(standin.latency)
            if url.path.startswith("/cgi-bin/"):
                query = dict(parse_qsl(url.query))
                endpoint = url.path.removeprefix("/cgi-bin/")
                try:
                    answer, _ = standin.handle_api(
                        method, endpoint, query, body, self.headers.get("Content-Type") or ""
                    )
                except Refusal as refusal:
                    answer = {"errcode": refusal.errcode, "errmsg": refusal.errmsg}
                    self._send(200, json.dumps(answer).encode())
                    return
                self._json(answer)
            elif url.path.startswith("/mmbiz/"):
                data = standin.account.images.get(url.path.split("/")[2])
                if data is None:
                    self._send(404, b"not found", "text/plain")
                else:
                    self._send(200, data, "image/png" if data[:4] == b"\x89PNG" else "image/jpeg")
            elif url.path.startswith("/s/"):
                self._article(url.path)
            else:
                self._send(404, b'{"errcode":-1,"errmsg":"not found"}')

        def _article(self, path):
            parts = path.strip("/").split("/")
            index = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
            item = standin.account.article_page(parts[1] if len(parts) > 1 else "", index)
            if item is None:
                page = "<h1>该内容已被发布者删除</h1>"
                self._send(
                    404, _article_html("内容已删除", page).encode(), "text/html; charset=utf-8"
                )
                return
            page = (
                f'<h1 style="font-size:22px">{html.escape(item["title"])}</h1>'
                f'<p style="color:#888">{html.escape(item.get("author") or "")} 信用阳江（模拟公众号）</p>'
                f"<div>{item['content']}</div>"
            )
            if item.get("content_source_url"):
                page += f'<p><a href="{html.escape(item["content_source_url"])}">阅读原文</a></p>'
            self._send(200, _article_html(item["title"], page).encode(), "text/html; charset=utf-8")

        def do_GET(self):
            self._handle("GET")

        def do_POST(self):
            self._handle("POST")

    return Handler


def _article_html(title, body):
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        f'<body style="max-width:680px;margin:0 auto;padding:16px;font-family:sans-serif">{body}</body></html>'
    )
