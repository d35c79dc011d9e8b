"""Background work of the WeChat channel (django-tasks): sync, publish, poll, withdraw, mass send.

Each task records its outcome on the page's WeChatArticle.  Errors that may
pass (network, WeChat busy, quotas) are retried later when the backend can
defer (the database backend in production); the steps in sync.py check the
recorded state first, so a retry never makes a second draft or article.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page

from django_tasks import default_task_backend, task

from . import sync
from .client import WeChatError
from .models import WeChatArticle
from .renderers.base import RenderError

logger = logging.getLogger(__name__)

TRANSIENT = {None, -1, 45009, 45011}


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def _run(step, task_obj, page, user_id, attempt):
    try:
        step(page, user=_user(user_id))
        return "ok"
    except (WeChatError, RenderError, sync.Busy) as error:
        sync.record_error(page, error, _user(user_id))
        retry = isinstance(error, sync.Busy) or getattr(error, "errcode", 0) in TRANSIENT
        if (
            retry
            and attempt < getattr(settings, "WECHAT_TASK_ATTEMPTS", 4)
            and default_task_backend.supports_defer
        ):
            delay = timedelta(seconds=30 * 2 ** (attempt - 1))
            task_obj.using(run_after=timezone.now() + delay).enqueue(page.pk, user_id, attempt + 1)
            logger.warning(
                "WeChat %s of page %s failed (%s); retry %s",
                step.__name__,
                page.pk,
                error,
                attempt + 1,
            )
        return "error"


@task()
def sync_draft_task(page_id, user_id=None, attempt=1):
    page = Page.objects.get(pk=page_id)
    return _run(sync.sync_draft, sync_draft_task, page, user_id, attempt)


@task()
def prepare_images_task(page_id):
    """After the page is published: its WeChat renditions, so that a later sync only uploads."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return "gone"
    try:
        sync.prepare_images(page)
    except Exception:  # a broken file: 同步到草稿箱 will tell the editor which, when it is clicked
        logger.exception("WeChat images of page %s could not be prepared", page_id)
        return "error"
    return "ok"


@task()
def publish_task(page_id, user_id=None, attempt=1):
    page = Page.objects.get(pk=page_id)
    outcome = _run(sync.publish, publish_task, page, user_id, attempt)
    if outcome == "ok" and default_task_backend.supports_defer:
        refresh_publication_task.using(run_after=timezone.now() + timedelta(seconds=10)).enqueue(
            page_id
        )
    return outcome


@task()
def refresh_publication_task(page_id, user_id=None, attempt=1):
    page = Page.objects.get(pk=page_id)
    outcome = _run(sync.refresh_publication, refresh_publication_task, page, None, attempt)
    article = WeChatArticle.objects.get(page_id=page_id)
    if (
        article.state == WeChatArticle.State.PUBLISHING
        and default_task_backend.supports_defer
        and attempt < 30
    ):
        refresh_publication_task.using(run_after=timezone.now() + timedelta(seconds=20)).enqueue(
            page_id, None, attempt + 1
        )
    return outcome


@task()
def mass_send_task(page_id, user_id=None, attempt=1):
    page = Page.objects.get(pk=page_id)
    # never retried automatically: a second attempt could reach followers twice
    try:
        sync.mass_send(page, user=_user(user_id))
        return "ok"
    except (WeChatError, RenderError) as error:
        sync.record_error(page, error, _user(user_id))
        return "error"


@task()
def withdraw_task(article_id, reason, objects, attempt=1):
    article = WeChatArticle.objects.select_related("page").get(pk=article_id)
    try:
        sync.withdraw(article, reason=reason, objects=objects)
        return "ok"
    except (WeChatError, RenderError, sync.Busy) as error:
        sync.record_error(article.page, error)
        if (
            attempt < getattr(settings, "WECHAT_TASK_ATTEMPTS", 4)
            and default_task_backend.supports_defer
        ):
            withdraw_task.using(run_after=timezone.now() + timedelta(seconds=60 * attempt)).enqueue(
                article_id, reason, objects, attempt + 1
            )
        return "error"


@task()
def retry_withdrawal_task(page_id, user_id=None, attempt=1):
    """The 重试删除 button and `manage.py wechat_retry`: a withdrawal that has not gone through."""
    article = WeChatArticle.objects.select_related("page").get(page_id=page_id)
    if not article.withdrawal_pending:
        return "ok"
    try:
        sync.withdraw(article, reason=article.withdrawal_pending, objects=[])
        return "ok"
    except (WeChatError, RenderError, sync.Busy) as error:
        sync.record_error(article.page, error, _user(user_id))
        return "error"
