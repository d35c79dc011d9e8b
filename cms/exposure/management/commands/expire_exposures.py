"""python manage.py expire_exposures  (daily, e.g. 00:05 Asia/Shanghai)

Visibility never depends on this command (public() compares dates); it puts
the end of the publicity period on the record and tells the channels (cache
purge, search, WeChat) through content_left_public which entries left.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cms.exposure.choices import Status
from cms.exposure.models import ExposureEntry, ExposureStatusChange
from cms.exposure.status import change_status

CHUNK = 500


class Command(BaseCommand):
    help = "把公示期已满的失信主体记为“公示期满”，并通知各渠道撤下"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期（YYYY-MM-DD）处理，默认今天（北京时间）")

    def handle(self, *args, **options):
        today = timezone.localdate() if not options["today"] else _date(options["today"])
        due = ExposureEntry.objects.filter(status=Status.PUBLISHED, end_date__lt=today).order_by(
            "pk"
        )
        total = 0
        while chunk := list(due[:CHUNK]):
            total += len(
                change_status(
                    chunk,
                    Status.EXPIRED,
                    reason=f"公示截止日期已过（{today:%Y-%m-%d}处理）",
                    source=ExposureStatusChange.Source.EXPIRY,
                )
            )
        self.stdout.write(f"公示期满下线：{total}条")


def _date(text):
    from datetime import date

    return date.fromisoformat(text)
