"""Download counts per Wagtail document (文件下载次数)."""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


class DocumentDownload(models.Model):
    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name="文件",
        on_delete=models.CASCADE,
        related_name="download_count",
    )
    count = models.PositiveBigIntegerField("下载次数", default=0)
    last_downloaded_at = models.DateTimeField("最近下载", null=True, blank=True)

    class Meta:
        verbose_name = "文件下载次数"
        verbose_name_plural = "文件下载次数"
        ordering = ["-count"]

    def __str__(self):
        return f"{self.document.title}：{self.count}"

    @classmethod
    def record(cls, document):
        """Add one download; a single UPDATE, so concurrent workers never lose a count."""
        now = timezone.now()
        fields = {"count": F("count") + 1, "last_downloaded_at": now}
        if cls.objects.filter(document=document).update(**fields):
            return
        try:
            with transaction.atomic():
                cls.objects.create(document=document, count=1, last_downloaded_at=now)
        except IntegrityError:  # another worker created it first
            cls.objects.filter(document=document).update(**fields)
