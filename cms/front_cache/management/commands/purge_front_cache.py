"""Purge the front cache (Varnish) now.

    python manage.py purge_front_cache --dated   # daily, shortly after midnight Asia/Shanghai
                                                 # (also drops records of purges done > 30 days ago)
    python manage.py purge_front_cache --all     # after a deployment (templates, static files)

Sent at once rather than queued, so that the exit status says whether every
Varnish took it; the attempt is recorded like any other purge.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ... import targets
from ...models import FrontCachePurge
from ...tasks import deliver, enabled

KEEP_DONE_DAYS = 30


class Command(BaseCommand):
    help = "清除前端缓存（Varnish）：--dated 清除随日期变化的页面，--all 清除整个网站"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--dated", action="store_true", help="首页与宣传日历等随日期变化的页面")
        group.add_argument("--all", dest="whole_site", action="store_true", help="整个网站")

    def handle(self, *args, dated, whole_site, **options):
        if not enabled():
            self.stdout.write("FRONTEND_CACHE_URLS is not set: nothing to purge.")
            return
        if dated:
            FrontCachePurge.objects.filter(
                status=FrontCachePurge.Status.DONE,
                created_at__lt=timezone.now() - timedelta(days=KEEP_DONE_DAYS),
            ).delete()
            urls, bans = targets.dated_targets()
            reason = "每日清除（随日期变化的页面）"
        else:
            urls, bans = [], targets.whole_site_bans()
            reason = "手动清除整个网站"
        purge = FrontCachePurge.objects.create(
            reason=reason, urls=urls, bans=[list(ban) for ban in bans]
        )
        if not deliver(purge):
            purge.status = FrontCachePurge.Status.FAILED
            purge.save(update_fields=["status"])
            raise CommandError(f"front cache purge failed:\n{purge.last_error}")
        self.stdout.write(f"purged {len(urls)} URL(s) and {len(bans)} path prefix(es)")
