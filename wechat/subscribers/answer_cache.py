"""Answers to the same words are the same for every subscriber: they are kept in the shared cache.

Keyed by the normalised text and the site, under a version number that every change of what the
answers are made of bumps (pages published, unpublished, moved or deleted; anything that left the
public; the publicity calendar; keyword replies; the settings), and never kept past
ANSWER_CACHE_SECONDS nor past midnight (Asia/Shanghai), when "进行中" and publicity periods change.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.home.caching import seconds_until_local_midnight
from cms.home.signals import content_left_public

ANSWER_CACHE_SECONDS = 300
VERSION_KEY = "wechat:answers:version"


def invalidate(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value retires the old answers
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(kind: str, text: str, site: str, compute):
    """compute()'s answer for these words on this site, from the shared cache when it is there.

    The answer is stored with the version it was computed under, so one round trip (get_many)
    reads both the current version and the answer."""
    digest = hashlib.sha1(f"{site}\n{text}".encode()).hexdigest()
    # The day is in the key: an answer never crosses midnight, whatever the cache's clock.
    key = f"wechat:answers:{timezone.localdate():%Y%m%d}:{kind}:{digest}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    answer = compute()
    timeout = min(ANSWER_CACHE_SECONDS, seconds_until_local_midnight())
    cache.set(key, (version, answer), timeout=timeout)
    return answer


def connect_invalidation() -> None:
    from django.apps import apps

    from wagtail.models import Page

    content_left_public.connect(invalidate, dispatch_uid="wechat-answers-left-public")
    page_published.connect(invalidate, dispatch_uid="wechat-answers-published")
    page_unpublished.connect(invalidate, dispatch_uid="wechat-answers-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="wechat-answers-moved")
    watched = [
        apps.get_model("campaigns", "PublicityEvent"),
        apps.get_model("campaigns", "PublicityEventDate"),
        apps.get_model("wechat_subscribers", "KeywordReply"),
        apps.get_model("wechat_subscribers", "SubscriberSettings"),
    ]
    for model in watched:
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate, sender=model, dispatch_uid=f"wechat-answers-{model._meta.label}"
            )
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"wechat-answers-del-{model._meta.label}"
            )
