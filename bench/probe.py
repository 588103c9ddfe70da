"""Measurements that need a fresh process of their own (peak memory): run as
``python -m bench.probe KIND ARGS...``; prints one JSON line with ``seconds`` and
``peak_mib`` (the process's peak resident memory) and ``grown_mib`` (peak minus the resident
memory once Django was set up, i.e. what the measured work added).

Kinds:
  report YEAR MONTH        the worker's build of a monthly report (sections, narrative, workbook)
  report-floor YEAR MONTH  raw SQL of the same aggregates + the same cells, write-only workbook
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


REPORT_FLOOR_SQL = {
    "national": """
        SELECT sum(established_agricultural), sum(established_non_agricultural),
               sum(dissolved_agricultural), sum(dissolved_non_agricultural), sum(active_total),
               count(*) FILTER (WHERE status IN ('submitted', 'approved')),
               count(*) FILTER (WHERE status = 'approved')
        FROM cooperatives_monthlysubmission
        WHERE year = %(year)s AND month = %(month)s AND status = 'approved'""",
    "provinces": """
        SELECT p.code, p.name, s.status, s.is_late, s.established_agricultural,
               s.established_non_agricultural, s.dissolved_agricultural,
               s.dissolved_non_agricultural, s.active_total
        FROM cooperatives_province p
        LEFT JOIN cooperatives_monthlysubmission s
          ON s.province_id = p.id AND s.year = %(year)s AND s.month = %(month)s
        WHERE p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to >= %(end)s)
        ORDER BY p.code""",
    "trend": """
        SELECT year, month, sum(established_agricultural + established_non_agricultural),
               sum(dissolved_agricultural + dissolved_non_agricultural), sum(active_total)
        FROM cooperatives_monthlysubmission
        WHERE status = 'approved' AND year * 12 + month BETWEEN %(first)s AND %(last)s
        GROUP BY year, month ORDER BY year, month""",
    "target": """
        SELECT active_target FROM cooperatives_plantarget
        WHERE year = %(year)s AND province_id IS NULL""",
    "tasks": """
        SELECT u.name, count(*), count(*) FILTER (WHERE t.status = 'completed'),
               count(*) FILTER (WHERE t.status NOT IN ('completed', 'cancelled')
                                AND t.due_on < %(end)s)
        FROM tasks_task t JOIN tasks_unit u ON u.id = t.lead_unit_id
        WHERE t.assigned_on <= %(end)s AND (t.due_on IS NULL OR t.due_on >= %(start)s)
        GROUP BY u.name ORDER BY u.name""",
    "overdue": """
        SELECT t.id, t.title, u.name, t.due_on, t.status FROM tasks_task t
        JOIN tasks_unit u ON u.id = t.lead_unit_id
        WHERE t.status NOT IN ('completed', 'cancelled') AND t.due_on < %(end)s
        ORDER BY t.due_on LIMIT 10""",
    "inspections": """
        SELECT status, count(*) FROM inspections_inspection
        WHERE start_date <= %(end)s AND (end_date IS NULL OR end_date >= %(start)s)
        GROUP BY status""",
    "complaints": """
        SELECT id, subject, due_on, status FROM inspections_complaint
        WHERE received_on <= %(end)s
          AND status IN ('received', 'accepted', 'under_investigation')
        ORDER BY due_on""",
    "meetings": """
        SELECT id, title, starts_at, kind FROM meetings_meeting
        WHERE starts_at >= %(start)s AND starts_at < %(next)s ORDER BY starts_at""",
}


def report_floor(year: int, month: int) -> dict:
    import calendar
    import datetime

    from django.db import connection
    from openpyxl import Workbook

    start = datetime.date(year, month, 1)
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    index = year * 12 + month - 1
    params = {
        "year": year,
        "month": month,
        "start": start,
        "end": end,
        "next": end + datetime.timedelta(days=1),
        "first": index - 11 + 1,
        "last": index + 1,
    }
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    with connection.cursor() as cursor:
        for name, sql in REPORT_FLOOR_SQL.items():
            cursor.execute(sql, params)
            sheet = workbook.create_sheet(name)
            for row in cursor.fetchall():
                sheet.append([excel_value(v) for v in row])
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


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vca_portal.settings.bench")
    django.setup()
    import openpyxl  # noqa: F401 - imported before the baseline, as a worker has it loaded
    from django.db import connection

    connection.ensure_connection()
    baseline = rss_mib()
    result = KINDS[argv[0]](argv[1:])
    result.update(peak_mib=round(peak_mib(), 1), grown_mib=round(peak_mib() - baseline, 1))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
