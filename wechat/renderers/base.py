"""Page → WeChat article: the renderer base classes and the registry of page types.

Content apps know nothing of WeChat: each page type that may be republished
gets a renderer here, registered by model label.  A page type whose body is
a StreamField needs only a few lines (see wechat/renderers/pages.py):

    @register("honor_roll.HonorRollPage")
    class HonorRollRenderer(StreamFieldRenderer):
        def extra(self, page, out):
            for honoree in page.public_honorees():
                out.shows(honoree)          # deleted from WeChat if it leaves the public
                out.paragraph(f"{honoree.name}：{honoree.deeds}")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .html import ArticleBuilder

TITLE_MAX, AUTHOR_MAX, DIGEST_MAX = 32, 16, 128
DEFAULT_AUTHOR = "信用阳江"

_registry: dict[str, type[Renderer]] = {}


class RenderError(Exception):
    """A page that cannot become a WeChat article as it is; `field` is what the editor fixes."""

    def __init__(self, message, field=""):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Rendered:
    title: str
    author: str
    digest: str
    content_source_url: str
    html: str  # with placeholders wechat-image:<n> for images[n]
    images: list
    cover: object | None
    shown: list[tuple[int, str]] = field(default_factory=list)


def register(model_label):
    """Class decorator: the renderer of the page type `app_label.ModelName`."""

    def decorator(cls):
        _registry[model_label.lower()] = cls
        return cls

    return decorator


def renderer_for(page):
    """The renderer of this page's type, or None if it is not republished to WeChat."""
    cls = _registry.get(page.specific_class._meta.label_lower) if page.specific_class else None
    return cls() if cls else None


class Renderer:
    """Title, author, digest, cover and body of one page as a WeChat article."""

    cover_field = "cover_image"

    def title(self, page):
        return page.title

    def author(self, page):
        return DEFAULT_AUTHOR

    def digest(self, page):
        return getattr(page, "summary", "") or ""

    def cover(self, page):
        return getattr(page, self.cover_field, None)

    def body(self, page, out: ArticleBuilder):
        raise NotImplementedError

    def pictures(self, page):
        """(body images, cover) the article would upload, without checking its title or digest."""
        out = ArticleBuilder("")
        self.body(page, out)
        return out.images, self.cover(page)

    def render(self, page, *, title_override="", digest_override="") -> Rendered:
        site = page.get_site()
        out = ArticleBuilder(site.root_url + "/" if site else "")
        self.body(page, out)
        title = title_override or self.title(page)
        digest = digest_override or self.digest(page)
        if len(title) > TITLE_MAX:
            raise RenderError(
                f"标题有 {len(title)} 个字，微信最多 {TITLE_MAX} 个字：请在“微信标题”中填写较短的标题。",
                "title_override",
            )
        if len(digest) > DIGEST_MAX:
            raise RenderError(
                f"摘要有 {len(digest)} 个字，微信最多 {DIGEST_MAX} 个字：请在“微信摘要”中填写较短的摘要。",
                "digest_override",
            )
        author = self.author(page)
        return Rendered(
            title=title,
            author=author if len(author) <= AUTHOR_MAX else DEFAULT_AUTHOR,
            digest=digest,
            content_source_url=page.full_url or "",
            html=out.html(),
            images=out.images,
            cover=self.cover(page),
            shown=out.shown,
        )


class StreamFieldRenderer(Renderer):
    """Renders any StreamField body block by block; subclasses add what surrounds it."""

    body_field = "body"

    def body(self, page, out):
        self.intro(page, out)
        self.stream(getattr(page, self.body_field), out)
        self.extra(page, out)

    def intro(self, page, out):
        """What comes before the body (dates, organisers…)."""

    def extra(self, page, out):
        """What comes after the body (lists of people, call to action…)."""

    def stream(self, stream_value, out):
        for child in stream_value:
            self.block(child.block, child.value, out)

    def block(self, block, value, out):  # noqa: C901 - one branch per kind of block
        if value in (None, ""):
            return
        if isinstance(block, blocks.RichTextBlock):
            out.rich_text(value.source)
        elif isinstance(block, ImageChooserBlock):
            out.image(value)
        elif isinstance(block, TableBlock):
            out.table(value.get("data") or [], header=bool(value.get("first_row_is_table_header")))
        elif isinstance(block, EmbedBlock):
            out.link("视频", value.url)
        elif isinstance(block, DocumentChooserBlock):
            out.link(f"附件：{value.title}", value.url)
        elif isinstance(block, blocks.PageChooserBlock):
            out.link(value.title, value.url)
        elif isinstance(block, SnippetChooserBlock):
            out.shows(value)
            out.paragraph(str(value))
        elif isinstance(block, blocks.StructBlock):
            self.struct(block, value, out)
        elif isinstance(block, blocks.ListBlock):
            for item in value:
                self.block(block.child_block, item, out)
        elif isinstance(block, blocks.StreamBlock):
            self.stream(value, out)
        elif isinstance(block, blocks.URLBlock):
            out.link(value, value)
        elif isinstance(block, blocks.FieldBlock) and not isinstance(block, blocks.BooleanBlock):
            out.paragraph(str(value))

    def struct(self, block, value, out):
        children = block.child_blocks
        if "image" in children and isinstance(children["image"], ImageChooserBlock):
            # image + caption (+ attribution): a figure
            caption = " ".join(str(value.get(k) or "") for k in ("caption", "attribution")).strip()
            out.image(value.get("image"), caption)
            rest = [k for k in children if k not in ("image", "caption", "attribution")]
        elif set(children) >= {"text", "attribution"} and len(children) == 2:
            out.quote(str(value.get("text") or ""), str(value.get("attribution") or ""))
            rest = []
        elif "document" in children and isinstance(children["document"], DocumentChooserBlock):
            document = value.get("document")
            if document:
                out.link(f"附件：{value.get('title') or document.title}", document.url)
            rest = []
        elif {"page", "url"} <= set(children):
            # a call to action: its text, then where it leads
            for name in children:
                if name not in ("page", "url", "button_label"):
                    self.block(children[name], value.get(name), out)
            target = value.get("page")
            url = target.url if target else value.get("url")
            out.link(str(value.get("button_label") or "详情"), url)
            rest = []
        else:
            rest = list(children)
        for name in rest:
            if name == "title" and value.get(name):
                out.heading(str(value.get(name)), 3)
            else:
                self.block(children[name], value.get(name), out)
