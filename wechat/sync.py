"""Republishing: page → draft (同步到草稿箱) → published article (发布), and back off the account.

Every step checks the recorded state first, so a retried task never makes a
second draft or a second article: a page with a draft updates it, a page
being published is polled rather than submitted again, an unchanged draft is
not sent at all.  Each step is written to Wagtail's audit log of the page.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from . import images as wimages
from .client import WeChatError, get_client
from .models import WeChatArticle, WeChatShownObject
from .renderers.base import RenderError, renderer_for
from .renderers.html import placeholder
from .uploads import upload_images

CONTENT_MAX_CHARS = 20000
CONTENT_MAX_BYTES = 1024 * 1024


class Busy(Exception):
    """Another worker is working on the same page right now."""

    message = "另一个同步或发布任务正在处理这个页面，请稍后刷新查看。"


@dataclass
class SyncResult:
    uploads: int = 0
    reused: int = 0
    draft_calls: int = 0
    unchanged: bool = False
    convert_seconds: float = 0.0  # CPU time of renditions and conversion, on the convert pool
    pipeline_seconds: float = 0.0  # wall time from the first conversion to the last upload


def article_for(page) -> WeChatArticle:
    article, _ = WeChatArticle.objects.get_or_create(page_id=page.pk)
    return article


@contextlib.contextmanager
def page_lock(page_id):
    """One worker per page at a time, across processes (the shared cache)."""
    key = f"wechat:page-lock:{page_id}"
    if not cache.add(key, "1", timeout=600):
        raise Busy()
    try:
        yield
    finally:
        cache.delete(key)


def _log(page, action, user=None, **data):
    log(instance=page, action=action, user=user, data=data)


def record_error(page, error, user=None):
    """Keep the error on the article for the admin and in the audit log."""
    article = article_for(page)
    article.last_error = getattr(error, "message", str(error))
    article.last_errcode = getattr(error, "errcode", None)
    article.save(update_fields=["last_error", "last_errcode", "updated_at"])
    _log(page, "wechat.failed", user, error=article.last_error, errcode=article.last_errcode)


# -- rendering and images ------------------------------------------------------------


def render(page, article):
    page = page.specific
    renderer = renderer_for(page)
    if renderer is None:
        raise RenderError("这种页面不同步到微信公众号。")
    return renderer.render(
        page, title_override=article.title_override, digest_override=article.digest_override
    )


def build_payload(rendered, urls, thumb_media_id):
    content = rendered.html
    # Replace from the highest index so "wechat-image:1" never eats into "wechat-image:10".
    for index in range(len(urls) - 1, -1, -1):
        content = content.replace(f'src="{placeholder(index)}"', f'src="{urls[index]}"')
    if len(content) >= CONTENT_MAX_CHARS or len(content.encode()) >= CONTENT_MAX_BYTES:
        raise RenderError(
            f"正文排版后有 {len(content)} 个字符，超过微信 {CONTENT_MAX_CHARS} 个字符的限制："
            "请精简正文或拆分为多篇文章。"
        )
    return {
        "article_type": "news",
        "title": rendered.title,
        "author": rendered.author,
        "digest": rendered.digest,
        "content": content,
        "content_source_url": rendered.content_source_url,
        "thumb_media_id": thumb_media_id,
        "pic_crop_235_1": wimages.CROP_235_1,
        "pic_crop_1_1": wimages.CROP_1_1,
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    }


def _replace_shown(article, role, shown):
    article.shown_objects.filter(role=role).delete()
    WeChatShownObject.objects.bulk_create(
        [
            WeChatShownObject(article=article, role=role, content_type_id=ct, object_id=pk)
            for ct, pk in dict.fromkeys(shown)
        ]
    )


def prepare_images(page) -> int:
    """Make a page's WeChat renditions ahead of 同步到草稿箱 (at publish time); returns how many."""
    page = page.specific
    renderer = renderer_for(page)
    if renderer is None:
        return 0
    return wimages.prepare(*renderer.pictures(page))


# -- the steps ---------------------------------------------------------------------------


def sync_draft(page, *, user=None, correction=False) -> SyncResult:
    """同步到草稿箱: create the page's draft, or update it; nothing is sent if nothing changed."""
    result = SyncResult()
    with page_lock(page.pk):
        # Saved with the draft below: one commit fewer on a page's first sync.
        article = WeChatArticle.objects.filter(page_id=page.pk).first() or WeChatArticle(
            page_id=page.pk
        )
        if article.state == WeChatArticle.State.PUBLISHING:
            raise RenderError("文章正在发布中，发布完成后才能更新草稿。")
        page = page.specific_class.objects.get(pk=page.pk)
        if not page.live:
            raise RenderError("页面尚未在网站上发布，不能同步到公众号。")
        rendered = render(page, article)
        urls, thumb = upload_images(rendered, result)
        payload = build_payload(rendered, urls, thumb)
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        client = get_client()
        if (article.draft_media_id and article.draft_hash == digest) or (
            not article.draft_media_id and article.published_hash == digest
        ):
            result.unchanged = True
        elif article.draft_media_id:
            try:
                client.post(
                    "draft/update",
                    data={"media_id": article.draft_media_id, "index": 0, "articles": payload},
                )
            except WeChatError as error:
                if error.errcode != 40007:
                    raise
                article.draft_media_id = ""  # deleted in WeChat's web UI: make a new one
            result.draft_calls += 1
        if not article.draft_media_id and not result.unchanged:
            # Posted directly: wechatpy's draft.add drops the crop fields.
            answer = client.post("draft/add", data={"articles": [payload]})
            article.draft_media_id = answer["media_id"]
            result.draft_calls += 1
        with transaction.atomic():
            article.draft_hash = digest if article.draft_media_id else ""
            article.draft_synced_at = timezone.now()
            article.last_error, article.last_errcode = "", None
            article.needs_review = correction or (article.needs_review and result.unchanged)
            if article.state != WeChatArticle.State.PUBLISHED or not result.unchanged:
                article.state = WeChatArticle.State.DRAFT
            article.save()
            _replace_shown(article, WeChatShownObject.Role.DRAFT, rendered.shown)
            if not result.unchanged:
                _log(
                    page,
                    "wechat.corrected" if correction else "wechat.draft_synced",
                    user,
                    media_id=article.draft_media_id,
                    uploads=result.uploads,
                    reused=result.reused,
                )
    return result


def publish(page, *, user=None):
    """发布: submit the page's draft (syncing it first); a retry polls instead of resubmitting."""
    article = article_for(page)
    if article.state == WeChatArticle.State.PUBLISHING and article.publish_id:
        return refresh_publication(page, user=user)
    sync_draft(page, user=user)
    with page_lock(page.pk):
        article.refresh_from_db()
        if article.state == WeChatArticle.State.PUBLISHING:
            return article
        if not article.draft_media_id:
            raise RenderError("公众号上已是这个页面的最新版本，无需重新发布。")
        answer = get_client().freepublish.submit(article.draft_media_id)
        article.publish_id = str(answer["publish_id"])
        article.publish_status = 1
        article.state = WeChatArticle.State.PUBLISHING
        article.needs_review = False
        article.save()
        _log(page, "wechat.publish_submitted", user, publish_id=article.publish_id)
    return article


def refresh_publication(page, *, user=None):
    """Poll freepublish/get for a publication in progress."""
    article = article_for(page)
    if article.publish_id and article.state == WeChatArticle.State.PUBLISHING:
        job = get_client().freepublish.get(article.publish_id)
        apply_publication(article, job)
    return article


def apply_publication(article, job):
    """A publication result (polled or pushed by PUBLISHJOBFINISH); applying it twice changes nothing."""
    status = int(job.get("publish_status", 1))
    if article.state != WeChatArticle.State.PUBLISHING or status == 1:
        return article
    page = article.page
    article.publish_status = status
    if status != 0:
        article.state = WeChatArticle.State.FAILED
        article.last_error = f"微信发布失败：{article.publish_status_label or status}"
        article.save()
        _log(page, "wechat.publish_failed", None, publish_status=status)
        return article
    previous = article.article_id
    items = (job.get("article_detail") or {}).get("item") or []
    with transaction.atomic():
        article.article_id = str(job.get("article_id") or "")
        article.article_url = items[0]["article_url"] if items else ""
        article.published_media_id = article.draft_media_id
        article.published_hash = article.draft_hash
        article.draft_media_id = article.draft_hash = (
            ""  # WeChat moves a published draft out of the box
        )
        article.state = WeChatArticle.State.PUBLISHED
        article.published_at = timezone.now()
        article.last_error, article.last_errcode = "", None
        article.save()
        _replace_shown(
            article,
            WeChatShownObject.Role.PUBLISHED,
            article.shown_in(WeChatShownObject.Role.DRAFT).values_list(
                "content_type_id", "object_id"
            ),
        )
        _log(page, "wechat.published", None, article_id=article.article_id, url=article.article_url)
    if previous and previous != article.article_id:
        # One live article per page: the new version replaces the old one.
        _delete_article(previous)
        _log(page, "wechat.article_deleted", None, article_id=previous, reason="被新版本取代")
    if article.withdrawal_pending:
        # Something it shows left the public while it was being published.
        withdraw(article, reason=article.withdrawal_pending, objects=[])
    return article


def _delete_article(article_id):
    try:
        get_client().freepublish.delete(article_id, 0)
    except WeChatError as error:
        if error.errcode != 40007:  # already deleted (e.g. in the web UI)
            raise


def withdraw(article, *, reason, objects):
    """Something this article showed left the public: delete it from WeChat, draft a corrected one.

    A publication in flight may show it too: it is withdrawn as soon as it finishes
    (apply_publication), so `withdrawal_pending` stays set until then.
    """
    page = article.page
    with page_lock(page.pk):
        article.refresh_from_db()
        publishing = article.state == WeChatArticle.State.PUBLISHING
        if article.article_id:
            _delete_article(article.article_id)
            deleted = article.article_id
            article.article_id = article.article_url = article.published_media_id = ""
            article.published_hash = ""
            if not publishing:
                article.state = WeChatArticle.State.WITHDRAWN
            article.shown_in(WeChatShownObject.Role.PUBLISHED).delete()
            _log(
                page,
                "wechat.article_deleted",
                None,
                article_id=deleted,
                reason=reason,
                objects=objects,
            )
        if not publishing:
            article.withdrawal_pending = ""
        article.save()
    if not publishing and page.live:
        sync_draft(page, correction=True)
    return article


def mass_send(page, *, user=None):
    """群发 the published article to every follower (quota: subscription accounts once a day)."""
    article = article_for(page)
    if article.state != WeChatArticle.State.PUBLISHED or not article.published_media_id:
        raise RenderError("只有已发布的文章才能群发。")
    answer = get_client().message.send_mass_article(
        article.published_media_id,
        is_to_all=True,
        client_msg_id=f"page-{page.pk}-{article.article_id}"[:64],
    )
    article.mass_sent_at = timezone.now()
    article.save(update_fields=["mass_sent_at", "updated_at"])
    _log(page, "wechat.mass_sent", user, msg_id=answer.get("msg_id"))
    return article
