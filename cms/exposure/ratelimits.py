"""Per-client rate limits of the public exposure surfaces (django-ratelimit).

Pages, search, the 查询本人 form, the API and the feed each count in their own
group, keyed by client IP.  Rates can be changed (or switched off with None,
as the load benchmark does) through settings.EXPOSURE_RATE_LIMITS.
"""

from django.conf import settings

from cms.home.sensitive_pages import refuse_if_limited as refuse_if_group_limited

DEFAULT_RATES = {
    "page": "120/m",  # batch and index pages (enumeration beyond paging is slow)
    "search": "30/m",  # name search
    "self": "5/m",  # 查询本人 by full ID number
    "api": "60/m",  # JSON API and feed
}


def rate_for(group):
    return {**DEFAULT_RATES, **getattr(settings, "EXPOSURE_RATE_LIMITS", {})}.get(group)


def refuse_if_limited(request, *groups):
    """The 429 page if any group's limit is exceeded, else None."""
    for group in groups:
        response = refuse_if_group_limited(request, f"exposure:{group}", rate_for(group))
        if response is not None:
            return response
    return None
