"""/wechat/callback/: WeChat's server configuration (服务器配置) URL.

GET answers WeChat's echostr check; POST takes messages and events, plain or encrypted (安全模式:
`encrypt_type=aes`), and replies encrypted when the request was. Every check of security.py runs
first; WeChat's retries of one message get the first answer again and are never processed twice.
The view is exempt from CSRF (WeChat's server cannot send a token; the signature stands in for it)
and never stored in the page cache.
"""

import secrets
import struct
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wechatpy.crypto import PrpCrypto
from wechatpy.crypto import WeChatCrypto as _WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException

from . import message_log, security
from .dispatch import answer
from .messages import read_message
from .models import MessageLog
from .models.log import hash_openid
from .security import Rejected

DEDUP_SECONDS = 600  # WeChat retries within ~15 s; keep the first answer well past that
PENDING = "pending"
MAX_CARDS_FOR_MESSAGES, MAX_CARDS_FOR_EVENTS = 1, 8
ECHOSTR_MAX_LENGTH = 128


def configured() -> bool:
    return bool(settings.WECHAT_TOKEN)


def crypto() -> _WeChatCrypto:
    return _WeChatCrypto(
        settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID
    )


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refusal(request, rejected: Rejected) -> HttpResponse:
    security.log_rejection(request, rejected)
    messages = {400: "bad request", 403: "forbidden", 413: "request too large"}
    return _plain(messages.get(rejected.status, "refused"), status=rejected.status)


def authenticate(request) -> tuple[str, str]:
    """Signature, window and replay checks common to GET and POST; returns (timestamp, nonce)."""
    signature, timestamp, nonce = security.check_query(request.GET)
    security.check_timestamp(timestamp)
    security.check_signature(signature, settings.WECHAT_TOKEN, timestamp, nonce)
    security.claim_nonce(timestamp, nonce)
    return timestamp, nonce


def decrypt(request, outer, timestamp: str, nonce: str) -> bytes:
    encrypted = (outer.findtext("Encrypt") or "").strip()
    if not encrypted:
        raise Rejected(400, "encrypted message without Encrypt")
    if not settings.WECHAT_ENCODING_AES_KEY:
        raise Rejected(400, "encrypted message but no EncodingAESKey configured")
    security.check_signature(
        request.GET.get("msg_signature", ""), settings.WECHAT_TOKEN, timestamp, nonce, encrypted
    )
    try:
        plain = PrpCrypto(crypto().key).decrypt(encrypted, settings.WECHAT_APP_ID)
    except InvalidAppIdException:
        raise Rejected(403, "encrypted message for another appid") from None
    except (ValueError, TypeError, IndexError, OverflowError, struct.error):
        raise Rejected(400, "undecryptable message") from None
    return plain.encode("utf-8")


def reply(text: str, encrypted: bool) -> HttpResponse:
    if not text:
        return _plain("success")  # "nothing to say"; WeChat does not retry
    if encrypted:
        text = crypto().encrypt_message(text, secrets.token_hex(8), str(int(time.time())))
    return HttpResponse(text, content_type="application/xml; charset=utf-8")


def handle_message(request, body: bytes, timestamp: str, nonce: str) -> HttpResponse:
    started = time.perf_counter()
    outer = security.parse_xml(body)
    encrypted = request.GET.get("encrypt_type", "").lower() == "aes"
    root = security.parse_xml(decrypt(request, outer, timestamp, nonce)) if encrypted else outer
    message = read_message(root)

    key = f"wechat:callback:message:{message.dedup_key()}"
    if not message.is_event:
        # Answering a message changes nothing: answer first, then claim the MsgId with the reply
        # itself (one cache round trip); a retry that loses the race sends the stored reply.
        result, xml, max_cards = render(message, request)
        if not cache.add(key, xml, timeout=DEDUP_SECONDS):
            return duplicate(message, key, encrypted, started)
    else:
        # Events change state (followers, publish results): claim first, process once.
        if not cache.add(key, PENDING, timeout=DEDUP_SECONDS):
            return duplicate(message, key, encrypted, started)
        try:
            result, xml, max_cards = render(message, request)
        except BaseException:
            cache.delete(key)  # let WeChat's retry try again
            raise
        cache.set(key, xml, timeout=DEDUP_SECONDS)
    log(message, result.rule, result.rendered_kind(max_cards), encrypted, started)
    return reply(xml, encrypted)


def render(message, request):
    result = answer(message, request)
    max_cards = MAX_CARDS_FOR_EVENTS if message.is_event else MAX_CARDS_FOR_MESSAGES
    xml = result.render(
        account=message.to_user,
        subscriber=message.from_user,
        max_cards=max_cards,
        now=int(time.time()),
    )
    return result, xml, max_cards


def duplicate(message, key: str, encrypted: bool, started: float) -> HttpResponse:
    earlier = cache.get(key)
    log(message, "", MessageLog.ReplyType.DUPLICATE, encrypted, started)
    return reply(earlier if earlier and earlier != PENDING else "", encrypted)


def log(message, rule: str, reply_type: str, encrypted: bool, started: float) -> None:
    """One 消息记录 row per message, written after the response (message_log.py)."""
    message_log.pending.add(
        MessageLog(
            received_at=timezone.now(),
            sender_hash=hash_openid(message.from_user),
            msg_type=message.msg_type[:20],
            event=message.event[:40],
            content_length=len(message.content),
            keyword=rule[:80],
            reply_type=reply_type,
            encrypted=encrypted,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def callback(request):
    if not configured():
        return _plain("not configured", status=404)
    try:
        if request.method == "GET":
            echostr = request.GET.get("echostr", "")
            if not echostr or len(echostr) > ECHOSTR_MAX_LENGTH:
                raise Rejected(400, "missing or oversized echostr")
            authenticate(request)
            return _plain(echostr)
        # The size is checked before anything else is read or computed.
        body = security.read_body(request)
        timestamp, nonce = authenticate(request)
        return handle_message(request, body, timestamp, nonce)
    except Rejected as rejected:
        return _refusal(request, rejected)
