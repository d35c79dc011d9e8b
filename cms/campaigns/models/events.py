"""The calendar of publicity events (宣传日历): a snippet per event, with per-year dates."""

import calendar
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.home.generations import Generation
from cms.home.slugs import pinyin_slug

from .. import occurrences as occ
from ..forms import PublicityEventForm

MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]
UID_DOMAIN = "xinyong.yangjiang"


class RecurrenceKind(models.TextChoices):
    FIXED_DAY = "fixed_day", "每年固定日期"
    WHOLE_MONTH = "whole_month", "每年整月"
    RULE = "rule", "按周或时段规则（RRULE）"
    DATES = "dates", "无规则（逐年录入日期）"


class PublicityEventTheme(TaggedItemBase):
    """Themes of events; a through model of their own so campaign tags stay apart."""

    content_object = ParentalKey(
        "campaigns.PublicityEvent", on_delete=models.CASCADE, related_name="tagged_themes"
    )

    class Meta:
        verbose_name = "宣传主题"


def build_rule(kind, month, day) -> str:
    """The RRULE stored for the simple kinds; "" where the event has no rule."""
    if kind == RecurrenceKind.FIXED_DAY and month and day:
        return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
    if kind == RecurrenceKind.WHOLE_MONTH and month:
        return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY=1"
    return ""


CALENDAR = Generation("publicity-calendar")


class PublicityEventQuerySet(models.QuerySet):
    def with_dates(self):
        """Events with their per-year rows, which expanding them into occurrences reads."""
        return self.prefetch_related("dates")

    def calendar(self) -> list:
        """Every event, ready for `occurrences.expand`.

        Unfiltered, it is read from Django's cache, which any change to an event or its dates
        renews (CampaignsConfig.ready): the calendar pages, the home page and the feed share it.
        """
        if self.query.has_filters():
            return list(self.with_dates())
        return CALENDAR.cached("events", lambda: list(self.with_dates()))

    def upcoming(self, today, days, limit=None) -> list:
        """Occurrences still running on `today` or starting within `days` of it, in order."""
        found = occ.expand(self.calendar(), today, today + timedelta(days=days))
        return found[:limit] if limit else found


class PublicityEvent(index.Indexed, ClusterableModel):
    """A publicity event of the calendar (宣传节点), e.g. 3·15 国际消费者权益日."""

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField(
        "网址名", max_length=80, unique=True, blank=True, help_text="留空则根据名称自动生成拼音"
    )
    description = models.TextField("简介", blank=True)
    responsible_units = models.TextField("责任单位", blank=True, help_text="每行一个单位")
    themes = ClusterTaggableManager("宣传主题", through=PublicityEventTheme, blank=True)
    recurrence_kind = models.CharField(
        "重复方式", max_length=20, choices=RecurrenceKind.choices, default=RecurrenceKind.FIXED_DAY
    )
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True, choices=MONTH_CHOICES)
    day = models.PositiveSmallIntegerField(
        "日", null=True, blank=True, help_text="“每年固定日期”时填写"
    )
    rrule = models.CharField(
        "重复规则（RRULE）",
        max_length=255,
        blank=True,
        help_text="RFC 5545 规则，例如每年6月第三个周一起一周：FREQ=YEARLY;BYMONTH=6;BYDAY=3MO（持续天数填7）。"
        "固定日期和整月会自动生成。",
    )
    duration_days = models.PositiveSmallIntegerField(
        "持续天数", default=1, help_text="按规则重复时每次持续的天数"
    )
    first_year = models.PositiveSmallIntegerField("起始年份", default=2016)
    lead_time_days = models.PositiveSmallIntegerField(
        "筹备提前天数", default=30, help_text="节点开始前多少天进入筹备期"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PublicityEventQuerySet.as_manager()

    base_form_class = PublicityEventForm
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("responsible_units"),
        FieldPanel("themes"),
        MultiFieldPanel(
            [
                FieldPanel("recurrence_kind"),
                FieldRowPanel([FieldPanel("month"), FieldPanel("day")]),
                FieldPanel("rrule"),
                FieldRowPanel([FieldPanel("duration_days"), FieldPanel("first_year")]),
            ],
            heading="重复方式",
        ),
        InlinePanel("dates", heading="逐年日期与例外", label="日期"),
        FieldPanel("lead_time_days"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = "宣传节点"
        verbose_name_plural = "宣传日历"
        ordering = ["month", "day", "name"]

    def __str__(self):
        return self.name

    @property
    def schedule(self) -> occ.Schedule:
        """This event's recurrence as plain data for `occurrences.expand`.

        Reads `self.dates.all()`, so prefetch "dates" when expanding many events."""
        return occ.Schedule(
            rule=self.schedule_rule(),
            first_year=self.first_year,
            duration_days=self.duration_days or 1,
            whole_month=self.recurrence_kind == RecurrenceKind.WHOLE_MONTH,
            rows=tuple(row.as_row() for row in self.dates.all()),
        )

    def schedule_rule(self) -> str:
        return self.rrule if self.recurrence_kind != RecurrenceKind.DATES else ""

    @property
    def units(self) -> list[str]:
        return [line.strip() for line in self.responsible_units.splitlines() if line.strip()]

    @property
    def recurrence_label(self) -> str:
        if self.recurrence_kind == RecurrenceKind.FIXED_DAY:
            return f"每年{self.month}月{self.day}日"
        if self.recurrence_kind == RecurrenceKind.WHOLE_MONTH:
            return f"每年{self.month}月（整月）"
        if self.recurrence_kind == RecurrenceKind.RULE:
            return f"按规则，每次{self.duration_days}天"
        return "逐年录入日期"

    recurrence_label.fget.short_description = "重复方式"

    def uid(self, year=None, sequence=1) -> str:
        """Stable iCalendar UIDs: <slug>@…, <slug>-2026@…, <slug>-2026-2@… for a second round."""
        suffix = "" if year is None else f"-{year}" + (f"-{sequence}" if sequence != 1 else "")
        return f"{self.slug}{suffix}@{UID_DOMAIN}"

    def clean(self):
        super().clean()
        if not self.slug and self.name:
            self.slug = pinyin_slug(self.name)
        self._clean_recurrence()

    def _clean_recurrence(self):
        kind = self.recurrence_kind
        if kind in (RecurrenceKind.FIXED_DAY, RecurrenceKind.WHOLE_MONTH) and not self.month:
            raise ValidationError({"month": "月份：“每年固定日期”和“每年整月”必须选择月份。"})
        if kind == RecurrenceKind.FIXED_DAY:
            if not self.day:
                raise ValidationError({"day": "日：“每年固定日期”必须填写日。"})
            longest = calendar.monthrange(2024, self.month)[
                1
            ]  # 2024 is a leap year: 2月29日 is allowed
            if self.day > longest:
                raise ValidationError(
                    {"day": f"日：{self.month}月没有{self.day}日，此规则不会产生任何日期。"}
                )
        if kind == RecurrenceKind.RULE:
            if not self.rrule.strip():
                raise ValidationError(
                    {"rrule": "重复规则：选择“按周或时段规则”时必须填写重复规则。"}
                )
            self.rrule = occ.normalise_rule(self.rrule)
        else:
            self.rrule = build_rule(kind, self.month, self.day)
        if self.rrule:
            self._check_rule_yields_dates()

    def _check_rule_yields_dates(self):
        try:
            first = occ.first_rule_date(occ.Schedule(rule=self.rrule, first_year=self.first_year))
        except occ.RuleError as exc:
            raise ValidationError(
                {
                    "rrule": f"重复规则：格式不正确（{exc}），请按 RFC 5545 填写，例如 FREQ=YEARLY;BYMONTH=6;BYDAY=3MO。"
                }
            ) from exc
        if first is None:
            raise ValidationError(
                {
                    "rrule": f"重复规则：从{self.first_year}年起{occ.RULE_SEARCH_YEARS}年内不会产生任何日期，请检查规则。"
                }
            )

    def save(self, *args, **kwargs):
        if not self.slug and self.name:
            self.slug = pinyin_slug(self.name)
        if self.recurrence_kind != RecurrenceKind.RULE:
            self.rrule = build_rule(self.recurrence_kind, self.month, self.day)
        super().save(*args, **kwargs)


class DateKind(models.TextChoices):
    EXPLICIT = occ.EXPLICIT, "单独日期"
    MOVED = occ.MOVED, "改期"
    CANCELLED = occ.CANCELLED, "取消"


class PublicityEventDate(Orderable):
    """One year's explicit date, moved date or cancellation of an event (逐年日期与例外)."""

    event = ParentalKey(PublicityEvent, on_delete=models.CASCADE, related_name="dates")
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    sequence = models.PositiveSmallIntegerField(
        "批次", default=1, help_text="一年内的第几次（如“阳江好人”第几批）"
    )
    kind = models.CharField(
        "类型", max_length=12, choices=DateKind.choices, default=DateKind.EXPLICIT
    )
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="留空表示只有一天")
    note = models.CharField("说明", max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("sequence"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "逐年日期"

    def __str__(self):
        return f"{self.year}年第{self.sequence}次 {self.get_kind_display()}"

    def as_row(self) -> occ.DatedRow:
        return occ.DatedRow(
            year=self.year,
            kind=self.kind,
            sequence=self.sequence or 1,
            start=self.start_date,
            end=self.end_date,
            note=self.note,
        )

    def clean(self):
        super().clean()
        # `year` is nullable only so that a missing year gets this message, not a generic one.
        if self.year is None:
            raise ValidationError({"year": "年份：请填写该日期属于哪一年的宣传节点。"})
        if self.kind == DateKind.CANCELLED:
            return
        if self.start_date is None:
            raise ValidationError({"start_date": "开始日期：“单独日期”和“改期”必须填写开始日期。"})
        if self.start_date.year != self.year:
            raise ValidationError(
                {
                    "start_date": f"开始日期：应在{self.year}年内（跨年的节点以开始日期所在年份为准）。"
                }
            )
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": f"结束日期：不能早于开始日期（{self.start_date:%Y-%m-%d}）。"}
            )
        if (
            self.end_date is not None
            and (self.end_date - self.start_date).days >= occ.MAX_SPAN_DAYS
        ):
            raise ValidationError(
                {"end_date": f"结束日期：一个宣传节点最长{occ.MAX_SPAN_DAYS}天。"}
            )
