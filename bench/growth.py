"""How what people wait for grows with the register: ``make bench`` loads the national dataset
with a register of each size of ``BENCH_SIZES`` (by default 10,000, 100,000 and 1,000,000
entries; the rest of the dataset as at full size) into a database of its own, one size after the
other, and times the same requests on each; the growth factor of a figure is its value at the
largest size over its value at the smallest.

Timed in the process that serves them (Django's test client, signed in as staff), each the
fastest of ``repeats`` requests with every cache abandoned before each one (what the first
reader after a change waits for; on a shared machine the others' work only adds to a request,
so the fastest is the steadiest measure of its own; the median is kept beside it): the
register's first page and a province's, the register API's first page of a province and
sector, a month's statistics, the dashboard and the search (its page and its API). The export
of the whole register to CSV runs in a fresh process (``bench.probe``), which also reports how
much its memory grew.

``python -m bench.growth`` (``DATABASE_URL`` the loaded database) prints the timings as JSON."""

import json
import os
import statistics
import sys
import time

REQUESTS = (
    # key, what, path (``{province}`` the province with the most agricultural entries)
    ("register_page", "register page, first page", "/cooperatives/register/"),
    (
        "register_province",
        "register page of a province and sector",
        "/cooperatives/register/?province={province}&sector=agricultural",
    ),
    (
        "register_api",
        "register API, a province and sector, first page",
        "/api/v1/cooperatives/?province_id={province}&sector=agricultural",
    ),
    ("statistics", "statistics of a month (API)", "/api/v1/statistics/monthly/?year=2026&month=10"),
    ("dashboard", "dashboard page", "/reports/dashboard/?year=2026&month=10"),
    ("search", "search page, 'hop tac xa nong nghiep'", "/search/?q=hop+tac+xa+nong+nghiep"),
    (
        "search_api",
        "search API, 'hop tac xa nong nghiep'",
        "/api/v1/search/?q=hop+tac+xa+nong+nghiep",
    ),
)


def abandon_caches() -> None:
    from bench.dataset import invalidate_caches
    from cooperatives.register_cache import register_generation

    invalidate_caches()
    register_generation.invalidate()


def largest_province() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT province_id FROM cooperatives_cooperative WHERE sector = 'agricultural' "
            "GROUP BY province_id ORDER BY count(*) DESC, province_id LIMIT 1"
        )
        return cursor.fetchone()[0]


def measure(repeats: int = 7) -> dict:
    """Each request's fastest and median milliseconds, cold, on the database Django is
    connected to."""
    from django.test import Client

    from accounts.choices import Role
    from accounts.models import User
    from cooperatives.models import Cooperative

    user, _ = User.objects.get_or_create(username="bench-growth", defaults={"role": Role.STAFF})
    client = Client()
    client.force_login(user)
    province = largest_province()
    timings, medians = {}, {}
    for key, _what, path in REQUESTS:
        path = path.format(province=province)
        client.get(path)  # the code paths imported and the connection warm
        runs = []
        for _ in range(repeats):
            abandon_caches()
            started = time.perf_counter()
            response = client.get(path)
            runs.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        timings[key] = round(min(runs), 2)
        medians[key] = round(statistics.median(runs), 2)
    return {"cooperatives": Cooperative.objects.count(), "ms": timings, "median_ms": medians}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vca_portal.settings.bench")
    django.setup()
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7)))
