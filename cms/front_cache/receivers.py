"""The front cache listens to the same changes as the page cache (cms.home.caching)."""

from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.home.caching import connect_change_receivers
from cms.home.signals import LEFT_PUBLIC_REASONS, content_left_public

from . import targets
from .tasks import schedule


def purge_whole_site(reason):
    schedule(reason, bans=targets.whole_site_bans())


def _on_published(sender, instance, **kwargs):
    purge_whole_site(f"发布：{instance.title}")


def _on_unpublished(sender, instance, **kwargs):
    purge_whole_site(f"取消发布：{instance.title}")


def _on_moved(sender, instance, **kwargs):
    purge_whole_site(f"移动：{instance.title}")


def _on_page_deleted(sender, instance, **kwargs):
    if instance.live:
        purge_whole_site(f"删除：{instance.title}")


def _on_settings_saved(sender, instance, **kwargs):
    purge_whole_site(f"网站设置：{sender._meta.verbose_name}")


def _on_left_public(sender, instances=(), reason="", **kwargs):
    instances = list(instances)
    if not instances:
        return
    label = f"下线（{LEFT_PUBLIC_REASONS.get(reason, reason)}）：{sender._meta.verbose_name} {len(instances)} 条"
    urls = targets.urls_showing(sender, instances)
    if urls is None:
        purge_whole_site(label)
    else:
        schedule(label, urls=urls)


def _on_content_changed(sender, instance, **kwargs):
    purge_whole_site(f"内容变更：{sender._meta.verbose_name}")


def connect_purge_signals():
    page_published.connect(_on_published, dispatch_uid="front-cache-published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="front-cache-unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="front-cache-moved")
    content_left_public.connect(_on_left_public, dispatch_uid="front-cache-left-public")
    connect_change_receivers(
        "front-cache",
        page_deleted=_on_page_deleted,
        settings_saved=_on_settings_saved,
        content_changed=_on_content_changed,
    )
