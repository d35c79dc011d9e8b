"""A purge of the page cache never touches the rate-limit counters and lookup lockouts."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_purge_keeps_rate_limit_counters_and_lockouts(settings, redis_url):
    pytest.importorskip("redis")
    from django.core.cache import caches as handler

    from cms.home.caching import purge_page_cache

    settings.WAGTAIL_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{redis_url}/0",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{redis_url}/1",
        },
    }
    for alias in ("default", "pages"):
        handler[alias].close()
        del handler[alias]  # rebuilt from the new settings
    try:
        handler["default"].set("identity-lookup:day:x", 3)
        handler["pages"].set("some-page", "<html>")
        purge_page_cache()
        assert handler["pages"].get("some-page") is None
        assert handler["default"].get("identity-lookup:day:x") == 3
    finally:
        for alias in ("default", "pages"):
            handler[alias].close()
            del handler[alias]
