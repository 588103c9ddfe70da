"""Answers of the hot read endpoints, kept in Redis as the bytes sent.

The lists and details that every provincial office and the staff read all month (the monthly
submissions, the cooperative register), the statistics outside systems poll and the dashboard
are served from the cache while nothing they show has changed. A view lists the generations
(``vca_portal.cache_generations``) of what its answers are made of; any change to those models
bumps a generation, and the next read computes afresh.

The key holds the view, the action, the generations, the reader's scope
(``accounts.access.reader_key``: who sees which rows), the language, the day in Vietnam (the
lateness of a month turns at a deadline) and the full path with its query string.
Authentication, permissions and throttles run before the cache is consulted; only successful
JSON answers are kept, rendered, so that a hit costs neither a serializer nor an encoder (the
browsable API's HTML pages, which show the reader, are never kept)."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.access import reader_key
from vca_portal import clock
from vca_portal.cache_generations import CacheGeneration

KEPT_HEADERS = ("ETag",)


class CachedReadsMixin:
    read_cache_generations: tuple[CacheGeneration, ...] = ()
    read_cache_timeout = 600

    def cached_read(self, read: Callable[[], Response]) -> HttpResponse:
        request = self.request
        renderer = getattr(request, "accepted_renderer", None)
        if not isinstance(renderer, JSONRenderer):
            return read()
        key = self._read_cache_key()
        stored = cache.get(key)
        if stored is not None:
            content, content_type, headers = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            return response
        response = read()
        if response.status_code == 200 and isinstance(response, Response):
            response.accepted_renderer = renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            stored = (response.content, response["Content-Type"], headers)
            cache.set(key, stored, self.read_cache_timeout)
        return response

    def _read_cache_key(self) -> str:
        request = self.request
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        view = type(self)
        return ":".join(
            (
                "api:read",
                f"{view.__module__}.{view.__qualname__}",
                getattr(self, "action", None) or request.method,
                ".".join(str(generation.current()) for generation in self.read_cache_generations),
                reader_key(request.user),
                get_language() or "-",
                clock.today().isoformat(),
                path,
            )
        )
