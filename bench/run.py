"""``make bench``: every figure of the national-scale benchmark and, in the same run, the floor
it is compared with; medians over repeats; a table on the console and JSON in ``bench/results/``.

Runs against the database of ``make bench-data`` (``DATABASE_URL``) with the ``bench`` settings
profile, Redis (``REDIS_URL``) and gunicorn started here as in production (``vca_portal.wsgi``,
sync workers), loaded by ``wrk`` on the loopback. Environment: ``BENCH_REPEATS`` (3),
``BENCH_DURATION`` (seconds per throughput run, 5), ``BENCH_LOAD_SECONDS`` (60),
``BENCH_WORKERS`` (gunicorn workers; by default as ``gunicorn.conf.py``, two per core plus
one), ``BENCH_ONLY`` (comma-separated figure keys to run).
"""

import datetime
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vca_portal.settings.bench")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vca_portal import clock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
REPEATS = int(os.environ.get("BENCH_REPEATS", 3))
DURATION = int(os.environ.get("BENCH_DURATION", 5))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 60))
WORKERS = int(os.environ.get("BENCH_WORKERS") or (os.cpu_count() or 1) * 2 + 1)
ONLY = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
PY = sys.executable


@dataclass
class Figure:
    key: str
    name: str
    value: float | None
    floor: float | None
    unit: str
    target: str
    passed: bool
    ratio: float | None = None
    detail: dict = field(default_factory=dict)


def median(values: list[float]) -> float:
    return statistics.median(values)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Setup -----------------------------------------------------------------------------------


def bench_user_and_token() -> tuple:
    from knox.models import AuthToken

    from accounts.authentication import delete_expired_tokens
    from accounts.choices import Role
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-api", defaults={"role": Role.STAFF})
    # Only expired tokens go: another run may be using its own.
    delete_expired_tokens(user)
    _instance, token = AuthToken.objects.create(user=user, expiry=datetime.timedelta(hours=6))
    return user, token


def load_users_tokens(count: int = 50) -> list[str]:
    """A token for each of ``count`` users, half staff and half leadership: the load test's
    concurrent users."""
    from knox.models import AuthToken

    from accounts.authentication import delete_expired_tokens
    from accounts.choices import Role
    from accounts.models import User

    tokens = []
    for number in range(1, count + 1):
        role = Role.STAFF if number % 2 else Role.LEADERSHIP
        user, _ = User.objects.get_or_create(
            username=f"bench-user-{number:02d}", defaults={"role": role}
        )
        delete_expired_tokens(user)
        tokens.append(AuthToken.objects.create(user=user, expiry=datetime.timedelta(hours=6))[1])
    return tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as in the Procfile, on a free loopback port."""

    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vca_portal.settings.bench"}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(PY).parent / "gunicorn"),
                "vca_portal.wsgi",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wrk(
    server: Server,
    token: str | list[str],
    paths: list[str],
    *,
    connections: int,
    seconds: int,
) -> dict:
    threads = 2
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths))
    try:
        env = {
            **os.environ,
            "BENCH_PATHS": listing.name,
            "BENCH_TOKEN": token if isinstance(token, str) else ",".join(token),
            "BENCH_THREADS": str(threads),
        }
        completed = subprocess.run(  # noqa: S603
            [
                shutil.which("wrk") or "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench" / "wrk.lua"),
                server.base,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(listing.name)
    line = next(x for x in completed.stdout.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = result["socket_errors"] + result["status_errors"]
    return result


def burst(server: Server, token: str, paths: list[str], *, connections: int) -> dict:
    """Each path requested once, ``connections`` at a time; requests per second over the
    whole burst. (wrk cannot stop after a fixed number of requests, which a cold-cache run
    needs: every request must be the first for its key.)"""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> int:
        request = urllib.request.Request(  # noqa: S310 - loopback
            server.base + path, headers={"Authorization": f"Token {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        statuses = list(pool.map(get, paths))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(paths) / elapsed,
        "errors": sum(1 for status in statuses if status != 200),
        "requests": len(paths),
    }


def months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out, (year, month) = [], first
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


ALL_MONTHS = months((2012, 1), (2026, 10))
WARM_MONTHS = months((2025, 11), (2026, 10))


def statistics_path(year: int, month: int) -> str:
    return f"/api/v1/statistics/monthly/?year={year}&month={month}"


# Figures ---------------------------------------------------------------------------------


def figure_dashboard_rps(server, token) -> list[Figure]:
    trivial, warm, cold = [], [], []
    warm_paths = [statistics_path(y, m) for y, m in WARM_MONTHS]
    cold_paths = [statistics_path(y, m) for y, m in ALL_MONTHS]
    errors = 0
    for repeat in range(REPEATS):
        say(f"  dashboard statistics, repeat {repeat + 1}/{REPEATS}")
        result = wrk(server, token, ["/bench/trivial/"], connections=16, seconds=DURATION)
        trivial.append(result["rps"])
        errors += result["errors"]
        cache.clear()
        result = burst(server, token, cold_paths, connections=16)
        cold.append(result["rps"])
        errors += result["errors"]
        result = wrk(server, token, warm_paths, connections=16, seconds=DURATION)
        warm.append(result["rps"])
        errors += result["errors"]
    floor = median(trivial)
    figures = []
    for key, label, runs, target in (
        ("dashboard_warm", "dashboard statistics, warm cache (req/s, 16 conn.)", warm, 0.6),
        ("dashboard_cold", "dashboard statistics, cold cache (req/s, 16 conn.)", cold, 0.25),
    ):
        value = median(runs)
        figures.append(
            Figure(
                key,
                label,
                round(value, 1),
                round(floor, 1),
                "req/s",
                f"≥ {target} × trivial JSON view",
                value / floor >= target and errors == 0,
                round(value / floor, 3),
                {"runs": runs, "floor_runs": trivial, "errors": errors},
            )
        )
    return figures


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def figure_queries(token) -> list[Figure]:
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    counts = {}
    for label, (year, month) in (("63 provinces", (2021, 11)), ("34 provinces", (2026, 10))):
        for path_label, path in (
            ("statistics", statistics_path(year, month)),
            ("dashboard", f"/api/v1/dashboard/?year={year}&month={month}"),
        ):
            cache.clear()
            counts[f"{path_label} {label}, cold"] = count_queries(client, path)
            counts[f"{path_label} {label}, warm"] = count_queries(client, path)
    figures = []
    for kind in ("statistics", "dashboard"):
        mine = {label: n for label, n in counts.items() if label.startswith(kind)}
        worst = max(mine.values())
        figures.append(
            Figure(
                f"queries_{kind}",
                f"queries per {kind} request, cold and warm cache (worst)",
                worst,
                None,
                "queries",
                "≤ 5, independent of data size",
                worst <= 5 and len({n for label, n in mine.items() if "warm" in label}) == 1,
                detail=mine,
            )
        )
    return figures


def _page_query_ms(client: Client, path: str) -> float:
    """Server time (EXPLAIN ANALYZE, median of 7) of the queries that read the page's rows:
    every query of the request on the cooperatives table except the page count. The cache is
    emptied first, or the answer would come from Redis without any query."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    page_sql = [
        q["sql"]
        for q in queries.captured_queries
        if '"cooperatives_cooperative"' in q["sql"] and "COUNT(" not in q["sql"].upper()
    ]
    if not page_sql:
        raise RuntimeError(f"{path} read no rows of the register")
    total = 0.0
    with connection.cursor() as cursor:
        for sql in page_sql:
            timings = []
            for _ in range(7):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                timings.append(plan[0]["Execution Time"])
            total += median(timings)
    return total


def figure_cooperative_list(server, token) -> list[Figure]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT province_id, count(*) FROM cooperatives_cooperative "
            "WHERE sector = 'agricultural' GROUP BY province_id ORDER BY 2 DESC LIMIT 1"
        )
        province_id, rows = cursor.fetchone()
    last_page = (rows + 49) // 50
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    # The deepest page is in the middle: the list reads each page from its nearer end.
    middle_ms = _page_query_ms(
        client,
        f"/api/v1/cooperatives/?province_id={province_id}&sector=agricultural"
        f"&page={(last_page + 1) // 2}",
    )
    figures = []
    for label, page in (("first page", 1), ("last page", last_page)):
        query = f"province_id={province_id}&sector=agricultural&page={page}"
        api, floor = [], []
        for repeat in range(REPEATS):
            say(f"  cooperative list, {label}, repeat {repeat + 1}/{REPEATS}")
            floor.append(
                wrk(
                    server,
                    token,
                    [f"/bench/cooperatives/?{query}"],
                    connections=16,
                    seconds=DURATION,
                )["rps"]
            )
            api.append(
                wrk(
                    server,
                    token,
                    [f"/api/v1/cooperatives/?{query}"],
                    connections=16,
                    seconds=DURATION,
                )["rps"]
            )
        page_ms = _page_query_ms(client, f"/api/v1/cooperatives/?{query}")
        value, base = median(api), median(floor)
        figures.append(
            Figure(
                f"cooperative_list_{'first' if page == 1 else 'last'}",
                f"cooperative list API, province + sector, {label} (req/s)",
                round(value, 1),
                round(base, 1),
                "req/s",
                "≥ 0.6 × plain .values() view; page query ≤ 1 ms",
                value / base >= 0.6 and max(page_ms, middle_ms) <= 1.0,
                round(value / base, 3),
                {
                    "page": page,
                    "rows": rows,
                    "page_query_ms": round(page_ms, 3),
                    "middle_page_query_ms": round(middle_ms, 3),
                    "runs": api,
                    "floor_runs": floor,
                },
            )
        )
    return figures


SERIES_SQL = """
    SELECT year, month,
           sum(established_agricultural) FILTER (WHERE status = 'approved'),
           sum(established_non_agricultural) FILTER (WHERE status = 'approved'),
           sum(dissolved_agricultural) FILTER (WHERE status = 'approved'),
           sum(dissolved_non_agricultural) FILTER (WHERE status = 'approved'),
           sum(active_total) FILTER (WHERE status = 'approved'),
           count(*) FILTER (WHERE status IN ('submitted', 'approved')),
           count(*) FILTER (WHERE status = 'approved')
    FROM cooperatives_monthlysubmission
    WHERE year * 12 + month BETWEEN %s AND %s {province}
    GROUP BY year, month ORDER BY year, month"""


def _time(function, repeats: int = 9) -> float:
    function()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return median(timings) * 1000


def figure_series() -> list[Figure]:
    from cooperatives.models import Province
    from cooperatives.selectors import statistics_series

    merged = (
        Province.objects.current()
        .annotate(n=django.db.models.Count("predecessors"))
        .order_by("-n", "code")
        .first()
    )
    lineage = merged.lineage_ids()
    cases = [
        (
            "series_national",
            "10-year national series (ms)",
            lambda: statistics_series(start=(2016, 11), end=(2026, 10)),
            ((2016, 11), (2026, 10)),
            "",
            [],
        ),
        (
            "series_province",
            f"province series across the 2025 merger, {merged.code} current geography (ms)",
            lambda: statistics_series(
                start=(2024, 1), end=(2026, 10), province_code=merged.code, geography="current"
            ),
            ((2024, 1), (2026, 10)),
            "AND province_id = ANY(%s)",
            [lineage],
        ),
    ]
    figures = []
    for key, label, function, (first, last), condition, extra in cases:
        params = [first[0] * 12 + first[1], last[0] * 12 + last[1], *extra]

        def raw(condition=condition, params=params):
            with connection.cursor() as cursor:
                cursor.execute(SERIES_SQL.format(province=condition), params)
                return cursor.fetchall()

        value, floor = _time(function), _time(raw)
        figures.append(
            Figure(
                key,
                label,
                round(value, 2),
                round(floor, 2),
                "ms",
                "≤ 3 × raw SQL",
                value / floor <= 3,
                round(value / floor, 3),
            )
        )
    return figures


# What people type: without accents, a document number, a province, one letter off.
SEARCH_QUERIES = [
    "hop tac xa nong nghiep",
    "ha noi",
    "thong bao ket luan",
    "784",
    "chan nuoi",
    "chuyen doi so",
    "thong bao ket lun",
]
# The tables each search reads. None of the large ones may be read whole; on a table of a
# couple of thousand rows PostgreSQL rightly prefers reading it to using an index, and those
# scans are recorded, not counted against the figure.
SEARCH_TABLES = (
    "cooperatives_cooperative",
    "meetings_document",
    "meetings_meeting",
    "tasks_task",
    "inspections_inspection",
    "inspections_complaint",
)
SEARCH_LARGE_TABLE_ROWS = 10_000


def _search_floor(query) -> None:
    """The bare indexed SQL of the same search: per kind, the count and the first five ids of
    the rows holding every word, by the same trigram index, without ranking or access rules."""
    from search import engine

    with connection.cursor() as cursor:
        for kind in engine.KINDS:
            condition = engine.contains_words(kind.text_sql(), query)
            table = kind.table
            cursor.execute(
                f"SELECT count(*) FROM {table} WHERE {condition.sql}",  # noqa: S608
                condition.params,
            )
            cursor.fetchone()
            cursor.execute(
                f"SELECT id FROM {table} WHERE {condition.sql} ORDER BY id DESC LIMIT 5",  # noqa: S608
                condition.params,
            )
            cursor.fetchall()


def _search_plans(user, query) -> dict[str, list[str]]:
    """The sequential scans in the plan of each kind's search, by kind."""
    from search import engine

    scans = {}
    for kind in engine.kinds_for(user):
        rows = engine.matching(kind, kind.rows(user), query, user)
        compiled, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {compiled}", params)
            plan = [row[0] for row in cursor.fetchall()]
        found = [line.strip() for line in plan if "Seq Scan on" in line]
        scans[kind.key] = [line for line in found if any(t in line for t in SEARCH_TABLES)]
    return scans


def figure_search() -> list[Figure]:
    """The portal's search (every kind a member of staff reads, a page of each with its
    count) against the bare indexed SQL of the same matches; and every plan free of
    sequential scans of the searched tables."""
    from accounts.choices import Role
    from accounts.models import User
    from search import engine

    user, _ = User.objects.get_or_create(username="bench-search", defaults={"role": Role.STAFF})
    with connection.cursor() as cursor:
        for table in SEARCH_TABLES:
            cursor.execute(f"ANALYZE {table}")
    large = []
    with connection.cursor() as cursor:
        for table in SEARCH_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            if cursor.fetchone()[0] >= SEARCH_LARGE_TABLE_ROWS:
                large.append(table)
    per_query, floors, scans = {}, {}, {}
    for text in SEARCH_QUERIES:
        query = engine.parse_query(text)
        engine.search(user, text)  # warm
        per_query[text] = _time(lambda text=text: engine.search(user, text), repeats=REPEATS * 3)
        floors[text] = _time(lambda query=query: _search_floor(query), repeats=REPEATS * 3)
        scans[text] = _search_plans(user, query)
    value, floor = median(list(per_query.values())), median(list(floors.values()))
    sequential = {
        text: [line for lines in kinds.values() for line in lines if any(t in line for t in large)]
        for text, kinds in scans.items()
    }
    sequential = {text: lines for text, lines in sequential.items() if lines}
    return [
        Figure(
            "search",
            f"search across the portal, {len(SEARCH_QUERIES)} queries, median (ms)",
            round(value, 2),
            round(floor, 2),
            "ms",
            "≤ 50 ms median; no sequential scan of a table of ≥ 10,000 rows",
            value <= 50 and not sequential,
            round(value / floor, 3),
            {
                "per_query_ms": {k: round(v, 2) for k, v in per_query.items()},
                "floor_per_query_ms": {k: round(v, 2) for k, v in floors.items()},
                "sequential_scans_of_large_tables": sequential,
                "large_tables": large,
                "plans_sequential_scans": scans,
            },
        )
    ]


def probe(*args: str) -> dict:
    completed = subprocess.run(  # noqa: S603
        [PY, "-m", "bench.probe", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def figure_exports() -> list[Figure]:
    """The whole register (100,000 rows), and its non-agricultural part (38 %) to check that
    memory stays flat when the rows grow 2.6 times."""
    figures = []
    for fmt in ("xlsx", "csv"):
        runs, floors, parts = [], [], []
        for repeat in range(REPEATS):
            say(f"  export {fmt}, repeat {repeat + 1}/{REPEATS}")
            floors.append(probe("export-floor", fmt))
            runs.append(probe("export", fmt))
            parts.append(probe("export", fmt, "non_agricultural"))
        value = median([r["seconds"] for r in runs])
        floor = median([r["seconds"] for r in floors])
        full_mem = median([r["grown_mib"] for r in runs])
        part_mem = median([r["grown_mib"] for r in parts])
        growth = (full_mem - part_mem) / max(part_mem, 1.0)
        figures.append(
            Figure(
                f"export_{fmt}",
                f"export of the whole register to {fmt} (s)",
                round(value, 2),
                round(floor, 2),
                "s",
                "≤ 1.5 × rows + fastest writer; memory ≤ +10 % as rows grow",
                value / floor <= 1.5 and growth <= 0.10,
                round(value / floor, 3),
                {
                    "memory_grown_mib_38k_rows": part_mem,
                    "memory_grown_mib_100k_rows": full_mem,
                    "memory_growth": round(growth, 3),
                    "runs": runs,
                    "floor_runs": floors,
                    "part_runs": parts,
                },
            )
        )
    return figures


def _officers() -> dict[int, object]:
    """A provincial officer for each current province, by the province ids they answer for."""
    from accounts.choices import Role
    from accounts.models import User
    from cooperatives.models import Province

    officers = {}
    for province in Province.objects.current():
        user, _ = User.objects.get_or_create(
            username=f"bench-officer-{province.code}",
            defaults={"role": Role.PROVINCIAL_OFFICER, "province": province},
        )
        for pk in province.lineage_ids():
            officers[pk] = user
    return officers


def figure_upload() -> list[Figure]:
    """Each province's officer uploads their filled template for the 12 months of 2011 (the
    year before the dataset); the time is all 63 uploads together, then they are rolled back."""
    from cooperatives.services.intake import submissions_upload

    workbooks = _upload_workbooks()
    officers = _officers()
    with connection.cursor() as cursor:
        for table in _UPLOAD_TABLES:
            cursor.execute(f"VACUUM {table}")
    timings = []
    repeats = max(REPEATS, 5)
    for repeat in range(repeats):
        say(f"  Excel upload, repeat {repeat + 1}/{repeats}")
        with transaction.atomic():
            started = time.perf_counter()
            saved = 0
            for province_id, data in workbooks:
                upload = submissions_upload(actor=officers[province_id], data=data)
                saved += len(upload.saved)
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    # Each rolled-back repeat leaves dead rows behind; vacuum them now rather than let them
    # slow the next run (the server may run without autovacuum).
    with connection.cursor() as cursor:
        for table in _UPLOAD_TABLES:
            cursor.execute(f"VACUUM {table}")
    value = median(timings)
    return [
        Figure(
            "upload",
            "Excel upload, 63 provinces × 12 months (s)",
            round(value, 3),
            None,
            "s",
            "≤ 1 s",
            value <= 1.0 and saved == 12 * len(workbooks),
            detail={"runs": timings, "rows_saved": saved, "workbooks": len(workbooks)},
        )
    ]


_UPLOAD_TABLES = (
    "cooperatives_monthlysubmission",
    "cooperatives_submissionevent",
    "cooperatives_monthlysubmissionevent",
)


def _upload_workbooks() -> list[tuple[int, bytes]]:
    """One filled template per province valid in 2011 (the year before the dataset)."""
    import io

    from openpyxl import load_workbook

    from cooperatives.excel import COLUMN_OF, FIRST_DATA_ROW, build_template
    from cooperatives.models import Province

    out = []
    periods = [(2011, m) for m in range(1, 13)]
    for number, province in enumerate(
        Province.objects.valid_on(datetime.date(2011, 12, 31)).order_by("code")
    ):
        workbook = load_workbook(
            io.BytesIO(build_template(province=province, months=periods, submissions=[]))
        )
        sheet = workbook.active
        active = 500 + number * 7
        for offset in range(12):
            row = FIRST_DATA_ROW + offset
            established, dissolved = (offset % 3) + 1, offset % 2
            active += established - dissolved
            sheet[f"{COLUMN_OF['established_agricultural']}{row}"] = established
            sheet[f"{COLUMN_OF['established_non_agricultural']}{row}"] = 0
            sheet[f"{COLUMN_OF['dissolved_agricultural']}{row}"] = dissolved
            sheet[f"{COLUMN_OF['dissolved_non_agricultural']}{row}"] = 0
            sheet[f"{COLUMN_OF['active_total']}{row}"] = active
        buffer = io.BytesIO()
        workbook.save(buffer)
        out.append((province.pk, buffer.getvalue()))
    return out


def figure_load(server, token) -> list[Figure]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT province_id, sector, count(*) FROM cooperatives_cooperative "
            "GROUP BY province_id, sector ORDER BY 1, 2"
        )
        groups = cursor.fetchall()
        cursor.execute("SELECT id FROM cooperatives_monthlysubmission ORDER BY id DESC LIMIT 40")
        submission_ids = [row[0] for row in cursor.fetchall()]
    paths = []
    for number, (year, month) in enumerate(ALL_MONTHS[-36:]):
        paths.append(statistics_path(year, month))
        paths.append(f"/api/v1/dashboard/?year={year}&month={month}")
        province_id, sector, rows = groups[number % len(groups)]
        page = 1 + (number * 7) % max(1, (rows + 49) // 50)
        paths.append(f"/api/v1/cooperatives/?province_id={province_id}&sector={sector}&page={page}")
        paths.append(f"/api/v1/submissions/?year={year}&month={month}")
        paths.append(f"/api/v1/submissions/{submission_ids[number % len(submission_ids)]}/")
    tokens = load_users_tokens(50)
    say(f"  load: 50 users on 50 connections for {LOAD_SECONDS} s over {len(paths)} paths")
    result = wrk(server, tokens, paths, connections=50, seconds=LOAD_SECONDS)
    return [
        Figure(
            "load",
            "load: 50 concurrent users, dashboard + lists + submissions (p95 ms)",
            round(result["p95_ms"], 1),
            None,
            "ms",
            "0 errors, p95 ≤ 300 ms",
            result["errors"] == 0 and result["p95_ms"] <= 300,
            detail=result,
        )
    ]


SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",") if n]
GROWTH_TARGET = 1.3
GROWTH_REPEATS = 7


def growth_database_url() -> str:
    """The growth figures' own database, beside the dataset's (``<name>_growth``)."""
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("BENCH_GROWTH_DATABASE_URL")
    if url:
        return url
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=parts.path + "_growth"))


def measure_growth(url: str, repeats: int) -> dict:
    """The timings of ``bench.growth`` and the CSV export of ``bench.probe``, each in a fresh
    process on the database at ``url``."""
    env = {**os.environ, "DATABASE_URL": url}
    runs = []
    for module, args in (("bench.growth", [str(repeats)]), ("bench.probe", ["export", "csv"])):
        completed = subprocess.run(  # noqa: S603
            [PY, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if completed.returncode != 0:
            raise RuntimeError(completed.stderr[-3000:])
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    measured, export = runs
    return {**measured, "export": export}


def growth_figures(results: dict[int, dict]) -> list[Figure]:
    """Each figure at the largest size against the smallest: pages and API flat (≤ 1.3 ×), the
    export linear (its time per entry ≤ 1.3 ×) with flat memory (≤ +10 %)."""
    from bench.growth import REQUESTS

    small, large = min(results), max(results)
    span = f"{small:,} → {large:,} entries"
    by_size = lambda pick: {f"{size:,}": pick(results[size]) for size in sorted(results)}  # noqa: E731
    figures = []
    for key, what, _path in REQUESTS:
        value, floor = results[large]["ms"][key], results[small]["ms"][key]
        ratio = value / floor
        figures.append(
            Figure(
                f"growth:{key}",
                f"growth: {what}, cold cache, fastest of {GROWTH_REPEATS}, {span} (ms)",
                value,
                floor,
                "ms",
                f"≤ {GROWTH_TARGET:g} × at {small:,} (flat)",
                ratio <= GROWTH_TARGET,
                round(ratio, 3),
                {
                    "fastest_ms": by_size(lambda r, key=key: r["ms"][key]),
                    "median_ms": by_size(lambda r, key=key: r.get("median_ms", {}).get(key)),
                },
            )
        )
    export = {size: results[size]["export"] for size in results}
    per_row = {size: export[size]["seconds"] / results[size]["cooperatives"] for size in export}
    ratio = per_row[large] / per_row[small]
    small_mem, large_mem = export[small]["grown_mib"], export[large]["grown_mib"]
    memory_growth = (large_mem - small_mem) / max(small_mem, 1.0)
    figures.append(
        Figure(
            "growth:export_csv",
            f"growth: export of the whole register to csv, time per entry, {span} (µs)",
            round(per_row[large] * 1e6, 2),
            round(per_row[small] * 1e6, 2),
            "µs",
            f"≤ {GROWTH_TARGET:g} × at {small:,} (linear); memory ≤ +10 %",
            ratio <= GROWTH_TARGET and memory_growth <= 0.10,
            round(ratio, 3),
            {
                "seconds": by_size(lambda r: round(r["export"]["seconds"], 3)),
                "memory_grown_mib": by_size(lambda r: r["export"]["grown_mib"]),
                "memory_growth": round(memory_growth, 3),
            },
        )
    )
    return figures


def figure_growth(sizes: list[int] = SIZES) -> list[Figure]:
    """The dataset with a register of each size in turn, in a database of its own (made here,
    dropped at the end), and the growth figures."""
    from bench.database import drop, recreate

    url = growth_database_url()
    env = {**os.environ, "DATABASE_URL": url}
    manage = [PY, str(ROOT / "manage.py")]
    recreate(url)
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
        results = {}
        for size in sorted(sizes):
            say(f"  growth: loading a register of {size:,} entries …")
            subprocess.run(  # noqa: S603
                [*manage, "generate_national_dataset", "--seed", "2021", "--flush", "--no-floor"]
                + ["--cooperatives", str(size)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            say(f"  growth: measuring at {size:,} entries …")
            results[size] = measure_growth(url, repeats=GROWTH_REPEATS)
            say(f"    {results[size]}")
    finally:
        drop(url)
    return growth_figures(results)


def figure_pages(server) -> list[Figure]:
    """Each main page in Chromium under the slow provincial network (``bench.pages``), signed
    in as staff: bytes carried and seconds to load, cold and warm."""
    from django.contrib.auth import get_user_model

    from accounts.choices import Role

    from .pages import measure, session_cookie

    user, _ = get_user_model().objects.get_or_create(
        username="bench-pages", defaults={"role": Role.STAFF}
    )
    say("Loading the main pages in Chromium on a slow network …")
    figures = []
    for load in measure(server.base, session_cookie(user, server.base)):
        name = f"page {load.path}"
        landed = load.landed == load.path
        figures += [
            Figure(
                f"pages:{load.path}:kb",
                f"{name}: transferred cold",
                round(load.cold_bytes / 1000, 1),
                150,
                "KB",
                "≤ 150 KB",
                landed and load.cold_bytes <= 150_000,
                detail={"requests": load.requests, "warm_kb": round(load.warm_bytes / 1000, 1)},
            ),
            Figure(
                f"pages:{load.path}:cold",
                f"{name}: load cold",
                round(load.cold_seconds, 2),
                2.5,
                "s",
                "≤ 2.5 s",
                landed and load.cold_seconds <= 2.5,
            ),
            Figure(
                f"pages:{load.path}:warm",
                f"{name}: load warm",
                round(load.warm_seconds, 2),
                1.0,
                "s",
                "≤ 1 s",
                landed and load.warm_seconds <= 1.0,
            ),
        ]
        if load.cold_drawn_seconds is not None:
            # Reported beside the load: the charts come after the page, and the issue sets no
            # target of their own.
            figures += [
                Figure(
                    f"pages:{load.path}:drawn-{state}",
                    f"{name}: charts drawn {state}",
                    round(seconds, 2),
                    None,
                    "s",
                    "reported",
                    landed,
                )
                for state, seconds in (
                    ("cold", load.cold_drawn_seconds),
                    ("warm", load.warm_drawn_seconds),
                )
            ]
    return figures


def check_fast_paths() -> dict:
    """The fast paths return the same figures as a plain recomputation."""
    from bench.verify import verify_statistics

    return verify_statistics(months=[(2021, 11), (2025, 6), (2025, 7), (2026, 10)])


# Report ----------------------------------------------------------------------------------


def table(figures: list[Figure]) -> str:
    lines = [
        "| figure | value | floor | ratio | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        value = f"{f.value:g} {f.unit}" if f.value is not None else "—"
        floor = f"{f.floor:g} {f.unit}" if f.floor is not None else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        lines.append(
            f"| {f.name} | {value} | {floor} | {ratio} | {f.target} | "
            f"{'pass' if f.passed else 'FAIL'} |"
        )
    return "\n".join(lines)


def main() -> int:
    started = time.monotonic()
    _user, token = bench_user_and_token()
    figures: list[Figure] = []

    def wanted(key: str) -> bool:
        return not ONLY or key in ONLY

    say("Checking the fast paths against a plain recomputation …")
    agreement = check_fast_paths()
    if wanted("queries"):
        figures += figure_queries(token)
    if wanted("series"):
        figures += figure_series()
    if wanted("search"):
        figures += figure_search()
    if wanted("upload"):
        figures += figure_upload()
    if wanted("export"):
        figures += figure_exports()
    if ONLY & {"dashboard", "list", "load", "pages"} or not ONLY:
        # Static files as production serves them: hashed, compressed, cached.
        subprocess.run(  # noqa: S603
            [PY, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"], check=True
        )
        say(f"Starting gunicorn ({WORKERS} workers) …")
        with Server() as server:
            if wanted("dashboard"):
                figures += figure_dashboard_rps(server, token)
            if wanted("list"):
                figures += figure_cooperative_list(server, token)
            if wanted("load"):
                figures += figure_load(server, token)
            if wanted("pages"):
                figures += figure_pages(server)
    if wanted("growth"):
        figures += figure_growth()
    rendered = table(figures)
    print(rendered)
    print(f"fast paths agree with recomputation: {agreement['agree']} ({agreement['checked']})")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    body = {
        "at": stamp,
        "seconds": round(time.monotonic() - started, 1),
        "repeats": REPEATS,
        "workers": WORKERS,
        "cpus": os.cpu_count(),
        "agreement": agreement,
        "figures": [asdict(f) for f in figures],
        "passed": all(f.passed for f in figures) and agreement["agree"],
    }
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(body, indent=2, default=str))
    (RESULTS / "latest.md").write_text(rendered + "\n")
    (RESULTS / "latest.json").write_text(json.dumps(body, indent=2, default=str))
    print(f"Written {path.relative_to(ROOT)} in {body['seconds']} s.")
    return 0 if body["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
