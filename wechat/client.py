"""The one WeChat API client of the project: `get_client()`.

A wechatpy `WeChatClient` whose base URL comes from settings (WeChat itself or
the stand-in), whose access token lives in Django's shared cache (not per
process) behind a lock so that only one process refreshes it, and whose
retries are bounded: wechatpy's own retry on a stale token has no limit, so
it is switched off (auto_retry=False) and done here instead.

    client = get_client()
    client.post("draft/add", data={...})      # raises WeChatError on failure
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

import requests
from wechatpy import WeChatClient
from wechatpy.client.api import WeChatMedia
from wechatpy.exceptions import WeChatClientException

logger = logging.getLogger(__name__)

WECHAT_BASE_URL = "https://api.weixin.qq.com/"
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid, stale or expired access token
RATE_LIMIT_ERRORS = {45009, 45011}  # daily / per-minute API quota reached

# What an editor reads in the admin (the log keeps WeChat's own errmsg too).
ERROR_MESSAGES = {
    None: "无法连接微信服务器，请稍后重试",
    -1: "微信系统繁忙，请稍后重试",
    40001: "access_token 无效或已被新的 token 取代",
    40005: "图片格式不受支持（只接受 JPG/PNG）",
    40007: "素材 media_id 无效",
    40009: "图片超过大小限制",
    40013: "AppID 无效，请检查 WECHAT_APP_ID",
    40014: "access_token 无效",
    40125: "AppSecret 无效，请检查 WECHAT_APP_SECRET",
    40164: "服务器 IP 不在公众号的白名单中",
    42001: "access_token 已过期",
    44002: "请求内容为空",
    44003: "图文内容为空",
    45002: "正文超过长度限制（20000 字符或 1 MB）",
    45003: "标题超过长度限制（32 个字）",
    45004: "摘要超过长度限制（128 个字）",
    45009: "今日接口调用次数已用完，明天再试",
    45011: "接口调用过于频繁，请稍后重试",
    45028: "群发额度已用完（订阅号每天 1 次，服务号每月 4 次）",
    45065: "相同内容已群发过（重复的 clientmsgid），未再次群发",
    45110: "作者超过长度限制（16 个字）",
    47001: "数据格式错误",
    48001: "公众号没有此接口的权限（发布接口需要已认证的公众号）",
    53503: "发布检查未通过",
    53504: "需要在公众号网页端发布",
    53505: "需要先在公众号网页端手动保存",
}


class WeChatError(Exception):
    """A WeChat API call that failed, with WeChat's errcode and errmsg."""

    def __init__(self, errcode, errmsg, path=""):
        super().__init__(f"WeChat {path or 'API'} error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg
        self.path = path

    @property
    def message(self):
        """The error in Chinese for the admin, with the code so staff can look it up."""
        text = ERROR_MESSAGES.get(self.errcode, "微信接口返回错误")
        code = "网络错误" if self.errcode is None else f"错误码 {self.errcode}"
        return f"{text}（{code}：{self.errmsg}）"


def base_url() -> str:
    url = settings.WECHAT_API_BASE_URL or WECHAT_BASE_URL
    return url if url.endswith("/") else url + "/"


def _setting(name, default):
    return getattr(settings, name, default)


class _Media(WeChatMedia):
    def get_url(self, media_id):
        # wechatpy hard-codes api.weixin.qq.com here.
        return f"{self._client.API_BASE_URL}media/get?access_token={self.access_token}&media_id={media_id}"


class ProjectWeChatClient(WeChatClient):
    """WeChatClient configured from settings; token shared through Django's cache."""

    media = _Media()

    def __init__(self, appid, secret, api_base_url, *, timeout=10):
        super().__init__(appid, secret, timeout=timeout, auto_retry=False)
        self.base = api_base_url
        self.API_BASE_URL = api_base_url + "cgi-bin/"
        self.max_token_retries = _setting("WECHAT_MAX_TOKEN_RETRIES", 2)
        self.max_limit_retries = _setting("WECHAT_MAX_RATE_LIMIT_RETRIES", 3)
        self.backoff = _setting("WECHAT_BACKOFF_SECONDS", 2.0)
        self.use_stable_token = _setting("WECHAT_USE_STABLE_TOKEN", True)

    # -- the access token, shared by every process through the cache ----------

    @property
    def _token_key(self):
        return f"wechat:access-token:{self.appid}"

    @property
    def _lock_key(self):
        return f"wechat:access-token-lock:{self.appid}"

    def _cached_token(self):
        entry = cache.get(self._token_key)
        if entry and entry["expires_at"] - time.time() > 60:
            return entry["token"]
        return None

    @property
    def access_token(self):
        return self._cached_token() or self.refresh_token()

    def refresh_token(self, stale: str | None = None) -> str:
        """Fetch a new token unless another process already did (then use theirs).

        `stale` is the token WeChat just refused: if the cache still holds it,
        it must be replaced; if the cache holds another one, someone refreshed
        meanwhile and that one is used.
        """
        deadline = time.monotonic() + 15
        while True:
            current = self._cached_token()
            if current and current != stale:
                return current
            if cache.add(self._lock_key, "1", timeout=30):
                try:
                    current = self._cached_token()
                    if current and current != stale:
                        return current
                    return self._fetch_and_store(stale)
                finally:
                    cache.delete(self._lock_key)
            if time.monotonic() > deadline:
                raise WeChatError(
                    None, "timed out waiting for another process to refresh the token"
                )
            time.sleep(0.05)

    def fetch_access_token(self):
        return {"access_token": self._fetch_and_store(None)}

    def _fetch_and_store(self, stale):
        credentials = {"appid": self.appid, "secret": self.secret}
        if not self.use_stable_token:
            result = self._token_call(
                "get", "token", params={"grant_type": "client_credential", **credentials}
            )
        else:
            body = {"grant_type": "client_credential", **credentials, "force_refresh": False}
            result = self._token_call("post", "stable_token", json=body)
            if stale and result["access_token"] == stale:
                # The stable token itself was refused: force a new one (20 a day).
                body["force_refresh"] = True
                result = self._token_call("post", "stable_token", json=body)
        expires_in = int(result.get("expires_in", 7200))
        cache.set(
            self._token_key,
            {"token": result["access_token"], "expires_at": time.time() + expires_in},
            timeout=expires_in,
        )
        logger.info("WeChat access token refreshed (expires in %s s)", expires_in)
        return result["access_token"]

    def _token_call(self, method, endpoint, **kwargs):
        try:
            response = self._http.request(
                method, self.API_BASE_URL + endpoint, timeout=self.timeout, **kwargs
            )
            response.raise_for_status()
            result = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise WeChatError(None, str(exc), endpoint) from exc
        if result.get("errcode"):
            raise WeChatError(int(result["errcode"]), result.get("errmsg", ""), endpoint)
        return result

    # -- calls, with bounded retries --------------------------------------------

    def _request(self, method, url_or_endpoint, **kwargs):
        token_retries = limit_retries = 0
        path = url_or_endpoint.removeprefix(self.API_BASE_URL)
        while True:
            params = dict(kwargs.get("params") or {})
            params.pop("access_token", None)
            token = self.access_token
            params["access_token"] = token
            for spec in (kwargs.get("files") or {}).values():
                fileobj = spec[1] if isinstance(spec, tuple) else spec
                if hasattr(fileobj, "seek"):
                    fileobj.seek(0)  # a retried upload sends the whole file again
            try:
                return super()._request(method, url_or_endpoint, **{**kwargs, "params": params})
            except WeChatClientException as exc:
                errcode = exc.errcode
                errmsg = exc.errmsg
                if errcode is None and exc.response is not None:
                    errmsg = f"HTTP {exc.response.status_code}"
            except requests.RequestException as exc:
                raise WeChatError(None, str(exc), path) from exc
            if errcode in TOKEN_ERRORS and token_retries < self.max_token_retries:
                token_retries += 1
                logger.info("WeChat refused the token (%s); refreshing", errcode)
                self.refresh_token(stale=token)
                continue
            if errcode in RATE_LIMIT_ERRORS and limit_retries < self.max_limit_retries:
                limit_retries += 1
                delay = self.backoff * 2 ** (limit_retries - 1)
                logger.warning(
                    "WeChat quota error %s on %s; retrying in %.1f s", errcode, path, delay
                )
                time.sleep(delay)
                continue
            raise WeChatError(errcode, errmsg, path)


def get_client() -> ProjectWeChatClient:
    """A client for the configured account (WECHAT_APP_ID / WECHAT_APP_SECRET / WECHAT_API_BASE_URL)."""
    return ProjectWeChatClient(
        settings.WECHAT_APP_ID,
        settings.WECHAT_APP_SECRET,
        base_url(),
        timeout=_setting("WECHAT_TIMEOUT", 10),
    )
