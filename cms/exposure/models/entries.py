"""Entries of the exposure list (失信主体), their status history and import runs.

An entry keeps only what may be kept of a person: the name, the masked ID
and a keyed hash of it (cms.home.privacy).  Entries are deliberately *not*
index.Indexed: they never enter Wagtail's site search index, so nothing has
to be removed from it when an entry ends.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import Category, Severity, Status


class ExposureEntryQuerySet(models.QuerySet):
    def public(self, today=None):
        """What the public may see today (Asia/Shanghai): computed, never remembered.

        Every public surface (pages, search, API, feed, request matching) goes
        through this one method, so an entry vanishes at local midnight after
        its end date without any job running.
        """
        from .pages import ExposureListPage

        today = today or timezone.localdate()
        live_batches = ExposureListPage.objects.live().public().values("pk")
        return self.filter(
            batch__in=live_batches,
            status=Status.PUBLISHED,
            end_date__gte=today,
            minor_on_decision=False,
        )

    def with_names(self, name):
        return self.filter(name=name)

    def for_display(self):
        return self.select_related("key_area")


class ExposureEntry(models.Model):
    """One person on a batch of the list of serious dishonesty (严重失信主体名单)."""

    batch = models.ForeignKey(
        "exposure.ExposureListPage",
        verbose_name="批次",
        on_delete=models.PROTECT,
        related_name="entries",
    )
    name = models.CharField("姓名", max_length=50)
    masked_id = models.CharField(
        "身份证号码（脱敏）", max_length=18, help_text="前6位 + 8个* + 后4位"
    )
    id_hash = models.CharField("身份证号码密钥散列", max_length=64, editable=False)
    # Minors are refused on the way in; the flag lets public() exclude them
    # even if a row ever arrived by another path.
    minor_on_decision = models.BooleanField("认定时未满18周岁", default=False, editable=False)
    category = models.PositiveSmallIntegerField("失信类别", choices=Category.choices)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices)
    key_area = models.ForeignKey(
        "exposure.KeyArea", verbose_name="重点领域", on_delete=models.PROTECT
    )
    key_group = models.ForeignKey(
        "exposure.KeyGroup",
        verbose_name="重点人群",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    behaviour = models.TextField("失信行为")
    legal_basis = models.TextField("认定依据")
    authority = models.CharField("认定部门", max_length=100)
    document_number = models.CharField("文书号", max_length=100)
    decision_date = models.DateField("认定日期")
    end_date = models.DateField("公示截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True, editable=False)
    import_run = models.ForeignKey(
        "exposure.ExposureImport",
        verbose_name="导入批次",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ExposureEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "失信主体"
        verbose_name_plural = "失信主体"
        ordering = ["batch", "pk"]
        constraints = [
            # 文书号 is unique for one 认定部门: re-importing a file changes nothing.
            models.UniqueConstraint(
                fields=["document_number", "authority"], name="exposure_unique_document"
            ),
        ]
        indexes = [
            models.Index(fields=["name", "batch"], name="exposure_name_batch"),
            # Covers public() for one batch (count and page) without touching the table.
            models.Index(
                fields=["batch", "status", "minor_on_decision", "end_date"],
                name="exposure_batch_public",
            ),
            models.Index(fields=["id_hash"], name="exposure_id_hash"),
            models.Index(fields=["end_date"], name="exposure_end_date"),
            models.Index(fields=["status", "end_date"], name="exposure_status_end"),
        ]

    def __str__(self):
        return f"{self.name}（{self.masked_id}）"

    @property
    def id_last4(self):
        return self.masked_id[-4:]

    def content_key(self):
        """The fields a re-import compares: equal keys mean the same record."""
        return (
            self.batch_id,
            self.name,
            self.masked_id,
            self.id_hash,
            int(self.category),
            str(self.severity),
            self.key_area_id,
            self.behaviour,
            self.legal_basis,
            self.authority,
            self.document_number,
            self.decision_date,
            self.end_date,
        )

    @classmethod
    def public_urls_for(cls, entries):
        """Full URLs of the pages that show `entries`: their batch pages and batch APIs, the
        exposure index and its feed (a front cache forgets them when entries leave the public)."""
        from .pages import ExposureListPage

        urls = set()
        batches = ExposureListPage.objects.filter(pk__in={entry.batch_id for entry in entries})
        for batch in batches:
            for page, routes in ((batch, ("", "api/")), (batch.get_parent(), ("", "feed/"))):
                if base := page.get_full_url():
                    urls.update(base + route for route in routes)
        return sorted(urls)

    def is_public(self, today=None):
        return type(self).objects.public(today).filter(pk=self.pk).exists()


class ExposureStatusChange(models.Model):
    """Who changed an entry's status, when and why (the audit log has the same, for Wagtail's views)."""

    class Source(models.TextChoices):
        ADMIN = "admin", "后台编辑"
        REQUEST = "request", "异议/信用修复"
        EXPIRY = "expiry", "公示期满"

    entry = models.ForeignKey(
        ExposureEntry,
        verbose_name="失信主体",
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField("原状态", max_length=10, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=10, choices=Status.choices)
    reason = models.TextField("原因")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "状态变更记录"
        verbose_name_plural = "状态变更记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.entry}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class ExposureImport(models.Model):
    """One confirmed import of a file into a batch (provenance of the entries it created)."""

    batch = models.ForeignKey(
        "exposure.ExposureListPage",
        verbose_name="批次",
        on_delete=models.PROTECT,
        related_name="imports",
    )
    file_name = models.CharField("文件名", max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_created = models.PositiveIntegerField("新增", default=0)
    rows_unchanged = models.PositiveIntegerField("未变化", default=0)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.file_name}（{self.imported_at:%Y-%m-%d %H:%M}）"
