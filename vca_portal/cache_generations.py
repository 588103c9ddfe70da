"""Generation-numbered cache entries: every key carries the current generation of what it was
computed from, and a change bumps the generation so that the next read computes afresh; old
entries simply expire.

A change bumps it at once (reads inside the changing transaction see the change) and again when
the transaction commits (a read that ran meanwhile from the old state can only have stored its
figures under the generation of the first bump). The generation is read *before* the data is
computed, so a stale figure is never served after a change has committed."""

import time

from django.core.cache import cache
from django.db import transaction


class CacheGeneration:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        value = cache.get(self.key)
        if value is None:
            # After a flush: a fresh number that no earlier generation used.
            cache.add(self.key, time.time_ns(), None)
            value = cache.get(self.key)
        return value

    def invalidate(self, **kwargs) -> None:
        """Abandon every entry of this generation now (also usable as a signal receiver)."""
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, time.time_ns(), None)

    def invalidate_on_commit(self, **kwargs) -> None:
        """Signal receiver: abandon the entries now and again once the transaction commits."""
        self.invalidate()
        transaction.on_commit(self.invalidate)
