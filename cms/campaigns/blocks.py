"""Body blocks of campaign pages: the shared article blocks plus a gallery and a call to action."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.home.blocks import (
    RICH_TEXT_FEATURES,
    DocumentDownloadBlock,
    ImageWithCaptionBlock,
    QuoteBlock,
)


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(required=False, max_length=120, label="说明")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=100, label="标题")
    images = blocks.ListBlock(GalleryImageBlock(), min_num=1, label="图片")

    class Meta:
        icon = "image"
        label = "图集"
        template = "campaigns/blocks/gallery.html"


class CallToActionBlock(blocks.StructBlock):
    """A prominent link: sign the integrity pledge, take the quiz, read the rules…"""

    text = blocks.CharBlock(max_length=120, label="说明文字")
    button_label = blocks.CharBlock(max_length=20, label="按钮文字", default="立即参与")
    page = blocks.PageChooserBlock(required=False, label="站内页面")
    url = blocks.URLBlock(required=False, label="或外部链接")

    class Meta:
        icon = "pick"
        label = "行动号召"
        template = "campaigns/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            from django.core.exceptions import ValidationError

            from wagtail.blocks.struct_block import StructBlockValidationError

            raise StructBlockValidationError(
                {"page": ValidationError("站内页面：请选择一个页面或填写外部链接。")}
            )
        return value


class CampaignBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="正文")
    image = ImageWithCaptionBlock()
    gallery = GalleryBlock()
    video = EmbedBlock(label="视频", help_text="视频页面的链接（站内可播放的平台）", max_width=800)
    document = DocumentDownloadBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
