"""What the callback checks before it believes a request came from WeChat.

wechatpy compares signatures with `!=`, keeps no timestamp window and no replay cache, and parses
XML with xmltodict; here every check happens before any message is processed:

- body size (WECHAT_CALLBACK_MAX_BODY bytes) -> 413, read no further than the limit;
- signature (SHA-1 of the sorted token, timestamp, nonce [, Encrypt]) compared in constant time;
- timestamp within WECHAT_CALLBACK_MAX_SKEW seconds of now;
- each (timestamp, nonce) pair accepted once, in the shared cache (cache.add is atomic on Redis),
  for longer than the window, so a captured request cannot be played again;
- XML: any `<!` outside CDATA sections (DOCTYPE, ENTITY, comments) is refused before parsing,
  and parsing itself goes through defusedxml, so no entity is ever expanded.
Forged or stale requests are 403, malformed ones 400, and the reason is logged without the body.
"""

import hashlib
import hmac
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

logger = logging.getLogger("wechat.subscribers.callback")

DEFAULT_MAX_BODY = 64 * 1024  # WeChat's messages are a few KB; an encrypted one about 4/3 of that
NONCE_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,64}")
TIMESTAMP_PATTERN = re.compile(r"[0-9]{1,12}")
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_DECLARATION = re.compile(rb"<!")


class Rejected(Exception):
    """A request the callback refuses: HTTP status and a reason for the log (never the body)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def max_body() -> int:
    return getattr(settings, "WECHAT_CALLBACK_MAX_BODY", DEFAULT_MAX_BODY)


def signature_of(*parts: str) -> str:
    """WeChat's signature: SHA-1 over the parts sorted and joined (wechatpy's WeChatSigner does the same)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(given: str, *parts: str) -> None:
    if not hmac.compare_digest(signature_of(*parts).encode(), (given or "").encode()):
        raise Rejected(403, "signature mismatch")


def check_query(params) -> tuple[str, str, str]:
    """(signature, timestamp, nonce) when they are present and well formed; 403 otherwise."""
    signature = params.get("signature", "")
    timestamp = params.get("timestamp", "")
    nonce = params.get("nonce", "")
    if not (signature and timestamp and nonce):
        raise Rejected(403, "unsigned request")
    if not TIMESTAMP_PATTERN.fullmatch(timestamp) or not NONCE_PATTERN.fullmatch(nonce):
        raise Rejected(403, "malformed timestamp or nonce")
    return signature, timestamp, nonce


def check_timestamp(timestamp: str, now: float | None = None) -> None:
    skew = settings.WECHAT_CALLBACK_MAX_SKEW
    if abs((now if now is not None else time.time()) - int(timestamp)) > skew:
        raise Rejected(403, "timestamp outside the window")


def claim_nonce(timestamp: str, nonce: str) -> None:
    """Accept each signed (timestamp, nonce) once, across every worker (shared cache)."""
    digest = hashlib.sha1(f"{timestamp}:{nonce}".encode()).hexdigest()
    # Kept past both edges of the window: a replay is refused as stale after that.
    timeout = 2 * settings.WECHAT_CALLBACK_MAX_SKEW + 60
    if not cache.add(f"wechat:callback:nonce:{digest}", 1, timeout=timeout):
        raise Rejected(403, "replayed nonce")


def read_body(request) -> bytes:
    limit = max_body()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Rejected(400, "bad Content-Length") from None
    if declared > limit:
        raise Rejected(413, "body too large")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise Rejected(413, "body too large")
    return body


def parse_xml(data: bytes):
    """The root element of a WeChat XML document, or 400: no declarations, no entities, well formed."""
    if not data.strip():
        raise Rejected(400, "empty body")
    # Text inside CDATA sections is a subscriber's own words ("<!DOCTYPE" typed in a chat is fine).
    if _DECLARATION.search(_CDATA.sub(b"", data)):
        raise Rejected(400, "XML with a declaration (DOCTYPE, ENTITY or comment)")
    try:
        root = SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (SafeElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise Rejected(400, f"malformed XML ({type(exc).__name__})") from None
    if root.tag != "xml":
        raise Rejected(400, "root element is not <xml>")
    return root


def log_rejection(request, rejected: Rejected) -> None:
    level = logging.WARNING if rejected.status == 403 else logging.INFO
    logger.log(
        level,
        "wechat callback refused %s: %s (client %s, %s bytes)",
        rejected.status,
        rejected.reason,
        request.META.get("REMOTE_ADDR", "?"),
        request.META.get("CONTENT_LENGTH") or 0,
    )
