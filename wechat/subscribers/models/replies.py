"""关键词回复: staff-editable rules that answer a subscriber's message before the built-in answers."""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from cms.home.privacy import normalize_text

MAX_PATTERN_LENGTH = 200


def normalise_text(text: str) -> str:
    """What rules match against: full-width forms folded (NFKC), case folded, outer spaces removed."""
    return normalize_text(text).strip().casefold()


@lru_cache(maxsize=512)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


class KeywordReply(index.Indexed, models.Model):
    class Match(models.TextChoices):
        CONTAINS = "contains", "包含关键词"
        EXACT = "exact", "完全一致"
        REGEX = "regex", "正则表达式"

    class Kind(models.TextChoices):
        TEXT = "text", "文字"
        NEWS = "news", "图文卡片"

    name = models.CharField("规则名称", max_length=60, help_text="仅后台可见，也用于消息记录")
    pattern = models.CharField(
        "关键词或表达式",
        max_length=MAX_PATTERN_LENGTH,
        help_text="“包含”和“完全一致”可用竖线分隔多个关键词，如：信用报告|征信",
    )
    match = models.CharField("匹配方式", max_length=10, choices=Match, default=Match.CONTAINS)
    kind = models.CharField("回复类型", max_length=10, choices=Kind, default=Kind.TEXT)
    text = models.TextField("回复文字", blank=True, max_length=600)
    news_title = models.CharField("卡片标题", max_length=64, blank=True)
    news_description = models.CharField("卡片摘要", max_length=120, blank=True)
    news_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="链接到站内页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    news_url = models.URLField("或链接到网址", blank=True)
    news_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="卡片图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(
        "优先级", default=100, help_text="数字小的先匹配；所有规则都在内置回复之前匹配"
    )
    enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("pattern"), FieldPanel("match")]),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("enabled")]),
        FieldPanel("kind"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("news_title"),
                FieldPanel("news_description"),
                FieldPanel("news_page"),
                FieldPanel("news_url"),
                FieldPanel("news_image"),
            ],
            heading="图文卡片（回复类型为图文卡片时填写）",
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("pattern")]

    class Meta:
        verbose_name = "关键词回复"
        verbose_name_plural = "关键词回复"
        ordering = ["priority", "pk"]

    def __str__(self):
        return self.name

    def keywords(self) -> list[str]:
        return [normalise_text(k) for k in self.pattern.split("|") if normalise_text(k)]

    def matches(self, normalised: str) -> bool:
        if self.match == self.Match.REGEX:
            try:
                return compiled(self.pattern).search(normalised) is not None
            except re.error:
                return False
        if self.match == self.Match.EXACT:
            return normalised in self.keywords()
        return any(keyword in normalised for keyword in self.keywords())

    def clean(self):
        super().clean()
        errors = {}
        if self.match == self.Match.REGEX:
            try:
                compiled(self.pattern)
            except re.error as exc:
                errors["pattern"] = f"正则表达式有误：{exc}"
        elif not self.keywords():
            errors["pattern"] = "请至少填写一个关键词"
        if self.kind == self.Kind.TEXT and not self.text.strip():
            errors["text"] = "文字回复须填写回复内容"
        if self.kind == self.Kind.NEWS:
            if not self.news_title.strip():
                errors["news_title"] = "图文卡片须填写标题"
            if not (self.news_page_id or self.news_url):
                errors["news_url"] = "图文卡片须链接到站内页面或网址"
        if errors:
            raise ValidationError(errors)
