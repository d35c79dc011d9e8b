"""Whole-page cache policy (wagtail-cache) and its purge.

Only requests whose query parameters are all in settings.PAGE_CACHE_QUERY_PARAMETERS are
kept (so /?junk=1 … /?junk=N make no entries and cannot flush useful pages out), and 404s are
never kept. The pages cache is a backend of its own ("pages", its own Redis database in
production): a purge empties that database and never the rate-limit counters and lockouts.

Cached responses live at most PAGE_CACHE_SECONDS and never past the next
Asia/Shanghai midnight, so a publicity period that ends today is gone from
the cache when it ends.  Anything that changes what the public sees purges
the page cache at once: publishing, unpublishing, moving or deleting a page,
site settings, and the content_left_public signal (repaired, withdrawn,
expired, consent withdrawn).
"""

import functools
import hashlib
import logging
import time as clock
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.http import http_date

from wagtail.signals import page_published, page_unpublished, post_page_move

from wagtailcache.cache import clear_cache

from .signals import content_left_public

logger = logging.getLogger(__name__)


def seconds_until_local_midnight(now=None) -> int:
    now = timezone.localtime(now)
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))


def apply_public_cache_policy(response):
    """max-age bounded by the setting and by the end of today (Asia/Shanghai).

    A response that already says how long it may be kept keeps that, but never
    past midnight; one that says no-cache/private is left alone.
    """
    until_midnight = seconds_until_local_midnight()
    max_age = get_max_age(response)
    if max_age is None and not response.has_header("Cache-Control"):
        patch_cache_control(response, max_age=min(settings.PAGE_CACHE_SECONDS, until_midnight))
    elif max_age is not None and max_age > until_midnight:
        patch_cache_control(response, max_age=until_midnight)
    return response


class PublicCachePolicyMiddleware:
    """Applies the policy to anonymous GETs before wagtail-cache's UpdateCacheMiddleware stores them.

    Listed right after UpdateCacheMiddleware, so it sees the response first.
    Staff responses are left alone: they are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not (user is not None and user.is_authenticated)
            and not request.path.startswith("/admin/")
        ):
            apply_public_cache_policy(response)
        return response


# django.contrib.messages' cookie: a pending message makes the next page personal.
MESSAGES_COOKIE = "messages"
FAST_PATH_PREFIX = "fast-page:"


def fast_path_key(request):
    """The one cache key of a request the fast path may answer, or None.

    Only anonymous GET/HEAD requests qualify: no session, CSRF or messages cookie (so no
    user and no form state), no admin path, and query parameters from the allowlist only.
    """
    if request.method not in ("GET", "HEAD") or not settings.WAGTAIL_CACHE:
        return None
    cookies = request.COOKIES
    if cookies and any(
        name in cookies
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, MESSAGES_COOKIE)
    ):
        return None
    path = request.path
    if path.startswith(_admin_prefixes()):
        return None
    if request.GET and is_request_cacheable(request, True) is False:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the full stack answers it (400)
    scheme = "https" if request.is_secure() else "http"
    url = f"{request.method} {scheme}://{host}{request.get_full_path()}"
    return FAST_PATH_PREFIX + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


@functools.cache
def _admin_prefixes():
    # Resolved once per process: reverse() on every anonymous request cost more than the hit.
    from django.urls import reverse

    from cms.accounts.middleware import DJANGO_ADMIN_PREFIX

    return (reverse("wagtailadmin_home"), DJANGO_ADMIN_PREFIX)


class PageCacheFastPathMiddleware:
    """Answers anonymous repeat visits before any other middleware, in one cache read.

    First in MIDDLEWARE. A page that wagtail-cache (UpdateCacheMiddleware, next in line) keeps
    is also stored here as the finished response - status, every header the later middlewares
    added (security headers, CSP, Permissions-Policy, X-Frame-Options, Cache-Control, Vary) and
    the body - under a key of method, scheme, host and path. A hit replays it with max-age
    lowered to the time the entry has left, so it never outlives the local midnight either.
    Entries live in the pages cache, so every purge of the page cache removes them too.
    Anything wagtail-cache does not keep (logged-in users, no-cache/private pages such as
    exposure and credit-request pages, POST, 404s) never reaches this store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = fast_path_key(request)
        if key is None:
            return self.get_response(request)
        cache = caches[settings.WAGTAIL_CACHE_BACKEND]
        try:
            entry = cache.get(key)
        except Exception:
            logger.exception("page cache unreachable: serving uncached")
            return self.get_response(request)
        if entry is not None:
            response = replay(entry)
            if response is not None:
                return response
        response = self.get_response(request)
        self._store(cache, key, response)
        return response

    @staticmethod
    def _store(cache, key, response):
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or response.get("X-Wagtail-Cache") not in ("miss", "hit")
        ):
            return
        if response.get("Vary"):
            return  # it depends on more than the URL: the full stack decides
        timeout = get_max_age(response)
        if not timeout or timeout <= 0:
            return
        headers = [(name, value) for name, value in response.items() if name != "X-Wagtail-Cache"]
        entry = (response.status_code, headers, response.content, clock.time() + timeout)
        try:
            cache.set(key, entry, timeout)
        except Exception:
            logger.exception("could not store page in the page cache")


def replay(entry):
    """The stored response with the time it has left; None once that has run out."""
    status, headers, content, expires_at = entry
    left = int(expires_at - clock.time())
    if left <= 0:
        return None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    patch_cache_control(response, max_age=left)
    response["Expires"] = http_date(expires_at)
    response["X-Wagtail-Cache"] = "hit"
    return response


def is_request_cacheable(request, is_cacheable):
    """wagtail-cache hook: a request with any parameter outside the allowlist is not kept."""
    if is_cacheable and request.GET:
        allowed = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
        if any(name not in allowed for name in request.GET):
            return False
    return None  # leave the decision as it is


def is_response_cacheable(response, is_cacheable):
    """wagtail-cache hook: a 404 is not kept (any path could fill the cache with them)."""
    if response.status_code == 404:
        return False
    return None


def purge_page_cache(**kwargs):
    """Drop every cached page (the page cache has its own backend, so nothing else goes)."""
    if getattr(settings, "WAGTAIL_CACHE", False):
        clear_cache()
        logger.info(
            "page cache purged (%s)", kwargs.get("reason") or kwargs.get("signal_name", "change")
        )


def connect_change_receivers(prefix, *, page_deleted, settings_saved, content_changed):
    """Connect one cache's receivers to every change of what anonymous visitors see, model by
    model, so that other saves and deletes (e.g. an exposure import) pay nothing: a page
    deleted, a site setting saved, and content shown on cached pages that is not a page itself
    (e.g. honorees), which opts in with `purges_page_cache = True`, and a view restriction added
    or removed. The page cache and the front cache (cms.front_cache) both use it, so they react
    to the same changes."""
    from django.apps import apps

    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction

    for model in apps.get_models():
        label = model._meta.label
        if issubclass(model, PageViewRestriction):
            # A section made private must leave the cached pages at once (and its link the menus).
            for signal in (post_save, post_delete):
                signal.connect(
                    content_changed,
                    sender=model,
                    dispatch_uid=f"{prefix}-restriction-{signal is post_save}-{label}",
                )
        elif issubclass(model, Page):
            post_delete.connect(
                page_deleted, sender=model, dispatch_uid=f"{prefix}-deleted-{label}"
            )
        elif issubclass(model, BaseSiteSetting):
            post_save.connect(
                settings_saved, sender=model, dispatch_uid=f"{prefix}-settings-{label}"
            )
        elif getattr(model, "purges_page_cache", False):
            for signal in (post_save, post_delete):
                signal.connect(
                    content_changed,
                    sender=model,
                    dispatch_uid=f"{prefix}-{signal is post_save}-{label}",
                )


def connect_purge_signals():
    content_left_public.connect(purge_page_cache, dispatch_uid="purge-pages-left-public")
    page_published.connect(purge_page_cache, dispatch_uid="purge-pages-published")
    page_unpublished.connect(purge_page_cache, dispatch_uid="purge-pages-unpublished")
    post_page_move.connect(purge_page_cache, dispatch_uid="purge-pages-moved")
    connect_change_receivers(
        "purge-pages",
        page_deleted=_purge_on_page_delete,
        settings_saved=purge_page_cache,
        content_changed=purge_page_cache,
    )


def _purge_on_page_delete(sender, instance, **kwargs):
    if instance.live:
        purge_page_cache()
