"""Demo data: the November 2021 report and last month's, the fourth quarter and the year 2021,
and this year's quarter and year so far, built from the other apps' demo data (which loads
first), so that leadership finds the seed's month and the present (provisional while provinces
are still missing) on the dashboard and in the report list."""

from vca_portal import clock

from .choices import ReportKind
from .models import Report
from .services import report_request

SEED_MONTH = (2021, 11)


def _periods() -> list[dict]:
    """The seed's month and last month; Q4/2021 and 2021; this year's quarter and the year so
    far (a year just begun: last year's)."""
    last_year, last_month = max(clock.last_closed_month(), SEED_MONTH)
    periods = [{"year": y, "month": m} for y, m in sorted({SEED_MONTH, (last_year, last_month)})]
    periods += [
        {"kind": ReportKind.QUARTER, "year": 2021, "quarter": 4},
        {"kind": ReportKind.YEAR, "year": 2021},
    ]
    if last_year > 2021:
        periods += [
            {"kind": ReportKind.QUARTER, "year": last_year, "quarter": (last_month - 1) // 3 + 1},
            {"kind": ReportKind.YEAR, "year": last_year},
        ]
    return periods


def load(stdout) -> None:
    for period in _periods():
        kind = period.get("kind", ReportKind.MONTH)
        month = period.get("month") or (3 * period["quarter"] if "quarter" in period else 12)
        if Report.objects.filter(kind=kind, year=period["year"], month=month).exists():
            stdout.write(f"Reports: the {kind} report {month:02d}/{period['year']} exists.")
            continue
        report = report_request(**period)
        # Built in-process after this transaction commits (or by the worker when there is one).
        stdout.write(
            f"Reports: {report.period_label} {kind} report requested (version {report.version})."
        )
