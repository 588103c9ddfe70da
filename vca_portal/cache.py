"""The Redis cache backend, keeping its redis-py clients.

Django's backend builds a new ``redis.Redis`` client around its connection pool for every
command; building one costs about a quarter of a millisecond, and an API request makes half a
dozen cache calls (throttles, generations, cached figures). This backend keeps one client per
pool. A backend instance belongs to one thread (``django.core.cache.caches``), and a redis-py
client over a pool is safe to reuse."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
