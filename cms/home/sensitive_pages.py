"""Pages that show or take personal data (exposure lists, objections and repairs).

They are kept out of search engines and archives, never kept by any cache (so
every request meets its rate limit, and a record that leaves the public is gone
on the next request), and rate limited per client IP with django-ratelimit.
"""

from django.utils.cache import add_never_cache_headers

from django_ratelimit.core import is_ratelimited

from .views import rate_limited

ROBOTS = (
    "noindex, noarchive"  # the <meta name="robots"> tag says the same: includes/robots_noindex.html
)


def refuse_if_limited(request, group, rate):
    """Count this request in `group`; the Chinese 429 page once `rate` is exceeded, else None.

    A rate of None switches the limit off (the load benchmarks do).
    """
    if rate and is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
        return rate_limited(request)
    return None


def protect(response):
    """No search engine, no archive, no cache."""
    response["X-Robots-Tag"] = ROBOTS
    add_never_cache_headers(response)
    return response
