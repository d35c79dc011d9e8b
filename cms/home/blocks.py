"""StreamField blocks shared by every content app."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(required=False, max_length=200, label="图片说明")
    attribution = blocks.CharBlock(required=False, max_length=100, label="来源/摄影")

    class Meta:
        icon = "image"
        label = "图片"
        template = "blocks/image_with_caption.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    attribution = blocks.CharBlock(required=False, max_length=100, label="出处")

    class Meta:
        icon = "openquote"
        label = "引用"
        template = "blocks/quote.html"


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(
        required=False, max_length=200, label="显示名称", help_text="留空则使用文件标题"
    )

    class Meta:
        icon = "doc-full"
        label = "文件下载"
        template = "blocks/document_download.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of articles and standard pages."""

    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="正文")
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    document = DocumentDownloadBlock()
    table = TableBlock(label="表格", template="blocks/table.html")
    embed = EmbedBlock(label="嵌入媒体", help_text="视频等外部媒体的链接", max_width=800)

    class Meta:
        block_counts = {}
