"""The consent record (本人书面同意) that every honoree needs before the public sees them.

Who gave consent, when and how, and the scan of the signed form. The scan is stored like request
evidence: outside MEDIA_ROOT, with no URL, downloadable only by staff through the admin.
Withdrawal is recorded here too (who, when, why); the record stays for staff.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from cms.credit_requests.storage import PrivateFileStorage

SCAN_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def consent_scan_upload_to(instance, filename):
    # Neither the uploaded name nor the honoree's name goes into the path.
    extension = SCAN_EXTENSIONS.get(instance.consent_scan_type, "bin")
    return f"honor-roll/consent/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ConsentMethod(models.TextChoices):
    SIGNED_BY_HONOREE = "signed", "本人签署书面同意书"
    SIGNED_BY_GUARDIAN = "guardian", "监护人签署书面同意书"
    SIGNED_BY_FAMILY = "family", "近亲属签署书面同意书（本人已故）"


class ConsentRecord(models.Model):
    consent_given_by = models.CharField(
        "同意人", max_length=50, blank=True, help_text="签署同意书的人，通常为本人"
    )
    consent_given_on = models.DateField("同意日期", null=True, blank=True)
    consent_method = models.CharField(
        "同意方式", max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_scan = models.FileField(
        "同意书扫描件",
        storage=PrivateFileStorage(),
        upload_to=consent_scan_upload_to,
        max_length=200,
        blank=True,
        help_text="PDF、JPG或PNG，不超过10 MB；仅后台有权限的工作人员可下载",
    )
    consent_scan_type = models.CharField("扫描件类型", max_length=50, blank=True, editable=False)
    consent_withdrawn_at = models.DateTimeField("撤回同意时间", null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记撤回的工作人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_withdrawn_reason = models.TextField("撤回说明", blank=True)

    class Meta:
        abstract = True

    @property
    def consent_recorded(self):
        """Written consent complete: who, when, how and the signed form."""
        return bool(
            self.consent_given_by
            and self.consent_given_on
            and self.consent_method
            and self.consent_scan
        )

    @property
    def has_consent(self):
        return self.consent_recorded and self.consent_withdrawn_at is None

    @classmethod
    def consent_q(cls):
        """The same rule as has_consent, for querysets."""
        return (
            models.Q(consent_given_on__isnull=False, consent_withdrawn_at__isnull=True)
            & ~models.Q(consent_given_by="")
            & ~models.Q(consent_method="")
            & ~models.Q(consent_scan="")
        )
