"""Evidence files (证明材料) of a request, kept outside MEDIA_ROOT."""

import uuid

from django.db import models
from django.db.models import Sum
from django.utils import timezone

from ..storage import PrivateFileStorage


def evidence_upload_to(instance, filename):
    # The name the person gave is not used on disk: it is neither trusted nor needed there.
    return f"credit-requests/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class EvidenceFile(models.Model):
    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

    request = models.ForeignKey(
        "credit_requests.CreditRequest", on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(
        "文件", storage=PrivateFileStorage(), upload_to=evidence_upload_to, max_length=200
    )
    original_name = models.CharField("原文件名", max_length=120)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type]

    @classmethod
    def bytes_used(cls) -> int:
        """Total size of all evidence kept (against settings.CREDIT_REQUEST_EVIDENCE_QUOTA)."""
        return cls.objects.aggregate(total=Sum("size"))["total"] or 0
