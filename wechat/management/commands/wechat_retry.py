"""python manage.py wechat_retry: finish what WeChat did not take the first time (run from cron).

Deletes the articles still waiting to be withdrawn (their content left the
public) and polls the publications still in progress.  Every few minutes is
enough; it does nothing when nothing is pending.
"""

from django.core.management.base import BaseCommand

from wechat.models import WeChatArticle
from wechat.tasks import refresh_publication_task, retry_withdrawal_task


class Command(BaseCommand):
    help = "重试未完成的公众号删除，并查询发布中的文章状态"

    def handle(self, *args, **options):
        pending = WeChatArticle.objects.exclude(withdrawal_pending="").values_list(
            "page_id", flat=True
        )
        for page_id in pending:
            retry_withdrawal_task.enqueue(page_id)
        publishing = WeChatArticle.objects.filter(state=WeChatArticle.State.PUBLISHING).values_list(
            "page_id", flat=True
        )
        for page_id in publishing:
            refresh_publication_task.enqueue(page_id)
        left = WeChatArticle.objects.exclude(withdrawal_pending="").count()
        self.stdout.write(
            f"待删除 {len(pending)} 篇（仍未完成 {left} 篇），查询发布中 {len(publishing)} 篇"
        )
