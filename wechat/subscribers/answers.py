"""What the account answers, and its XML as WeChat expects it (passive reply, 被动回复).

wechatpy wraps values in CDATA without escaping, so every value goes through `cdata_safe()` first:
a `]]>` typed by a subscriber is split, so it can never close the section and add XML.
WeChat shows at most one news card in reply to a subscriber's message (up to 8 for events and menu
clicks); when there are more cards than the reply may carry, they go out as a text list of links.
"""

import re
from dataclasses import dataclass, replace

from django.utils.html import escape

from wechatpy.replies import ArticlesReply, TextReply

MAX_TEXT_BYTES = 2000  # WeChat cuts text replies at 2048 bytes
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cdata_safe(value) -> str:
    """Text that can sit inside <![CDATA[...]]>: no characters XML forbids, `]]>` split in two sections."""
    text = _INVALID_XML_CHARS.sub("", str(value or ""))
    return text.replace("]]>", "]]]]><![CDATA[>")


def clip(text: str, limit: int = MAX_TEXT_BYTES) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


@dataclass(frozen=True)
class NewsItem:
    title: str
    url: str
    description: str = ""
    image_url: str = ""


@dataclass(frozen=True)
class Answer:
    kind: str  # "text" | "news" | "empty"
    text: str = ""
    items: tuple[NewsItem, ...] = ()
    rule: str = ""  # which rule or built-in answered, for the message log
    footer: str = ""  # shown under a list of links when news cards become text

    def matched(self, rule: str) -> "Answer":
        return replace(self, rule=rule)

    def rendered_kind(self, max_cards: int) -> str:
        if self.kind == "news" and len(self.items) > max_cards:
            return "text"
        return self.kind

    def as_links(self, max_items: int = 5) -> str:
        lines = [self.text] if self.text else []
        for item in self.items[:max_items]:
            lines.append(f'· <a href="{escape(item.url)}">{escape(item.title)}</a>')
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)

    def render(self, *, account: str, subscriber: str, max_cards: int, now: int) -> str:
        """The reply XML (plain; the view encrypts it in 安全模式), or "" for no reply."""
        common = {"source": cdata_safe(account), "target": cdata_safe(subscriber), "time": now}
        kind = self.rendered_kind(max_cards)
        if kind == "empty":
            return ""
        if kind == "text":
            text = self.as_links() if self.kind == "news" else self.text
            return TextReply(content=cdata_safe(clip(text)), **common).render()
        articles = [
            {
                "title": cdata_safe(item.title),
                "description": cdata_safe(item.description),
                "image": cdata_safe(item.image_url),
                "url": cdata_safe(item.url),
            }
            for item in self.items[:max_cards]
        ]
        return ArticlesReply(articles=articles, **common).render()


EMPTY = Answer("empty")


def text_answer(text: str, rule: str = "") -> Answer:
    return Answer("text", text=text, rule=rule)


def news_answer(items, rule: str = "", text: str = "", footer: str = "") -> Answer:
    items = tuple(items)
    return Answer("news", text=text, items=items, rule=rule, footer=footer)
