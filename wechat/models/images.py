"""Images already on the WeChat account, so that each is uploaded once and then reused."""

from django.db import models


class WeChatImage(models.Model):
    """One image uploaded to one account: a body image URL (uploadimg) or a cover thumb material.

    `key` identifies the bytes that were sent: the original file's hash plus the
    rendition that converted it; the same picture chosen twice, or on two pages,
    is therefore uploaded once per account.
    """

    class Kind(models.TextChoices):
        BODY = "body", "正文图片"
        THUMB = "thumb", "封面缩略图"

    account = models.CharField("公众号", max_length=255, help_text="AppID 与接口地址")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    key = models.CharField("文件散列", max_length=200)
    url = models.URLField("微信图片地址", max_length=1000, blank=True)
    media_id = models.CharField("素材 media_id", max_length=200, blank=True)
    size = models.PositiveIntegerField("字节数", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "微信图片素材"
        verbose_name_plural = "微信图片素材"
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "key"], name="wechat_image_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key[:12]}"
