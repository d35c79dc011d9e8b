"""Requests about a public record: objections (异议) and credit repair requests (信用修复).

A CreditRequest points at a record of a plug-in target (targets.py) by key and id; it keeps the
person's name, the keyed hash and the last 4 characters of the ID number (never the number),
and walks through RequestSteps whose deadlines are counted in working days (workdays.py) from
the StepRule configuration that staff edit in the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import KIND_CHOICES, STEP_CHOICES
from ..targets import (
    OUTCOME_CORRECTED,
    OUTCOME_DISMISSED,
    OUTCOME_REPAIRED,
    OUTCOME_WITHDRAWN,
)


class CreditRequest(models.Model):
    RECEIVED, PROCESSING, DECIDED, CLOSED = "received", "processing", "decided", "closed"
    STATUS_CHOICES = [
        (RECEIVED, "已提交，待受理"),
        (PROCESSING, "办理中"),
        (DECIDED, "已作出决定，待报送"),
        (CLOSED, "已办结"),
    ]
    OUTCOME_CHOICES = [
        (OUTCOME_REPAIRED, "准予信用修复"),
        (OUTCOME_WITHDRAWN, "异议成立，撤下记录"),
        (OUTCOME_CORRECTED, "异议成立，更正记录"),
        (OUTCOME_DISMISSED, "不予支持"),
    ]

    tracking_number = models.CharField("查询编号", max_length=32, unique=True, editable=False)
    kind = models.CharField("申请类型", max_length=20, choices=KIND_CHOICES)
    target_key = models.CharField("记录类型", max_length=50, db_index=True)
    record_id = models.PositiveBigIntegerField("记录编号")
    record_summary = models.CharField(
        "记录摘要", max_length=500, help_text="提交时申请人看到的记录摘要"
    )
    name = models.CharField("申请人姓名", max_length=50)
    id_hash = models.CharField("身份证号码密钥散列", max_length=64, db_index=True, editable=False)
    id_last4 = models.CharField("身份证号码后4位", max_length=4)
    phone = models.CharField("联系电话", max_length=30)
    reason = models.TextField("申请理由")
    status = models.CharField(
        "状态", max_length=20, choices=STATUS_CHOICES, default=RECEIVED, db_index=True
    )
    outcome = models.CharField("决定", max_length=20, choices=OUTCOME_CHOICES, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_on = models.DateField("提交日期", help_text="计算时限的起点（北京时间）")
    next_due_on = models.DateField(
        "当前环节截止日期",
        null=True,
        blank=True,
        db_index=True,
        help_text="未完成的第一个环节的截止日期；办结后为空",
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "异议与信用修复申请"
        verbose_name_plural = "异议与信用修复申请"
        ordering = ["-created_at"]
        permissions = [("process_creditrequest", "可办理异议与信用修复申请")]
        constraints = [
            # One open request per record, kind and person: a second one waits for the first.
            models.UniqueConstraint(
                fields=["target_key", "record_id", "kind", "id_hash"],
                condition=~models.Q(status="closed"),
                name="credit_requests_one_open_per_person",
            )
        ]

    def __str__(self):
        return f"{self.tracking_number}（{self.get_kind_display()}）"

    @property
    def is_open(self):
        return self.status != self.CLOSED

    def is_overdue(self, today):
        return self.next_due_on is not None and self.next_due_on < today

    def current_step(self):
        return self.steps.filter(completed_on__isnull=True).order_by("order").first()

    @property
    def uses_estimated_calendar(self):
        return any(step.calendar_estimated for step in self.steps.all())

    @property
    def public_status(self):
        """The status as the person sees it: the decision once there is one."""
        if self.outcome:
            return f"{self.get_status_display()}：{self.get_outcome_display()}"
        return self.get_status_display()


class RequestStep(models.Model):
    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("顺序")
    code = models.CharField("环节", max_length=30, choices=STEP_CHOICES)
    name = models.CharField("环节名称", max_length=50)
    working_days = models.PositiveSmallIntegerField("时限（工作日）")
    due_on = models.DateField("截止日期")
    calendar_estimated = models.BooleanField(
        "按周一至周五估算", default=False, help_text="截止日期所跨年度缺少法定节假日数据"
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("办理意见", blank=True)

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["order"]

    def __str__(self):
        return f"{self.name}（截止 {self.due_on:%Y-%m-%d}）"

    def state(self, today):
        """One of done, done_late, overdue, open: what the person and staff see for this step."""
        if self.completed_on:
            return "done_late" if self.completed_on > self.due_on else "done"
        return "overdue" if self.due_on < today else "open"
