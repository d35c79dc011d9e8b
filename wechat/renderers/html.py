"""WeChat article HTML: inline styles only, links as plain text, images as placeholders.

WeChat drops <style> blocks, classes and background images, and links in an
article only work to other 公众号 articles; so every element carries its style
inline and every link becomes its text followed by the address.  Images are
emitted as placeholders that the sync replaces with the uploadimg URLs (or the
preview with local rendition URLs).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.contrib.contenttypes.models import ContentType

STYLES = {
    "p": "margin:0 0 1em;line-height:1.75;font-size:16px;color:#333;text-align:justify;",
    "h2": "margin:1.6em 0 .8em;font-size:19px;font-weight:bold;color:#b5261e;line-height:1.4;",
    "h3": "margin:1.4em 0 .6em;font-size:17px;font-weight:bold;color:#333;line-height:1.4;",
    "h4": "margin:1.2em 0 .5em;font-size:16px;font-weight:bold;color:#333;",
    "ul": "margin:0 0 1em;padding-left:1.5em;line-height:1.75;font-size:16px;color:#333;",
    "ol": "margin:0 0 1em;padding-left:1.5em;line-height:1.75;font-size:16px;color:#333;",
    "li": "margin:0 0 .3em;",
    "strong": "font-weight:bold;",
    "b": "font-weight:bold;",
    "em": "font-style:italic;",
    "i": "font-style:italic;",
    "hr": "margin:1.5em 0;border:0;border-top:1px solid #ddd;",
    "blockquote": "margin:1em 0;padding:.6em 1em;border-left:3px solid #b5261e;background:#f7f7f7;color:#555;font-size:15px;line-height:1.7;",
    "img": "display:block;max-width:100%;height:auto;margin:0 auto;",
    "figure": "margin:1em 0;",
    "caption": "margin:.4em 0 1.2em;text-align:center;font-size:13px;color:#888;line-height:1.5;",
    "note": "margin:1em 0;padding:.6em .8em;background:#fdf6ec;color:#8a5a00;font-size:14px;line-height:1.6;",
    "link": "color:#576b95;word-break:break-all;",
    "table": "width:100%;border-collapse:collapse;margin:0 0 1em;font-size:14px;",
    "th": "border:1px solid #ddd;padding:6px;background:#f5f5f5;text-align:left;",
    "td": "border:1px solid #ddd;padding:6px;vertical-align:top;",
    "meta": "margin:0 0 1.2em;font-size:14px;color:#888;line-height:1.6;",
}
KEPT_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "br",
    "hr",
    "blockquote",
}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "noscript", "template"}


def placeholder(index: int) -> str:
    return f"wechat-image:{index}"


def link_text(text: str, url: str) -> str:
    """A link as WeChat can show it: the text, then the address in plain text."""
    text = html.escape(text or "")
    if not url or url == text:
        return f'<span style="{STYLES["link"]}">{html.escape(url)}</span>'
    return f'{text}（<span style="{STYLES["link"]}">{html.escape(url)}</span>）'


class _RichText(HTMLParser):
    """Keep structure and text, restyle inline, turn links into text + address, drop the rest."""

    def __init__(self, base_url):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out = []
        self.links = []  # stack of (href, text start index)
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((urljoin(self.base_url, href) if href else "", len(self.out)))
        elif tag in ("br", "hr"):
            style = STYLES.get(tag)
            self.out.append(f'<{tag} style="{style}">' if style else f"<{tag}>")
        elif tag in KEPT_TAGS:
            self.out.append(f'<{tag} style="{STYLES[tag]}">')

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.out[start:])
            if href:
                self.out[start:] = [
                    f'{text}（<span style="{STYLES["link"]}">{html.escape(href)}</span>）'
                ]
        elif tag in KEPT_TAGS and tag not in ("br", "hr"):
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def clean_rich_text(source_html: str, base_url: str) -> str:
    parser = _RichText(base_url)
    parser.feed(source_html)
    parser.close()
    return "".join(parser.out)


class ArticleBuilder:
    """Collects the HTML of one article, the images it shows and the objects it shows."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.parts: list[str] = []
        self.images: list = []  # wagtail Image objects, in placeholder order
        self.shown: list[tuple[int, str]] = []  # (content type id, object pk)

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url, url) if url else ""

    def heading(self, text, level=2):
        tag = f"h{level}"
        self.parts.append(f'<{tag} style="{STYLES[tag]}">{html.escape(text)}</{tag}>')

    def paragraph(self, text, style="p"):
        if text:
            escaped = html.escape(str(text)).replace("\n", "<br>")
            self.parts.append(f'<p style="{STYLES[style]}">{escaped}</p>')

    def raw_paragraph(self, inner_html, style="p"):
        self.parts.append(f'<p style="{STYLES[style]}">{inner_html}</p>')

    def rich_text(self, source_html):
        self.parts.append(clean_rich_text(source_html, self.base_url))

    def link(self, text, url):
        self.raw_paragraph(link_text(text, self.absolute(url)))

    def quote(self, text, attribution=""):
        body = html.escape(text).replace("\n", "<br>")
        if attribution:
            body += f"<br>——{html.escape(attribution)}"
        self.parts.append(f'<blockquote style="{STYLES["blockquote"]}">{body}</blockquote>')

    def image(self, image, caption=""):
        if image is None:
            return
        self.images.append(image)
        src = placeholder(len(self.images) - 1)
        alt = html.escape(caption or image.title or "")
        figure = f'<p style="{STYLES["figure"]}"><img src="{src}" alt="{alt}" style="{STYLES["img"]}"></p>'
        self.parts.append(figure)
        if caption:
            self.paragraph(caption, "caption")

    def table(self, rows, header=True):
        out = [f'<table style="{STYLES["table"]}">']
        for number, row in enumerate(rows):
            cell = "th" if header and number == 0 else "td"
            cells = "".join(
                f'<{cell} style="{STYLES[cell]}">{html.escape(str(value or ""))}</{cell}>'
                for value in row
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
        self.parts.append("".join(out))

    def shows(self, obj):
        """Record that this article shows `obj` (removed from WeChat when it leaves the public)."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        self.shown.append((content_type.pk, str(obj.pk)))

    def html(self) -> str:
        return "".join(self.parts)
