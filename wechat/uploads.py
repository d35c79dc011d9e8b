"""Images to the 公众号: each uploaded once per account, a page's uploads concurrently.

Uploads go through one bounded thread pool per process (its threads keep their
HTTP connections) and take a slot of the per-minute quota shared by every
worker through the cache.  Renditions and conversion stay on the calling
thread, which owns the database connection.
"""

from __future__ import annotations

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import images as wimages
from .client import WeChatError, base_url, get_client
from .models import WeChatImage
from .renderers.base import RenderError

if TYPE_CHECKING:
    from .sync import SyncResult


def account_key() -> str:
    return f"{settings.WECHAT_APP_ID}@{base_url()}"


def _rate_slot():
    """Wait for a slot within the per-minute upload quota shared by every worker."""
    per_minute = getattr(settings, "WECHAT_UPLOADS_PER_MINUTE", 600)
    while True:
        window = int(time.time() // 60)
        key = f"wechat:uploads:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            continue
        if count <= per_minute:
            return
        time.sleep(max(0.05, (window + 1) * 60 - time.time()))


_uploaders = threading.local()
_pool_lock = threading.Lock()
_pool = None


def _upload_pool():
    """One bounded pool per process, so its threads keep their HTTP connections between pages."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=getattr(settings, "WECHAT_UPLOAD_WORKERS", 4),
                thread_name_prefix="wechat-upload",
            )
        return _pool


def _thread_client():
    config = (settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, base_url())
    if getattr(_uploaders, "config", None) != config:
        _uploaders.config, _uploaders.client = config, get_client()
    return _uploaders.client


def _upload(kind, name, data, content_type):
    _rate_slot()
    client = _thread_client()
    media = (name, io.BytesIO(data), content_type)
    if kind == WeChatImage.Kind.BODY:
        return {"url": client.media.upload_image(media)}
    return client.material.add("thumb", media)


def upload_images(rendered, result: SyncResult):
    """Upload what the account does not have yet, concurrently; returns (body URLs, thumb media_id)."""
    account = account_key()
    wanted = []  # (kind, key, producer)
    for image in rendered.images:
        wanted.append(
            (
                WeChatImage.Kind.BODY,
                wimages.file_key(image, "body"),
                lambda image=image: wimages.body_image(image),
            )
        )
    if rendered.cover is not None:
        cover = rendered.cover
        wanted.append(
            (
                WeChatImage.Kind.THUMB,
                wimages.file_key(cover, "thumb"),
                lambda: wimages.cover_thumb(cover),
            )
        )
    else:
        wanted.append(
            (
                WeChatImage.Kind.THUMB,
                f"default-cover:{wimages.CONVERSION_VERSION}",
                wimages.default_cover,
            )
        )
    known = {
        (row.kind, row.key): row
        for row in WeChatImage.objects.filter(account=account, key__in={k for _, k, _ in wanted})
    }
    missing, futures, errors = {}, {}, []
    pool = _upload_pool()
    for kind, key, producer in wanted:
        if (kind, key) in known or (kind, key) in missing:
            continue
        # Renditions and conversion run here, in this thread (the ORM), each upload
        # leaving as soon as its bytes are ready, while the next one is converted.
        started = time.perf_counter()
        try:
            missing[(kind, key)] = producer()
        except Exception as error:  # a broken or unreadable file: tell the editor which
            raise RenderError(f"有一张图片无法转换为微信支持的 JPG/PNG：{error}") from error
        result.convert_seconds += time.perf_counter() - started
        futures[(kind, key)] = pool.submit(_upload, kind, *missing[(kind, key)])
    answers = {}
    for (kind, key), future in futures.items():
        try:
            answers[(kind, key)] = future.result()
        except WeChatError as error:
            errors.append(error)
    with transaction.atomic():  # one commit for the page's new images
        for (kind, key), answer in answers.items():
            row, _ = WeChatImage.objects.get_or_create(
                account=account,
                kind=kind,
                key=key,
                defaults={
                    "url": answer.get("url", ""),
                    "media_id": answer.get("media_id", ""),
                    "size": len(missing[(kind, key)][1]),
                },
            )
            known[(kind, key)] = row
            result.uploads += 1
    result.reused = len(wanted) - len(missing)  # already on the account, or twice in this page
    if errors:
        raise errors[0]  # the ones that went through are kept and reused on retry
    urls = [known[(kind, key)].url for kind, key, _ in wanted if kind == WeChatImage.Kind.BODY]
    thumb_kind, thumb_key, _ = wanted[-1]
    return urls, known[(thumb_kind, thumb_key)].media_id
