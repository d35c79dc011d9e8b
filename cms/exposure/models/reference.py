"""Admin-editable reference data: key areas, key groups, publicity-period bounds."""

from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models

from dateutil.relativedelta import relativedelta

from ..choices import Severity


class NamedListItem(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField(
        "启用", default=True, help_text="停用后不能再用于新的导入，已有记录不受影响"
    )

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class KeyArea(NamedListItem):
    """重点领域 (国办发〔2016〕98号 names 16; the city's plan speaks of 20)."""

    class Meta(NamedListItem.Meta):
        verbose_name = "重点领域"
        verbose_name_plural = "重点领域"


class KeyGroup(NamedListItem):
    """重点人群 (国办发〔2016〕98号 names 14; the city's plan speaks of 15)."""

    class Meta(NamedListItem.Meta):
        verbose_name = "重点人群"
        verbose_name_plural = "重点人群"


class SeverityPeriodManager(models.Manager):
    def bounds(self):
        """{severity: (min_months, max_months)} in one query, for validating many rows."""
        return {row.severity: (row.min_months, row.max_months) for row in self.all()}


class SeverityPeriod(models.Model):
    """公示期 bounds per severity (国办发〔2025〕22号), editable because practice may change."""

    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, unique=True)
    min_months = models.PositiveSmallIntegerField(
        "最短公示期（月）", help_text="期满后可申请信用修复"
    )
    max_months = models.PositiveSmallIntegerField("最长公示期（月）")

    objects = SeverityPeriodManager()

    class Meta:
        verbose_name = "公示期限"
        verbose_name_plural = "公示期限"
        ordering = ["max_months"]

    def __str__(self):
        return f"{self.get_severity_display()}：{self.min_months}–{self.max_months}个月"

    def clean(self):
        if self.max_months < self.min_months:
            raise ValidationError({"max_months": "最长公示期不能短于最短公示期"})


@lru_cache(maxsize=8192)  # relativedelta is slow and imports repeat dates
def period_bounds(decision_date: date, months: tuple[int, int]) -> tuple[date, date]:
    """The earliest and latest end date allowed for a decision on `decision_date`."""
    minimum, maximum = months
    return decision_date + relativedelta(months=minimum), decision_date + relativedelta(
        months=maximum
    )
