"""Entries of the exposure list (失信主体), their status history and import runs.

An entry keeps only what may be kept of a person: the name, the masked ID
and a keyed hash of it (cms.home.privacy).  Entries are deliberately *not*
index.Indexed: they never enter Wagtail's site search index, so nothing has
to be removed from it when an entry ends.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils import timezone

from cms.home.privacy import open_sealed_date

from ..choices import Category, Severity, Status

MINOR_MESSAGE = "认定日期时当事人未满18周岁，依法不予公示"
NO_AGE_MESSAGE = "无法核验当事人在认定日期时是否已满18周岁，请重新填写身份证号码"


class ExposureEntryQuerySet(models.QuerySet):
    def public(self, today=None, *, batch=None):
        """What the public may see today (Asia/Shanghai): computed, never remembered.

        Every public surface (pages, search, API, feed, request matching) goes
        through this one method, so an entry vanishes at local midnight after
        its end date without any job running. `batch`: only that batch's entries; its own
        liveness is checked here instead of in a subquery, so that the database reads the
        batch index (exposure_batch_public_v3) alone.
        """
        from cms.home.visibility import in_private_section

        from .pages import ExposureListPage

        today = today or timezone.localdate()
        if batch is None:
            batches = {"batch__in": ExposureListPage.objects.live().public().values("pk")}
        elif batch.live and not in_private_section(batch):
            batches = {"batch": batch}
        else:
            return self.none()
        return self.filter(
            **batches,
            status=Status.PUBLISHED,
            # As `= false`, which an index serves as an equality (Django writes `=False` as
            # `NOT column`, which SQLite reads as a filter after the index, not in it).
            pending_review=Value(False),
            end_date__gte=today,
            minor_on_decision=Value(False),
        )

    def pending(self):
        """New or changed entries that wait for the 信用审核 reviewer (never public)."""
        return self.filter(pending_review=True)

    def with_names(self, name):
        return self.filter(name=name)

    def for_display(self):
        return self.select_related("key_area")

    def with_batch(self):
        """Results across batches: each batch page built once (one query for the few batches of
        a result) rather than a page instance joined onto every row."""
        return self.prefetch_related("batch")


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
    # The 18th birthday, encrypted (cms.home.privacy.seal_date): every save re-checks that the
    # person was an adult on the decision date, without the birth date ever being kept in clear.
    adult_from_sealed = models.CharField(
        "成年日期（加密）", max_length=200, blank=True, editable=False
    )
    # Kept by save() for rows that arrive by bulk paths; public() excludes them either way.
    minor_on_decision = models.BooleanField("认定时未满18周岁", default=False, editable=False)
    # New and changed entries reach the public only when a reviewer approves their batch in the
    # 信用审核 workflow (cms.exposure.moderation).
    pending_review = models.BooleanField(
        "待审核",
        default=True,
        editable=False,
        help_text="新增或修改的记录须经信用审核员审核（提交批次审核并通过）后才公开",
    )
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
            # Name search: the exact name and the row's own visibility in the index, newest first,
            # so the search reads only the index entries of visible rows and stops at its limit.
            models.Index(
                fields=[
                    "name",
                    "status",
                    "pending_review",
                    "minor_on_decision",
                    "-decision_date",
                    "end_date",
                    "batch",
                ],
                name="exposure_name_public",
            ),
            # Covers public() for one batch without touching the table: the count, and a page in
            # the page's order (by id) read from the index, stopping at its last entry.
            models.Index(
                fields=["batch", "status", "pending_review", "minor_on_decision", "id", "end_date"],
                name="exposure_batch_public_v3",
            ),
            models.Index(fields=["id_hash"], name="exposure_id_hash"),
            models.Index(fields=["end_date"], name="exposure_end_date"),
            models.Index(fields=["status", "end_date"], name="exposure_status_end"),
        ]

    def __str__(self):
        return f"{self.name}（{self.masked_id}）"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"decision_date", "adult_from_sealed"} & set(update_fields):
            # Admin, shell and every other save path: a minor is refused, never stored.
            self.check_not_minor()
        super().save(*args, **kwargs)

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

    def public_state(self, today=None, public_batch_ids=None):
        """What the public sees of this entry today, in words for staff (the stored status may
        still say 公示中 for an entry whose period ended days ago). `public_batch_ids`: the
        live, unrestricted batches, when the caller has them for many entries."""
        from .pages import ExposureListPage

        today = today or timezone.localdate()
        if public_batch_ids is None:
            public_batch_ids = set(
                ExposureListPage.objects.live().public().values_list("pk", flat=True)
            )
        if self.pending_review:
            return "待审核（未公开）"
        if self.status != Status.PUBLISHED:
            return f"{self.get_status_display()}（未公开）"
        if self.minor_on_decision:
            return "未成年人（不公开）"
        if self.end_date < today:
            return "已到期（待归档）"
        if self.batch_id not in public_batch_ids:
            return "批次未发布（未公开）"
        return "公示中"

    # --- never a minor -----------------------------------------------------------------------

    def clean(self):
        super().clean()
        self.check_not_minor()

    def check_not_minor(self):
        """ValidationError unless the person was 18 or older on the decision date."""
        if self.decision_date is None:
            return
        adult_from = open_sealed_date(self.adult_from_sealed)
        if adult_from is None:
            if self.pk is None or self._stored_decision_date() != self.decision_date:
                raise ValidationError({"decision_date": NO_AGE_MESSAGE})
            return  # a row older than the sealed date, unchanged: nothing new to check
        if self.decision_date < adult_from:
            raise ValidationError({"decision_date": MINOR_MESSAGE})

    def _stored_decision_date(self):
        return type(self).objects.filter(pk=self.pk).values_list("decision_date", flat=True).first()


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
