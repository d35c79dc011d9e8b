"""办理时限: the steps of each request kind and their deadlines, edited by staff."""

from django.db import models

from ..choices import KIND_CHOICES, STEP_CHOICES


class StepRule(models.Model):
    """A step of a request kind and its deadline in working days (办理时限), editable by staff.

    Seeded by a data migration (seed_data.py); a change applies to requests filed afterwards
    (each request copies the working days onto its own steps when it is filed).
    """

    kind = models.CharField("申请类型", max_length=20, choices=KIND_CHOICES)
    code = models.CharField("环节", max_length=30, choices=STEP_CHOICES)
    name = models.CharField("环节名称", max_length=50)
    order = models.PositiveSmallIntegerField("顺序")
    working_days = models.PositiveSmallIntegerField(
        "时限（工作日）", help_text="自上一环节完成（第一环节自提交申请）之日起计算的工作日数"
    )
    source = models.CharField("依据", max_length=100, blank=True)

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], name="credit_requests_steprule_kind_code"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.name}（{self.working_days}个工作日）"
