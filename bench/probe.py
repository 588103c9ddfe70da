"""Measurements that need a fresh process of their own (peak memory): run as
``python -m bench.probe KIND ARGS...``; prints one JSON line with ``seconds`` and
``peak_mib`` (the process's peak resident memory) and ``grown_mib`` (peak minus the resident
memory once Django was set up, i.e. what the measured work added).

Kinds:
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


# The columns of the portal's export (``cooperatives.views.register.EXPORT_COLUMNS``), in order.
EXPORT_COLUMNS = """c.registration_code, c.name, c.kind, c.sector, c.sub_sector, p.code, p.name,
    c.status, c.established_on, c.dissolved_on, c.tax_code, c.registering_authority, c.members,
    c.charter_capital"""


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
