"""Images to the 公众号: each uploaded once per account, a page's uploads concurrently.

Uploads go through one bounded thread pool per process (its threads keep their
HTTP connections) and take a slot of the per-minute quota shared by every
worker through the cache.  Conversion runs on a second small pool, without the
ORM; the calling thread, which owns the database connection, only looks up and
saves renditions and upload records.
"""

from __future__ import annotations

import io
import threading
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import images as wimages
from .client import WeChatError, base_url, get_client
from .models import WeChatImage
from .pools import pool
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


def _upload_pool():
    """Uploads: bounded by WeChat's patience rather than our cores."""
    return pool("wechat-upload", "WECHAT_UPLOAD_WORKERS", 4)


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


def _convert_and_upload(kind, purpose, image, spec, rendition):
    """Off the request thread and without the ORM: rendition bytes → WeChat bytes → upload queued.

    Returns (unsaved new rendition or None, (name, bytes, type), upload future, CPU seconds).
    """
    started = time.thread_time()
    new = None
    if image is None:
        media = wimages.default_cover()
    else:
        if rendition is not None:
            with rendition.file.storage.open(rendition.file.name, "rb") as handle:
                data = handle.read()
        else:
            new = wimages.make_rendition(image, spec)
            data = new.file.read()
            new.file.seek(0)
        media = wimages.uploadable(data, purpose, image.pk)
    cpu = time.thread_time() - started
    return new, media, _upload_pool().submit(_upload, kind, *media), cpu


def upload_images(rendered, result: SyncResult):
    """Upload what the account does not have yet; returns (body URLs, thumb media_id).

    A page's missing images are converted on a small pool of threads (Pillow
    works outside the GIL) and each goes to the upload pool as soon as its bytes
    are ready, so conversion and uploads overlap. Renditions already made (at
    publish time, or for another account) are only read.
    """
    account = account_key()
    wanted = []  # (kind, key, image or None for the default cover, purpose)
    for image in rendered.images:
        wanted.append((WeChatImage.Kind.BODY, wimages.file_key(image, "body"), image, "body"))
    if rendered.cover is not None:
        cover = rendered.cover
        wanted.append((WeChatImage.Kind.THUMB, wimages.file_key(cover, "thumb"), cover, "thumb"))
    else:
        key = f"default-cover:{wimages.CONVERSION_VERSION}"
        wanted.append((WeChatImage.Kind.THUMB, key, None, "thumb"))
    known = {
        (row.kind, row.key): row
        for row in WeChatImage.objects.filter(account=account, key__in={w[1] for w in wanted})
    }
    jobs = {}
    pool = wimages.convert_pool()
    started = time.perf_counter()
    todo = {}
    for kind, key, image, purpose in wanted:
        if (kind, key) not in known and (kind, key) not in todo:
            todo[(kind, key)] = (image, purpose, image and wimages.spec_for(image, purpose))
    have = wimages.existing_renditions(
        (image, spec) for image, _, spec in todo.values() if image is not None
    )
    for (kind, key), (image, purpose, spec) in todo.items():
        rendition = have.get((image.pk, spec)) if image is not None else None
        jobs[(kind, key)] = (
            image,
            pool.submit(_convert_and_upload, kind, purpose, image, spec, rendition),
        )
    answers, sizes, errors, broken, uploading = {}, {}, [], None, {}
    made = []  # renditions to store, while the uploads are in flight
    for (kind, key), (image, converting) in jobs.items():
        try:
            new, media, uploading[(kind, key)], cpu = converting.result()
        except Exception as error:  # a broken or unreadable file: tell the editor which
            broken = broken or error
            continue
        result.convert_seconds += cpu
        sizes[(kind, key)] = len(media[1])
        if new is not None:
            made.append((image, new))
    for image, new in made:
        wimages.save_rendition(image, new)
    for (kind, key), future in uploading.items():
        try:
            answers[(kind, key)] = future.result()
        except WeChatError as error:
            errors.append(error)
    result.pipeline_seconds += time.perf_counter() - started
    with transaction.atomic():  # one commit for the page's new images
        for (kind, key), answer in answers.items():
            row, _ = WeChatImage.objects.get_or_create(
                account=account,
                kind=kind,
                key=key,
                defaults={
                    "url": answer.get("url", ""),
                    "media_id": answer.get("media_id", ""),
                    "size": sizes[(kind, key)],
                },
            )
            known[(kind, key)] = row
            result.uploads += 1
    result.reused = len(wanted) - len(jobs)  # already on the account, or twice in this page
    if broken is not None:  # the images that went through are kept and reused on retry
        raise RenderError(f"有一张图片无法转换为微信支持的 JPG/PNG：{broken}") from broken
    if errors:
        raise errors[0]
    urls = [known[(kind, key)].url for kind, key, _, _ in wanted if kind == WeChatImage.Kind.BODY]
    thumb_kind, thumb_key, _, _ = wanted[-1]
    return urls, known[(thumb_kind, thumb_key)].media_id
