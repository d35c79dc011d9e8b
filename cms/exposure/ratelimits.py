"""Per-client rate limits of the public exposure surfaces (django-ratelimit).

Pages, search, the 查询本人 form, the API and the feed each count in their own
group, keyed by client IP.  Rates can be changed (or switched off with None,
as the load benchmark does) through settings.EXPOSURE_RATE_LIMITS.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django_ratelimit.core import is_ratelimited

DEFAULT_RATES = {
    "page": "120/m",      # batch and index pages (enumeration beyond paging is slow)
    "search": "30/m",     # name search
    "self": "5/m",        # 查询本人 by full ID number
    "api": "60/m",        # JSON API and feed
}


def rate_for(group):
    return {**DEFAULT_RATES, **getattr(settings, "EXPOSURE_RATE_LIMITS", {})}.get(group)


def refuse_if_limited(request, *groups):
    """The 429 response of settings.RATELIMIT_VIEW if any group's limit is exceeded, else None."""
    for group in groups:
        rate = rate_for(group)
        if rate and is_ratelimited(request, group=f"exposure:{group}", key="ip", rate=rate, increment=True):
            return import_string(settings.RATELIMIT_VIEW)(request)
    return None
