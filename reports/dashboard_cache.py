"""The leadership dashboard in Redis, per user (the sections are read in the user's scope), month
and day (overdue tasks and complaints depend on the date).

The key carries the statistics' generation (``cooperatives.statistics_cache``) and a generation
of its own, bumped when a unit, a task, a progress update, an inspection, a complaint or a
meeting changes (at once, and again after commit); the generations are read before the data,
so a read that raced with a change can only store under an abandoned key. ``TIMEOUT`` is short
because "upcoming meetings" of the month in progress are counted from now.
"""

import time
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "reports:dashboard:generation"
TIMEOUT = 60
WATCHED = (
    "tasks.Unit",
    "tasks.Task",
    "tasks.TaskProgress",
    "inspections.Inspection",
    "inspections.Complaint",
    "meetings.Meeting",
)


def _statistics_generation() -> int | str:
    try:
        from cooperatives.statistics_cache import generation
    except ImportError:
        return "-"
    return generation()


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def invalidate_on_commit(**kwargs) -> None:
    """Now, and again once the transaction commits (see ``cooperatives.statistics_cache``)."""
    invalidate()
    transaction.on_commit(invalidate)


def cached_dashboard(*, user, year: int, month: int, compute: Callable[[], dict]) -> dict:
    key = ":".join(
        map(
            str,
            (
                "reports:dashboard",
                _statistics_generation(),
                generation(),
                user.pk,
                year,
                month,
                timezone.localdate().isoformat(),
            ),
        )
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in WATCHED:
        try:
            model = apps.get_model(label)
        except LookupError:  # a deployment without that app
            continue
        uid = f"dashboard-cache-{label}"
        post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
    try:
        supporting = apps.get_model("tasks.Task").supporting_units.through
    except LookupError:
        return
    m2m_changed.connect(invalidate_on_commit, sender=supporting, dispatch_uid="dashboard-cache-m2m")
