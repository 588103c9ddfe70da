"""Answers of the hot read endpoints, kept in Redis.

The lists and details that every provincial office and the staff read all month (the monthly
submissions, the cooperative register) are served from the cache while nothing they show has
changed. A viewset lists the generations (``vca_portal.cache_generations``) of what its
answers are made of; any change to those models bumps a generation, and the next read
computes afresh.

The key holds the endpoint, the action, the generations, the reader's scope
(``accounts.access.reader_key``: who sees which rows), the language and the full path with its
query string. Authentication, permissions and throttles run before the cache is consulted;
only successful answers are kept."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language
from rest_framework.response import Response

from accounts.access import reader_key
from vca_portal.cache_generations import CacheGeneration

KEPT_HEADERS = ("ETag",)


class CachedReadsMixin:
    read_cache_generations: tuple[CacheGeneration, ...] = ()
    read_cache_timeout = 600

    def cached_read(self, read: Callable[[], Response]) -> Response:
        key = self._read_cache_key()
        stored = cache.get(key)
        if stored is not None:
            data, headers = stored
            response = Response(data)
            for name, value in headers.items():
                response[name] = value
            return response
        response = read()
        if response.status_code == 200:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.data, headers), self.read_cache_timeout)
        return response

    def _read_cache_key(self) -> str:
        request = self.request
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        return ":".join(
            (
                "api:read",
                self.basename,
                self.action,
                ".".join(str(generation.current()) for generation in self.read_cache_generations),
                reader_key(request.user),
                get_language() or "-",
                path,
            )
        )
