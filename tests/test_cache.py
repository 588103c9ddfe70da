"""The Redis cache backend (``vca_portal.cache``) behaves as Django's and keeps its client."""

import pytest
from django.core.cache import caches

from vca_portal.cache import RedisCache


@pytest.fixture
def redis_cache():
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        pytest.skip("the tests run without Redis (REDIS_URL)")
    cache.clear()
    yield cache
    cache.clear()


def test_every_operation_reaches_redis(redis_cache):
    assert redis_cache.add("a", 1)
    assert not redis_cache.add("a", 2)
    redis_cache.set("b", {"x": [1, 2]}, timeout=60)
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": {"x": [1, 2]}}
    assert redis_cache.incr("a", 5) == 6
    assert redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"
    redis_cache.set("d", 1, timeout=0)  # a timeout of 0 stores nothing
    assert redis_cache.get("d") is None


def test_one_client_serves_every_command(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("e", 1)
    assert redis_cache._cache.get_client(write=True) is client
    assert client.get(redis_cache.make_key("e")) is not None
