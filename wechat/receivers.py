"""What the WeChat channel listens to: page publishing, content leaving the public, publish results."""

from django.conf import settings
from django.db import transaction

from wagtail.signals import page_published

from cms.home.signals import LEFT_PUBLIC_REASONS, content_left_public

from .models import WeChatArticle, WeChatShownObject
from .signals import publish_job_finished


def connect():
    page_published.connect(update_draft_on_publish, dispatch_uid="wechat-auto-update")
    content_left_public.connect(withdraw_articles_showing, dispatch_uid="wechat-left-public")
    publish_job_finished.connect(publication_finished, dispatch_uid="wechat-publish-finished")


def update_draft_on_publish(sender, instance, **kwargs):
    """Opt-in per page: re-publishing the page on the site updates its WeChat draft.

    Other pages that WeChat could show get their images converted now, in the
    background, so that a later 同步到草稿箱 only uploads them (reported in
    bench/wechat_bench.py as "publish-time preparation").
    """
    from .renderers.base import renderer_for
    from .tasks import prepare_images_task, sync_draft_task

    if WeChatArticle.objects.filter(page_id=instance.pk, auto_update=True).exists():
        user = getattr(kwargs.get("revision"), "user_id", None)
        transaction.on_commit(lambda: sync_draft_task.enqueue(instance.pk, user))
    elif (
        settings.WECHAT_APP_ID  # the channel is configured
        and getattr(settings, "WECHAT_PREPARE_ON_PUBLISH", True)
        and renderer_for(instance)
    ):
        transaction.on_commit(lambda: prepare_images_task.enqueue(instance.pk))


def withdraw_articles_showing(sender, instances, reason, **kwargs):
    """Every article (live or draft) that showed one of these objects is corrected."""
    from django.contrib.contenttypes.models import ContentType

    from .tasks import withdraw_task

    instances = list(instances)
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=True)
    ids = [str(obj.pk) for obj in instances]
    shown = WeChatShownObject.objects.filter(content_type=content_type, object_id__in=ids)
    labels = {str(obj.pk): str(obj) for obj in instances}
    for article_id in shown.values_list("article_id", flat=True).distinct():
        objects = sorted(
            {
                labels[i]
                for i in shown.filter(article_id=article_id).values_list("object_id", flat=True)
            }
        )
        why = LEFT_PUBLIC_REASONS.get(reason, reason)
        # Remembered before the task runs: if WeChat cannot be reached, the panel says so
        # and `manage.py wechat_retry` tries again.
        WeChatArticle.objects.filter(pk=article_id).update(
            withdrawal_pending=f"{why}（{len(objects)} 项）"
        )
        transaction.on_commit(
            lambda article_id=article_id, objects=objects, why=why: withdraw_task.enqueue(
                article_id, why, objects
            )
        )


def publication_finished(
    sender, publish_id, publish_status, article_id=None, article_urls=(), **kwargs
):
    """PUBLISHJOBFINISH from the callback: the same update as polling freepublish/get."""
    from .sync import apply_publication

    article = (
        WeChatArticle.objects.filter(publish_id=str(publish_id)).select_related("page").first()
    )
    if article is None:
        return
    job = {
        "publish_id": str(publish_id),
        "publish_status": int(publish_status),
        "article_id": article_id,
        "article_detail": {"item": [{"article_url": url} for url in article_urls or []]},
    }
    apply_publication(article, job)
