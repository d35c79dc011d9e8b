"""The Redis cache backend keeps one redis-py client per connection pool and behaves as Django's."""

import pytest


def test_one_client_serves_every_call_and_values_round_trip(redis_url):
    pytest.importorskip("redis")
    from cms.home.redis_cache import RedisCache

    backend = RedisCache(f"{redis_url}/0", {"KEY_PREFIX": "t"})
    try:
        assert backend._cache.get_client() is backend._cache.get_client(write=True)
        backend.set("page", {"html": "<p>信用</p>"}, 30)
        assert backend.get("page") == {"html": "<p>信用</p>"}
        assert backend.add("page", "other", 30) is False
        backend.delete("page")
        assert backend.get("page") is None
    finally:
        backend.close()
