"""The leadership dashboard in Redis, per reader scope (the sections are read in the user's
scope, which ``accounts.access.reader_key`` sums up), month and day (overdue tasks and
complaints depend on the date).

The key carries the statistics' generation (``cooperatives.statistics_cache``) and a generation
of its own (``vca_portal.cache_generations``), bumped when a unit, a task, a progress update,
an inspection, a complaint or a meeting changes. ``TIMEOUT`` is short
because "upcoming meetings" of the month in progress are counted from now.
"""

from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache

from accounts.access import reader_key
from cooperatives.statistics_cache import statistics_generation
from vca_portal import clock
from vca_portal.cache_generations import CacheGeneration

TIMEOUT = 60
WATCHED = (
    "tasks.Unit",
    "tasks.Task",
    "tasks.TaskProgress",
    "inspections.Inspection",
    "inspections.Complaint",
    "meetings.Meeting",
)
dashboard_generation = CacheGeneration("reports:dashboard:generation")
generation = dashboard_generation.current
invalidate = dashboard_generation.invalidate
invalidate_on_commit = dashboard_generation.invalidate_on_commit


def cached_dashboard(*, user, year: int, month: int, compute: Callable[[], dict]) -> dict:
    key = ":".join(
        map(
            str,
            (
                "reports:dashboard",
                statistics_generation.current(),
                generation(),
                reader_key(user),
                year,
                month,
                clock.today().isoformat(),
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
