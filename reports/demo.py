"""Demo data: the November 2021 report and last month's, built from the other apps' demo data
(which loads first), so that leadership finds the seed's month and the present (provisional
while provinces are still missing) on the dashboard and in the report list."""

from vca_portal import clock

from .models import Report
from .services import report_request

SEED_MONTH = (2021, 11)


def load(stdout) -> None:
    for year, month in sorted({SEED_MONTH, max(clock.last_closed_month(), SEED_MONTH)}):
        if Report.objects.filter(year=year, month=month).exists():
            stdout.write(f"Reports: the {month:02d}/{year} report exists.")
            continue
        report = report_request(year=year, month=month)
        # Built in-process after this transaction commits (or by the worker when there is one).
        stdout.write(f"Reports: {month:02d}/{year} report requested (version {report.version}).")
