"""The stand-in's model of one official account: tokens, materials, drafts, publications.

It enforces the rules of WeChat's documentation (docs/wechat.md lists them)
and answers with WeChat's error codes, so the project's client and renderers
meet the same refusals they would meet in production.  No HTTP here: server.py
maps requests onto these methods.
"""

from __future__ import annotations

import io
import itertools
import secrets
import threading
import time
from dataclasses import dataclass, field

from PIL import Image

KB = 1024
MB = 1024 * KB


class Refusal(Exception):
    """WeChat's answer to a call it refuses: {"errcode": …, "errmsg": …}."""

    def __init__(self, errcode, errmsg):
        super().__init__(errcode, errmsg)
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass
class Call:
    """One recorded request. `path` is the URL path, e.g. "/cgi-bin/draft/add"."""

    method: str
    path: str
    query: dict
    json: dict | None
    files: dict = field(default_factory=dict)  # field -> (filename, content_type, size)
    errcode: int = 0
    at: float = field(default_factory=time.time)

    @property
    def endpoint(self):
        """The path without "/cgi-bin/", e.g. "draft/add"."""
        return self.path.removeprefix("/cgi-bin/")


def image_format(data: bytes):
    """(format, mode) of image bytes as Pillow reads them, or (None, None)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.format, image.mode
    except Exception:  # anything Pillow cannot open is not an image to WeChat either
        return None, None


class Account:
    """State of the stand-in account. Thread safe: every method holds the lock."""

    def __init__(self, appid, secret, *, token_ttl=7200, stale_grace=300, mass_quota=1):
        self.appid = appid
        self.secret = secret
        self.token_ttl = token_ttl
        self.stale_grace = stale_grace
        self.mass_quota = mass_quota
        self.lock = threading.RLock()
        self.ids = itertools.count(1)
        self.tokens: dict[str, float] = {}  # token -> expires at
        self.stable_token: str | None = None
        self.images: dict[str, bytes] = {}  # uploadimg / material id -> bytes
        self.image_urls: set[str] = set()
        self.materials: dict[str, dict] = {}
        self.drafts: dict[str, list[dict]] = {}
        self.publications: dict[str, dict] = {}  # publish_id -> job
        self.articles: dict[str, dict] = {}  # article_id -> {"media_id", "items", "deleted"}
        self.mass_sends: list[dict] = []
        self.client_msg_ids: set[str] = set()
        self.menu: dict | None = None

    def _next(self, prefix):
        return f"{prefix}{next(self.ids):06d}{secrets.token_hex(4)}"

    # -- credentials and tokens --------------------------------------------

    def check_credentials(self, appid, secret):
        if appid != self.appid:
            raise Refusal(40013, "invalid appid")
        if secret != self.secret:
            raise Refusal(40125, "invalid appsecret")

    def _issue(self, now):
        token = "ST" + secrets.token_urlsafe(24)
        self.tokens[token] = now + self.token_ttl
        return token

    def issue_token(self, appid, secret):
        """cgi-bin/token: a new token; every older one stays valid only a few more minutes."""
        with self.lock:
            self.check_credentials(appid, secret)
            now = time.time()
            for token, expires in self.tokens.items():
                self.tokens[token] = min(expires, now + self.stale_grace)
            return {"access_token": self._issue(now), "expires_in": self.token_ttl}

    def issue_stable_token(self, appid, secret, force_refresh=False):
        """cgi-bin/stable_token: the same token until it expires or a forced refresh."""
        with self.lock:
            self.check_credentials(appid, secret)
            now = time.time()
            current = self.stable_token
            if current and not force_refresh and self.tokens.get(current, 0) > now:
                return {"access_token": current, "expires_in": int(self.tokens[current] - now)}
            if current in self.tokens:
                self.tokens[current] = min(self.tokens[current], now + self.stale_grace)
            self.stable_token = self._issue(now)
            return {"access_token": self.stable_token, "expires_in": self.token_ttl}

    def check_token(self, token):
        with self.lock:
            if not token:
                raise Refusal(41001, "access_token missing")
            expires = self.tokens.get(token)
            if expires is None:
                raise Refusal(40001, "invalid credential, access_token is invalid or not latest")
            if expires <= time.time():
                raise Refusal(42001, "access_token expired")

    def revoke_tokens(self):
        """Fault injection: every token WeChat gave out is refused from now on."""
        with self.lock:
            self.tokens.clear()
            self.stable_token = None

    # -- images ---------------------------------------------------------------

    def upload_image(self, data, base_url):
        """media/uploadimg: JPG/PNG under 1 MB; returns a URL only usable inside articles."""
        fmt, _ = image_format(data)
        if fmt not in ("JPEG", "PNG"):
            raise Refusal(40005, "invalid file type")
        if len(data) >= MB:
            raise Refusal(40009, "invalid image size")
        with self.lock:
            image_id = self._next("img")
            self.images[image_id] = data
            url = f"{base_url}mmbiz/{image_id}"
            self.image_urls.add(url)
            return {"url": url}

    def add_material(self, media_type, data, base_url):
        """material/add_material: permanent `thumb` (JPG ≤ 64 KB) or `image` (≤ 10 MB)."""
        fmt, _ = image_format(data)
        if media_type == "thumb":
            if fmt != "JPEG":
                raise Refusal(40005, "invalid file type")
            if len(data) > 64 * KB:
                raise Refusal(40009, "invalid image size")
        elif media_type == "image":
            if fmt not in ("JPEG", "PNG", "BMP", "GIF"):
                raise Refusal(40005, "invalid file type")
            if len(data) > 10 * MB:
                raise Refusal(40009, "invalid image size")
        else:
            raise Refusal(40004, "invalid media type")
        with self.lock:
            media_id = self._next("mat")
            self.images[media_id] = data
            self.materials[media_id] = {"type": media_type, "size": len(data)}
            return {"media_id": media_id, "url": f"{base_url}mmbiz/{media_id}"}

    # -- drafts ---------------------------------------------------------------

    def _checked_article(self, article):
        title = article.get("title") or ""
        content = article.get("content") or ""
        if not title:
            raise Refusal(44003, "empty news data")
        if len(title) > 32:
            raise Refusal(45003, "title size out of limit")
        if len(article.get("author") or "") > 16:
            raise Refusal(45110, "author size out of limit")
        if len(article.get("digest") or "") > 128:
            raise Refusal(45004, "description size out of limit")
        if not content:
            raise Refusal(44003, "empty news data")
        if len(content) >= 20000 or len(content.encode()) >= MB:
            raise Refusal(45002, "content size out of limit")
        if len((article.get("content_source_url") or "").encode()) > KB:
            raise Refusal(45005, "content_source_url size out of limit")
        article_type = article.get("article_type") or "news"
        thumb = article.get("thumb_media_id")
        if article_type == "news" and thumb not in self.materials:
            raise Refusal(40007, "invalid media_id")
        return {**article, "content": self._without_foreign_images(content)}

    def _without_foreign_images(self, content):
        """WeChat drops <img> whose src is not one of its own uploadimg URLs."""
        import re

        def keep(match):
            src = re.search(r'src="([^"]*)"', match.group(0))
            return match.group(0) if src and src.group(1) in self.image_urls else ""

        return re.sub(r"<img\b[^>]*>", keep, content)

    def add_draft(self, articles):
        with self.lock:
            if not articles:
                raise Refusal(44003, "empty news data")
            checked = [self._checked_article(a) for a in articles]
            media_id = self._next("draft")
            self.drafts[media_id] = checked
            return {"media_id": media_id}

    def _draft(self, media_id):
        if media_id not in self.drafts:
            raise Refusal(40007, "invalid media_id")
        return self.drafts[media_id]

    def update_draft(self, media_id, index, article):
        with self.lock:
            items = self._draft(media_id)
            if not 0 <= int(index) < len(items):
                raise Refusal(40007, "invalid index")
            items[int(index)] = self._checked_article(article)
            return {}

    def get_draft(self, media_id):
        with self.lock:
            return {"news_item": [dict(item) for item in self._draft(media_id)]}

    def delete_draft(self, media_id):
        with self.lock:
            self._draft(media_id)
            del self.drafts[media_id]
            return {}

    # -- publishing -------------------------------------------------------------

    def submit(self, media_id):
        with self.lock:
            self._draft(media_id)
            publish_id = str(next(self.ids) + 2247483000)
            self.publications[publish_id] = {"media_id": media_id, "publish_status": 1}
            return {"publish_id": publish_id, "msg_data_id": publish_id}

    def finish(self, publish_id, base_url, status=0):
        """The asynchronous end of a publication; returns the job as freepublish/get shows it."""
        with self.lock:
            job = self.publications[publish_id]
            if job["publish_status"] != 1:
                return self.publication(publish_id)
            job["publish_status"] = status
            if status == 0:
                items = self.drafts.pop(job["media_id"], [])
                article_id = self._next("art")
                self.articles[article_id] = {
                    "media_id": job["media_id"],
                    "items": items,
                    "deleted": False,
                }
                job["article_id"] = article_id
                job["urls"] = [f"{base_url}s/{article_id}/{i}" for i in range(len(items))]
            return self.publication(publish_id)

    def publication(self, publish_id):
        with self.lock:
            job = self.publications.get(str(publish_id))
            if job is None:
                raise Refusal(40007, "invalid publish_id")
            answer = {"publish_id": str(publish_id), "publish_status": job["publish_status"]}
            if job.get("article_id"):
                urls = job["urls"]
                answer["article_id"] = job["article_id"]
                answer["article_detail"] = {
                    "count": len(urls),
                    "item": [{"idx": i + 1, "article_url": u} for i, u in enumerate(urls)],
                }
                answer["fail_idx"] = []
            return answer

    def delete_article(self, article_id, index=0):
        with self.lock:
            article = self.articles.get(article_id)
            if article is None or article["deleted"]:
                raise Refusal(40007, "invalid article_id")
            article["deleted"] = True
            for job in self.publications.values():
                if job.get("article_id") == article_id:
                    job["publish_status"] = 5  # deleted
            return {}

    def article_page(self, article_id, index=0):
        with self.lock:
            article = self.articles.get(article_id)
            if article is None or article["deleted"] or index >= len(article["items"]):
                return None
            return dict(article["items"][index])

    # -- mass send and menu -------------------------------------------------------

    def mass_send(self, data):
        with self.lock:
            media_id = (data.get("mpnews") or {}).get("media_id")
            known = media_id in self.drafts or any(
                a["media_id"] == media_id and not a["deleted"] for a in self.articles.values()
            )
            if not known:
                raise Refusal(40007, "invalid media_id")
            client_msg_id = data.get("clientmsgid")
            if client_msg_id and client_msg_id in self.client_msg_ids:
                raise Refusal(45065, "clientmsgid exist")
            if len(self.mass_sends) >= self.mass_quota:
                raise Refusal(45028, "has no masssend quota")
            if client_msg_id:
                self.client_msg_ids.add(client_msg_id)
            msg_id = next(self.ids) + 1000000000
            self.mass_sends.append({"msg_id": msg_id, **data})
            return {"msg_id": msg_id, "msg_data_id": msg_id}

    def create_menu(self, data):
        with self.lock:
            buttons = data.get("button")
            if not buttons or len(buttons) > 3:
                raise Refusal(40016, "invalid button size")
            self.menu = data
            return {}

    def get_menu(self):
        with self.lock:
            if self.menu is None:
                raise Refusal(46003, "menu no exist")
            return {"menu": self.menu}
