"""One purge of the front cache (Varnish): what it asked for and whether it got through.

Kept so that a purge that failed (Varnish down, ACL wrong) is visible to staff
on the admin dashboard instead of only in a log.
"""

from django.db import models
from django.utils import timezone


class FrontCachePurge(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "等待发送"
        RETRYING = "retrying", "失败，等待重试"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    reason = models.CharField("原因", max_length=200)
    # Full URLs purged one by one (PURGE) and [host, path regex] pairs banned (BAN).
    urls = models.JSONField("网址", default=list, blank=True)
    bans = models.JSONField("按路径清除", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "前端缓存清除"
        verbose_name_plural = "前端缓存清除"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reason}（{self.get_status_display()}）"

    def targets_display(self):
        parts = list(self.urls) + [f"{host} {regex}" for host, regex in self.bans]
        return "；".join(parts)
