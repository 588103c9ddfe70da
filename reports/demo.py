"""Demo data: the November 2021 report, built from the other apps' demo data (which loads
first), so that leadership finds it on the dashboard and in the report list."""

from .models import Report
from .services import report_request


def load(stdout) -> None:
    if Report.objects.filter(year=2021, month=11).exists():
        stdout.write("Reports: the 11/2021 report exists.")
        return
    report = report_request(year=2021, month=11)
    # Built in-process after this transaction commits (or by the worker when there is one).
    stdout.write(f"Reports: 11/2021 report requested (version {report.version}).")
