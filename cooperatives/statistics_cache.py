"""The statistics in Redis: ``monthly_statistics`` and ``statistics_series`` are read from the
cache when they can be, computed and stored when they cannot.

Every key carries a generation number. Any change to what the statistics read (a submission, a
plan target, a province) bumps the generation once its transaction commits, so that the next
read computes afresh; the old entries simply expire. The generation is read *before* the figures
are computed, so a read that raced with a change can only store its figures under the old,
already abandoned generation: a stale figure is never served after the change has committed.
"""

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "cooperatives:statistics:generation"
TIMEOUT = 24 * 3600


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # After a flush: a fresh number that no earlier generation used.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate() -> None:
    """Abandon every cached statistic (now: call it after the change has committed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def invalidate_on_commit(**kwargs) -> None:
    """Signal receiver: abandon the cached statistics now (reads inside the changing
    transaction see the change) and again when it commits (a read that ran meanwhile from the
    old state may have stored its figures under the generation of the first bump)."""
    invalidate()
    transaction.on_commit(invalidate)


def cached(name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    key = ":".join(["cooperatives:statistics", str(generation()), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import MonthlySubmission, PlanTarget, Province
    from .signals import submission_figures_changed

    for model in (MonthlySubmission, PlanTarget, Province):
        uid = f"statistics-cache-{model.__name__}"
        post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
    submission_figures_changed.connect(
        invalidate_on_commit, dispatch_uid="statistics-cache-figures-changed"
    )
