"""A subscriber's message or an event, read from WeChat's XML with every field it needs checked."""

import hashlib
from dataclasses import dataclass, field

from .security import Rejected

REQUIRED = ("ToUserName", "FromUserName", "CreateTime", "MsgType")
MAX_FIELD_LENGTH = 4096


def _text(root, tag: str) -> str:
    element = root.find(tag)
    return (element.text or "").strip() if element is not None else ""


@dataclass(frozen=True)
class IncomingMessage:
    to_user: str  # the account's original id (gh_...)
    from_user: str  # the sender's openid
    create_time: int
    msg_type: str
    msg_id: str = ""
    content: str = ""
    event: str = ""
    event_key: str = ""
    publish: dict = field(default_factory=dict)

    @property
    def is_event(self) -> bool:
        return self.msg_type == "event"

    def dedup_key(self) -> str:
        """WeChat retries a message up to 3 times: MsgId names a message; an event is named by its
        sender, time and kind (and the publish job or menu key, so two events in one second differ)."""
        if self.msg_id:
            raw = f"msg:{self.msg_id}"
        else:
            extra = self.publish.get("publish_id") or self.event_key
            raw = f"event:{self.from_user}:{self.create_time}:{self.event}:{extra}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _publish_info(root) -> dict:
    """PublishEventInfo of (FREE)PUBLISHJOBFINISH, as the kwargs of `publish_job_finished`."""
    info = root.find("PublishEventInfo")
    if info is None:
        raise Rejected(400, "publish event without PublishEventInfo")
    publish_id = _text(info, "publish_id")
    status = _text(info, "publish_status")
    if not publish_id or not status.lstrip("-").isdigit():
        raise Rejected(400, "publish event without publish_id or publish_status")
    urls = [
        (item.findtext("article_url") or "").strip()
        for item in info.findall("article_detail/item")
        if (item.findtext("article_url") or "").strip()
    ]
    fail_idx = []
    for element in info.findall("fail_idx"):
        text = (element.text or "").strip()
        if not text:
            continue  # an empty <fail_idx/> means "none failed"
        if not text.isdigit():
            raise Rejected(400, "publish event with a bad fail_idx")
        fail_idx.append(int(text))
    return {
        "publish_id": publish_id,
        "publish_status": int(status),
        "article_id": _text(info, "article_id") or None,
        "article_urls": urls,
        "fail_idx": fail_idx,
    }


def read_message(root) -> IncomingMessage:
    """The message in `root` (an <xml> element), or 400 naming the first missing or bad field."""
    values = {}
    for tag in REQUIRED:
        value = _text(root, tag)
        if not value:
            raise Rejected(400, f"missing {tag}")
        values[tag] = value
    for element in root:
        if element.text and len(element.text) > MAX_FIELD_LENGTH:
            raise Rejected(400, f"field {element.tag} too long")
    if not values["CreateTime"].isdigit():
        raise Rejected(400, "CreateTime is not a number")
    msg_type = values["MsgType"]
    message = {
        "to_user": values["ToUserName"],
        "from_user": values["FromUserName"],
        "create_time": int(values["CreateTime"]),
        "msg_type": msg_type,
    }
    if msg_type == "event":
        event = _text(root, "Event")
        if not event:
            raise Rejected(400, "missing Event")
        message.update(event=event, event_key=_text(root, "EventKey"))
        if event.upper() in ("PUBLISHJOBFINISH", "FREEPUBLISHJOBFINISH"):
            message["publish"] = _publish_info(root)
    else:
        msg_id = _text(root, "MsgId")
        if not msg_id:
            raise Rejected(400, "missing MsgId")
        message["msg_id"] = msg_id
        if msg_type == "text":
            content = root.find("Content")
            if content is None:
                raise Rejected(400, "missing Content")
            message["content"] = (content.text or "").strip()
    return IncomingMessage(**message)
