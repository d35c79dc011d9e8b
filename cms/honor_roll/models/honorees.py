"""Honorees (入选人物): a model of their own, linked to the list (HonorRollPage) they belong to.

An honoree is shown only while the list is live and public, their written consent is recorded and
not withdrawn, and no objection against them was upheld (HonoreeQuerySet.public()).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.fields import RichTextField
from wagtail.search import index

from .consent import ConsentRecord
from .reference import HonorCategory, Town

STORY_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class HonoreeQuerySet(models.QuerySet):
    def with_consent(self):
        return self.filter(ConsentRecord.consent_q())

    def public(self):
        """Exactly the honorees that may be shown now, on any surface."""
        from .pages import HonorRollPage

        rolls = HonorRollPage.objects.live().public()
        return self.with_consent().filter(roll__in=rolls, removed_at__isnull=True)

    def hidden_photo_ids(self):
        """Pictures of honorees the public may not see (yet, or any more), for image listings."""
        return (
            self.exclude(pk__in=self.public().values("pk"))
            .filter(photo__isnull=False)
            .values("photo_id")
        )

    def for_cards(self):
        """What a card or a detail page reads, in a fixed number of queries."""
        from wagtail.images import get_image_model

        photos = get_image_model().objects.prefetch_renditions()
        return self.select_related("category", "town", "roll").prefetch_related(
            models.Prefetch("photo", queryset=photos)
        )


class Gender(models.TextChoices):
    MALE = "m", "男"
    FEMALE = "f", "女"


class RemovalOutcome(models.TextChoices):
    WITHDRAWN = "withdrawn", "异议成立，撤下"
    CORRECTED = "corrected", "异议成立，待更正后另行公示"


class Honoree(ConsentRecord, index.Indexed, models.Model):
    roll = models.ForeignKey(
        "honor_roll.HonorRollPage",
        verbose_name="所属榜单",
        on_delete=models.CASCADE,
        related_name="honorees",
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="照片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="上传时自动去除拍摄地点、相机等元数据；请在图片编辑页设置焦点（面部）",
    )
    unit = models.CharField("所在单位", max_length=100, blank=True)
    town = models.ForeignKey(
        Town,
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        HonorCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="+"
    )
    story = RichTextField("事迹", features=STORY_FEATURES)
    honours = models.TextField("所获荣誉", blank=True, help_text="每行一项")
    recommending_unit = models.CharField("推荐单位", max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    # An upheld objection (异议成立) takes the honoree off every public surface; the row stays.
    removed_at = models.DateTimeField("撤下时间", null=True, blank=True, editable=False)
    removal_outcome = models.CharField(
        "撤下原因", max_length=20, choices=RemovalOutcome.choices, blank=True, editable=False
    )
    removal_reason = models.TextField("撤下说明", blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤下决定人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = HonoreeQuerySet.as_manager()
    purges_page_cache = True  # cms.home.caching: any change purges the page cache

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("story"),
        index.SearchField("unit"),
        index.SearchField("honours"),
        # Every field public() filters on, so that search can run on Honoree.objects.public().
        index.FilterField("roll"),
        index.FilterField("removed_at"),
        index.FilterField("consent_given_by"),
        index.FilterField("consent_given_on"),
        index.FilterField("consent_method"),
        index.FilterField("consent_scan"),
        index.FilterField("consent_withdrawn_at"),
    ]

    class Meta:
        verbose_name = "入选人物"
        verbose_name_plural = "入选人物"
        ordering = ["roll", "sort_order", "pk"]
        permissions = [("manage_consent", "可下载同意书扫描件并登记撤回同意")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        roll_url = self.roll.get_full_url()
        if roll_url is None:
            return None
        return roll_url + self.roll.reverse_subpage("honoree", args=[self.pk])

    @property
    def place(self):
        """所在单位/镇街 as one line for cards."""
        return "　".join(part for part in (self.unit, self.town.name if self.town else "") if part)

    @property
    def honour_lines(self):
        return [line.strip() for line in self.honours.splitlines() if line.strip()]

    @property
    def is_removed(self):
        return self.removed_at is not None

    @property
    def public_state(self):
        """Why the public sees this honoree or not, for staff."""
        if self.is_removed:
            return self.get_removal_outcome_display()
        if self.consent_withdrawn_at:
            return "已撤回同意"
        if not self.consent_recorded:
            return "未登记同意"
        if not self.roll.live:
            return "榜单未发布"
        return "公开"

    def get_url(self, request=None):
        roll_url = self.roll.get_url(request)
        if roll_url is None:
            return None
        return roll_url + self.roll.reverse_subpage("honoree", args=[self.pk])
