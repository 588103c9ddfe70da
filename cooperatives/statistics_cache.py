"""The statistics in Redis: ``monthly_statistics`` and ``statistics_series`` are read from the
cache when they can be, computed and stored when they cannot.

Every key carries a generation (``vca_portal.cache_generations``), bumped by any change to what
the statistics read: a submission, a plan target, a province.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from vca_portal.cache_generations import CacheGeneration

TIMEOUT = 24 * 3600
statistics_generation = CacheGeneration("cooperatives:statistics:generation")
generation = statistics_generation.current
invalidate = statistics_generation.invalidate
invalidate_on_commit = statistics_generation.invalidate_on_commit


def cached_plan(
    batch, name: str, parts: tuple, plan: Callable[[Any], Callable[[], Any]]
) -> Callable[[], Any]:
    """A plan of ``vca_portal.batch`` in front of the cache: when the value is stored, nothing
    joins ``batch`` and the value is returned as it is; otherwise ``plan(batch)`` adds its
    queries and the value it shapes is stored for the next reader."""
    key = ":".join(["cooperatives:statistics", str(generation()), name, *map(str, parts)])
    value = cache.get(key)
    if value is not None:
        return lambda: value
    shape = plan(batch)

    def shape_and_store() -> Any:
        computed = shape()
        cache.set(key, computed, TIMEOUT)
        return computed

    return shape_and_store


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
