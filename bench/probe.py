"""Measurements that need a fresh process of their own (peak memory): run as
``python -m bench.probe KIND ARGS...``; prints one JSON line with ``seconds`` and
``peak_mib`` (the process's peak resident memory) and ``grown_mib`` (peak minus the resident
memory once Django was set up, i.e. what the measured work added).

Kinds:
  report YEAR MONTH        the worker's build of a monthly report (sections, narrative, workbook)
  report-floor YEAR MONTH  raw SQL of the same aggregates + the same cells, write-only workbook
                           (both in a process prepared as a worker's: ``worker_process``)
  export FMT [SECTOR]      the register export view, the whole register or one sector
  export-floor FMT [SECTOR]  the same rows fetched with a server-side cursor + fastest writer
"""

import csv
import io
import json
import os
import resource
import sys
import time

from vca_portal import clock


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sink(io.RawIOBase):
    """Counts what is written and keeps nothing."""

    def __init__(self):
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.size += len(data)
        return len(data)


def staff_user():
    from accounts.choices import Role
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": Role.STAFF})
    return user


def excel_value(value):
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value


# Report ---------------------------------------------------------------------------------


def report(year: int, month: int) -> dict:
    from reports.models import Report
    from reports.services import report_build

    latest = Report.objects.filter(year=year, month=month).order_by("-version").first()
    created = Report.objects.create(
        year=year, month=month, version=(latest.version + 1) if latest else 1
    )
    started = time.perf_counter()
    built = report_build(report_id=created.pk)
    seconds = time.perf_counter() - started
    size = built.workbook.size if built and built.workbook else 0
    if built and built.workbook:
        built.workbook.delete(save=False)
    Report.objects.filter(pk=created.pk).delete()
    return {"seconds": seconds, "bytes": size}


# The floor of the report build: what the build reads (the snapshot's sections) in raw SQL,
# and the cells its workbook holds, written without styles into a write-only workbook. It is
# faithful to the build, not to an earlier version of it: the 24-month trend, the first 50
# overdue tasks and open complaints with their counts (the report keeps 50 and counts all), the
# report's seven complaint columns, the complaint figures of the inspection sheet, tasks *due*
# in the month (the report's definition) per unit and per kind with their totals, the meetings
# held and the ten that follow, and the summary and sector sheets, whose cells come from those
# figures. What only the build does stays out: the narrative, the charts, cell styles, column
# widths, claiming the report, its progress, and storing the snapshot and the file.
REPORT_FLOOR_SQL = {
    # The summary sheet: label and value rows (the national figures and the plan).
    "national": """
        SELECT sum(s.established_agricultural + s.established_non_agricultural)
                 FILTER (WHERE s.status = 'approved') AS established,
               sum(s.established_agricultural) FILTER (WHERE s.status = 'approved')
                 AS established_agricultural,
               sum(s.established_non_agricultural) FILTER (WHERE s.status = 'approved')
                 AS established_non_agricultural,
               sum(s.dissolved_agricultural + s.dissolved_non_agricultural)
                 FILTER (WHERE s.status = 'approved') AS dissolved,
               sum(s.dissolved_agricultural) FILTER (WHERE s.status = 'approved')
                 AS dissolved_agricultural,
               sum(s.dissolved_non_agricultural) FILTER (WHERE s.status = 'approved')
                 AS dissolved_non_agricultural,
               sum(s.active_total) FILTER (WHERE s.status = 'approved') AS active_total,
               min(t.active_target) AS target,
               round(sum(s.active_total) FILTER (WHERE s.status = 'approved') * 100.0
                     / min(t.active_target), 1) AS percent_of_target,
               round(sum(s.active_total) FILTER (WHERE s.status = 'approved') * 100.0
                     / min(t.active_target), 1) - 100 AS above_target_percent,
               count(*) FILTER (WHERE s.status IN ('submitted', 'approved')) AS reported,
               count(*) FILTER (WHERE s.status = 'approved') AS approved
        FROM cooperatives_monthlysubmission s
        LEFT JOIN cooperatives_plantarget t ON t.year = s.year AND t.province_id IS NULL
        WHERE s.year = %(year)s AND s.month = %(month)s""",
    "provinces": """
        SELECT p.code, p.name, s.established_agricultural, s.established_non_agricultural,
               s.established_agricultural + s.established_non_agricultural,
               s.dissolved_agricultural, s.dissolved_non_agricultural,
               s.dissolved_agricultural + s.dissolved_non_agricultural, s.active_total,
               coalesce(s.status, 'missing'), s.is_late
        FROM cooperatives_province p
        LEFT JOIN cooperatives_monthlysubmission s
          ON s.province_id = p.id AND s.year = %(year)s AND s.month = %(month)s
        WHERE p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to >= %(end)s)
        ORDER BY p.code""",
    "trend": """
        SELECT to_char(month, 'FM00') || '/' || year, sum(active_total),
               sum(established_agricultural + established_non_agricultural),
               sum(dissolved_agricultural + dissolved_non_agricultural)
        FROM cooperatives_monthlysubmission
        WHERE status = 'approved' AND year * 12 + month BETWEEN %(first)s AND %(last)s
        GROUP BY year, month ORDER BY year, month""",
    # Per lead unit, per kind and in all (the empty grouping set), tasks due in the month.
    "tasks": """
        SELECT u.name, t.kind, count(*),
               count(*) FILTER (WHERE t.status = 'completed'),
               count(*) FILTER (WHERE t.status NOT IN ('completed', 'cancelled')
                                AND t.due_on < %(as_of)s)
        FROM tasks_task t JOIN tasks_unit u ON u.id = t.lead_unit_id
        WHERE t.due_on >= %(start)s AND t.due_on <= %(end)s
        GROUP BY GROUPING SETS ((u.name), (t.kind), ())
        ORDER BY u.name NULLS LAST, t.kind NULLS LAST""",
    # Counted apart: a count over the window would sort every overdue task, not the first 50.
    "overdue_count": """
        SELECT count(*) FROM tasks_task
        WHERE status NOT IN ('completed', 'cancelled') AND due_on < %(as_of)s""",
    "overdue": """
        SELECT t.title, u.name, t.due_on, t.status FROM tasks_task t
        JOIN tasks_unit u ON u.id = t.lead_unit_id
        WHERE t.status NOT IN ('completed', 'cancelled') AND t.due_on < %(as_of)s
        ORDER BY t.due_on, t.id LIMIT %(limit)s""",
    "inspections": """
        SELECT status, count(*) FROM inspections_inspection
        WHERE start_date <= %(end)s AND (concluded_on IS NULL OR concluded_on >= %(start)s)
        GROUP BY ROLLUP (status) ORDER BY status NULLS LAST""",
    "complaint_figures": """
        SELECT count(*) FILTER (WHERE received_on <= %(as_of)s
                                AND (closed_on IS NULL OR closed_on > %(as_of)s)) AS open,
               count(*) FILTER (WHERE received_on <= %(as_of)s
                                AND (closed_on IS NULL OR closed_on > %(as_of)s)
                                AND due_on < %(as_of)s) AS overdue,
               count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s) AS received,
               count(*) FILTER (WHERE status = 'resolved'
                                AND closed_on BETWEEN %(start)s AND %(end)s) AS resolved
        FROM inspections_complaint""",
    "complaints": """
        SELECT c.id, c.subject, u.name, c.received_on, c.due_on, c.due_on < %(as_of)s,
               c.status, count(*) OVER (),
               count(*) FILTER (WHERE c.due_on < %(as_of)s) OVER ()
        FROM inspections_complaint c LEFT JOIN tasks_unit u ON u.id = c.handling_unit_id
        WHERE c.status IN ('received', 'accepted', 'under_investigation')
        ORDER BY c.due_on, c.id LIMIT %(limit)s""",
    "meetings_held": """
        SELECT id, title, starts_at, kind, format FROM meetings_meeting
        WHERE starts_at >= %(month_start)s AND starts_at < %(month_next)s
          AND starts_at <= %(now)s
        ORDER BY starts_at, id""",
    "meetings_upcoming": """
        SELECT id, title, starts_at, kind, format FROM meetings_meeting
        WHERE starts_at >= %(after)s ORDER BY starts_at, id LIMIT 10""",
}


def report_floor(year: int, month: int) -> dict:
    """See REPORT_FLOOR_SQL."""
    import calendar
    import datetime

    from django.db import connection
    from django.utils import timezone
    from openpyxl import Workbook

    start = datetime.date(year, month, 1)
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    index = year * 12 + month - 1
    now = clock.now()
    local = timezone.get_current_timezone()
    month_start = datetime.datetime.combine(start, datetime.time.min, local)
    month_next = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), local)
    params = {
        "year": year,
        "month": month,
        "start": start,
        "end": end,
        "as_of": min(end, clock.today()),
        "first": index - 23 + 1,
        "last": index + 1,
        "limit": 50,
        "month_start": month_start,
        "month_next": month_next,
        "now": now,
        "after": min(now, month_next),
    }
    started = time.perf_counter()
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in REPORT_FLOOR_SQL.items():
            cursor.execute(sql, params)
            rows[name] = ([c.name for c in cursor.description], cursor.fetchall())
    workbook = Workbook(write_only=True)

    def sheet(title, *tables):
        """A title row, then each table (a header and its rows) after a blank row."""
        ws = workbook.create_sheet(title)
        ws.append([title])
        for header, values in tables:
            ws.append([])
            ws.append(header)
            for row in values:
                ws.append([excel_value(v) for v in row])

    names, (national,) = rows["national"]
    tasks = rows["tasks"][1]
    total = next(t for t in tasks if t[0] is None and t[1] is None)
    complaints = rows["complaints"][1]
    counts = complaints[0][7:] if complaints else (0, 0)
    summary = [
        *zip(names, national, strict=True),
        *zip(("completed", "total", "overdue"), (total[3], total[2], total[4]), strict=True),
        *zip(("open", "overdue"), counts, strict=True),
    ]
    sheet("summary", (["label", "value"], summary))
    sheet("provinces", rows["provinces"])
    sectors = [
        ("agricultural", national[1], national[4]),
        ("non_agricultural", national[2], national[5]),
        ("total", national[0], national[3]),
    ]
    sheet("sectors", (["sector", "established", "dissolved"], sectors), rows["trend"])
    by_unit = [(t[0], *t[2:]) for t in tasks if t[0] is not None or t[1] is None]
    overdue = rows["overdue"][1]
    sheet("tasks", (["unit", "total", "completed", "overdue"], by_unit), (["task"] * 4, overdue))
    inspections = [
        *rows["inspections"][1],
        *zip(rows["complaint_figures"][0], rows["complaint_figures"][1][0], strict=True),
    ]
    sheet("inspections", (["status", "count"], inspections))
    sheet("complaints", (rows["complaints"][0][:7], [c[:7] for c in complaints]))
    sink = Sink()
    workbook.save(sink)
    return {"seconds": time.perf_counter() - started, "bytes": sink.size}


# Export ---------------------------------------------------------------------------------


def export(fmt: str, sector: str = "") -> dict:
    from django.test import RequestFactory

    from cooperatives.views.register import CooperativeExportView

    request = RequestFactory().get(f"/register/export.{fmt}", {"sector": sector} if sector else {})
    request.user = staff_user()
    request.session = {}
    started = time.perf_counter()
    response = CooperativeExportView.as_view()(request, fmt=fmt)
    sink = Sink()
    if response.streaming:
        for chunk in response.streaming_content:
            sink.write(chunk)
    else:
        sink.write(response.content)
    if hasattr(response, "close"):
        response.close()
    return {
        "seconds": time.perf_counter() - started,
        "bytes": sink.size,
        "status": response.status_code,
    }


EXPORT_COLUMNS = """c.registration_code, c.name, c.kind, c.sector, c.sub_sector, p.code, p.name,
    c.status, c.established_on, c.dissolved_on, c.members, c.charter_capital"""


def export_floor(fmt: str, sector: str = "") -> dict:
    from django.db import connection, transaction
    from openpyxl import Workbook

    started = time.perf_counter()
    sink = Sink()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = connection.connection
        with raw.cursor(name="bench_export") as server_side:
            server_side.itersize = 2000
            server_side.execute(
                f"SELECT {EXPORT_COLUMNS} FROM cooperatives_cooperative c "  # noqa: S608
                "JOIN cooperatives_province p ON p.id = c.province_id "
                "WHERE %s = '' OR c.sector = %s ORDER BY c.name, c.id",
                [sector, sector],
            )
            if fmt == "csv":
                text = io.TextIOWrapper(sink, encoding="utf-8", newline="")
                writer = csv.writer(text)
                for row in server_side:
                    writer.writerow(row)
                text.flush()
            else:
                workbook = Workbook(write_only=True)
                sheet = workbook.create_sheet("register")
                for row in server_side:
                    sheet.append(list(row))
                workbook.save(sink)
        del cursor
    return {"seconds": time.perf_counter() - started, "bytes": sink.size}


KINDS = {
    "report": lambda a: report(int(a[0]), int(a[1])),
    "report-floor": lambda a: report_floor(int(a[0]), int(a[1])),
    "export": lambda a: export(*a),
    "export-floor": lambda a: export_floor(*a),
}


def worker_process() -> None:
    """What a Celery worker's pool process has done before a build, as it has the database
    connection that ``main`` opens for every kind. Before forking its pool the worker runs
    Django's system checks (Celery's Django fixup, which fills the models' metadata caches
    the ORM otherwise fills on first use) and connects to the broker (which imports redis-py,
    the statistics cache's client too); the cache's connection then stays open from one task
    to the next, as the database's does."""
    from django.core.cache import cache
    from django.core.checks import run_checks

    from vca_portal.celery import app

    run_checks()
    app.connection_for_write().transport  # noqa: B018 - imports the transport, connects nothing
    cache.get("bench:probe")


# What a kind's process has done before the measured work, as the real process would have.
PREPARE = {"report": worker_process, "report-floor": worker_process}


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vca_portal.settings.bench")
    django.setup()
    import openpyxl  # noqa: F401 - imported before the baseline, as a worker has it loaded
    from django.db import connection

    connection.ensure_connection()
    if argv[0] in PREPARE:
        PREPARE[argv[0]]()
    baseline = rss_mib()
    result = KINDS[argv[0]](argv[1:])
    result.update(peak_mib=round(peak_mib(), 1), grown_mib=round(peak_mib() - baseline, 1))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
