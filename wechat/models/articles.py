"""The WeChat side of a page: its draft, its published article, and what they showed."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wagtail.models import Page


class WeChatArticle(models.Model):
    """The WeChat article (公众号图文) of one page; one live article per page at most."""

    class State(models.TextChoices):
        NEW = "new", "未同步"
        DRAFT = "draft", "已同步到草稿箱"
        PUBLISHING = "publishing", "发布中"
        PUBLISHED = "published", "已发布"
        FAILED = "failed", "发布失败"
        WITHDRAWN = "withdrawn", "已从公众号删除"

    # freepublish/get publish_status (WeChat's documentation)
    PUBLISH_STATUS = {
        0: "发布成功",
        1: "发布中",
        2: "原创声明失败",
        3: "常规失败",
        4: "平台审核不通过",
        5: "成功后用户已删除",
        6: "成功后系统封禁",
    }

    page = models.OneToOneField(
        Page, verbose_name="页面", on_delete=models.CASCADE, related_name="wechat_article"
    )
    auto_update = models.BooleanField(
        "重新发布页面时自动更新草稿",
        default=False,
        help_text="勾选后，页面每次在网站上重新发布，都会自动同步到公众号草稿箱（不会自动发布）",
    )
    title_override = models.CharField(
        "微信标题", max_length=32, blank=True, help_text="留空则使用页面标题；微信限 32 个字"
    )
    digest_override = models.CharField(
        "微信摘要", max_length=128, blank=True, help_text="留空则使用页面摘要；微信限 128 个字"
    )
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.NEW)
    needs_review = models.BooleanField(
        "更正稿待审核", default=False, help_text="内容下线后自动生成的更正稿，需审核后再发布"
    )
    draft_media_id = models.CharField("草稿 media_id", max_length=200, blank=True)
    draft_hash = models.CharField("草稿内容散列", max_length=64, blank=True)
    draft_synced_at = models.DateTimeField("草稿同步时间", null=True, blank=True)
    publish_id = models.CharField("发布任务 publish_id", max_length=100, blank=True)
    publish_status = models.IntegerField("发布状态码", null=True, blank=True)
    article_id = models.CharField("文章 article_id", max_length=200, blank=True)
    article_url = models.URLField("文章地址", max_length=1000, blank=True)
    published_media_id = models.CharField("已发布图文 media_id", max_length=200, blank=True)
    published_hash = models.CharField("已发布内容散列", max_length=64, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawal_pending = models.CharField(
        "待从公众号删除",
        max_length=200,
        blank=True,
        help_text="文章显示的内容已下线，删除尚未成功时的原因；删除成功后清空",
    )
    last_error = models.TextField("最近错误", blank=True)
    last_errcode = models.IntegerField("最近错误码", null=True, blank=True)
    mass_sent_at = models.DateTimeField("群发时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公众号文章"
        verbose_name_plural = "公众号文章"
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.page.title}（{self.get_state_display()}）"

    @property
    def publish_status_label(self):
        return self.PUBLISH_STATUS.get(self.publish_status, "")

    def shown_in(self, role):
        return self.shown_objects.filter(role=role)


class WeChatShownObject(models.Model):
    """An object (exposure entry, honoree…) that a draft or the live article showed.

    Recorded at rendering time, so that when the object leaves the public the
    articles that showed it are found without knowing its model.
    """

    class Role(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布文章"

    article = models.ForeignKey(
        WeChatArticle, on_delete=models.CASCADE, related_name="shown_objects"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = "文章所含对象"
        verbose_name_plural = "文章所含对象"
        indexes = [models.Index(fields=["content_type", "object_id"], name="wechat_shown_object")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "role", "content_type", "object_id"], name="wechat_shown_once"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}：{self.content_type.name} #{self.object_id}"
