"""Writes with business rules: requesting a report, building it, failing it, marking reports
out of date.

How a build stays correct when Celery delivers it twice or a worker dies half-way:

- The request creates the ``Report`` row (status pending, its version number fixed) and then
  enqueues ``build_report(report_id)`` once the transaction commits. The version belongs to the
  row, so however many times the task runs for it, there is one version.
- The task claims the row with ``SELECT ... FOR UPDATE SKIP LOCKED``: a row another delivery is
  claiming at that instant, or one already ready, is left alone.
- Progress is committed as the build goes, so the browser can show it, at most every
  ``PROGRESS_INTERVAL`` (the page polls every 1.5 s: more writes could not be seen).
- The finished snapshot and workbook are stored by one UPDATE that only matches a report not
  yet ready (it waits for the row's lock, then checks again); if another delivery finished
  first the result is dropped and its file deleted. A worker killed mid-build never reaches
  that point: its message is not acknowledged (acks_late), Redis hands it out again after the
  visibility timeout, and the next delivery rebuilds from the start.
"""

import datetime
import logging
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from vca_portal import clock

from . import conf, dashboard_cache, selectors
from .choices import ReportKind, ReportStatus
from .models import Report
from .narrative import build_narrative
from .period_report import build_period_narrative, build_period_workbook
from .selectors import report_unfinished, shift_month
from .workbook import build_workbook

log = logging.getLogger(__name__)

FIRST_YEAR = 2000
# The key space of the PostgreSQL advisory lock taken while a month's next version is chosen.
REQUEST_LOCK = 6_2021


def _check_period(year: int, month: int, today: datetime.date) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    if year < FIRST_YEAR:
        raise ValidationError(
            {"year": _("The year must be %(year)d or later.") % {"year": FIRST_YEAR}}
        )
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("A report cannot be built for a month in the future.")})


def _lock_period(kind: str, year: int, month: int) -> None:
    """Serialise requests for one period so that two of them never pick the same version."""
    kinds = {ReportKind.MONTH: 0, ReportKind.QUARTER: 1, ReportKind.YEAR: 2}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [REQUEST_LOCK, kinds[kind] * 1_000_000 + year * 100 + month],
        )


def _period_month(kind: str, year: int, month: int | None, quarter: int | None, today) -> int:
    """The month a report of ``kind`` is filed under (see ``Report``), after checking the
    period by the rule of ``cooperatives.periods.period_check``."""
    if kind == ReportKind.MONTH:
        if month is None:
            raise ValidationError({"month": _("Choose the month.")})
        _check_period(year, month, today)
        return month
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a month, a quarter or a year.")})
    from cooperatives.periods import period_check

    if kind == ReportKind.QUARTER and quarter is None:
        raise ValidationError({"quarter": _("Choose the quarter, 1 to 4.")})
    period = period_check(kind=kind, year=year, quarter=quarter, today=today)
    return period.last_month


@transaction.atomic
def report_request(
    *,
    year: int,
    month: int | None = None,
    kind: str = ReportKind.MONTH,
    quarter: int | None = None,
    requested_by=None,
    today=None,
) -> Report:
    """Ask for a new version of a period's report (a month; or a quarter or a year, by
    ``kind`` and ``quarter``) and enqueue its build after commit. While a build of that
    period is still waiting or running, that build is returned instead of starting a second
    one."""
    today = today or clock.today()
    month = _period_month(kind, year, month, quarter, today)
    _lock_period(kind, year, month)
    unfinished = report_unfinished(year=year, month=month, kind=kind)
    if unfinished is not None:
        return unfinished
    latest = Report.objects.filter(kind=kind, year=year, month=month).aggregate(v=Max("version"))[
        "v"
    ]
    report = Report.objects.create(
        kind=kind, year=year, month=month, version=(latest or 0) + 1, requested_by=requested_by
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import build_report

    build_report.delay(report_id)


def report_request_previous_month(*, today: datetime.date | None = None) -> list[Report]:
    """The scheduled build: the month before ``today``, and when that month ends a quarter,
    the quarter's report too, and the year's when it ends the year."""
    today = today or clock.today()
    year, month = shift_month(today.year, today.month, -1)
    reports = [report_request(year=year, month=month, today=today)]
    if month % 3 == 0:
        reports.append(
            report_request(year=year, kind=ReportKind.QUARTER, quarter=month // 3, today=today)
        )
    if month == 12:
        reports.append(report_request(year=year, kind=ReportKind.YEAR, today=today))
    return reports


# One statement: lock the report unless another delivery holds it (SKIP LOCKED), and start it
# if it is not ready and has starts left.
CLAIM_SQL = """
    UPDATE reports_report
       SET status = %s, progress = 0, error = '', attempts = attempts + 1, started_at = %s
     WHERE id = (SELECT id FROM reports_report
                  WHERE id = %s AND status <> %s AND attempts < %s
                    FOR UPDATE SKIP LOCKED)
    RETURNING *"""


def _claim(report_id: int) -> Report | None:
    """The report, marked running for this build; None when it is ready, when another delivery
    is claiming it at this instant, or when it has been started too many times (it is then
    marked failed)."""
    claimed = Report.objects.raw(
        CLAIM_SQL,
        [
            ReportStatus.RUNNING,
            clock.now(),
            report_id,
            ReportStatus.READY,
            conf.build_max_attempts(),
        ],
    )
    report = next(iter(claimed), None)
    if report is None:
        _give_up_if_started_too_often(report_id)
    return report


def _give_up_if_started_too_often(report_id: int) -> None:
    with transaction.atomic():
        report = Report.objects.select_for_update(skip_locked=True).filter(pk=report_id).first()
        if report is None or report.status == ReportStatus.READY:
            return
        if report.attempts >= conf.build_max_attempts():
            # Every earlier build stopped with its worker (killed, out of memory, over its
            # time limit): give up visibly rather than redeliver for ever.
            with override("vi"):
                report.error = _(
                    "The build was started %(attempts)d times and its worker stopped each time; "
                    "it was not tried again."
                ) % {"attempts": report.attempts}
            report.status = ReportStatus.FAILED
            report.save(update_fields=["status", "error"])


# A running build writes its progress at most this often (seconds): the report page polls it
# every 1.5 s, so a build over within half a second goes from "running" to "ready" without
# writes nobody could see, and a longer one moves its bar at every step after that.
PROGRESS_INTERVAL = 0.5


class _Progress:
    """A running build's progress, written to the report (which the browser polls) when it has
    grown and ``PROGRESS_INTERVAL`` has passed since the claim or the last write. Each step
    also waits ``conf.build_step_delay()`` seconds, which the worker tests use to stop a build
    half-way."""

    def __init__(self, report: Report):
        self.report_id = report.pk
        self.written = report.progress
        self.written_at = time.monotonic()
        self.delay = conf.build_step_delay()

    def step(self, percent: int) -> None:
        """A step of the build is done; ``percent`` of it is."""
        if self.delay:
            time.sleep(self.delay)
        now = time.monotonic()
        if percent > self.written and now - self.written_at >= PROGRESS_INTERVAL:
            Report.objects.filter(pk=self.report_id, status=ReportStatus.RUNNING).update(
                progress=percent
            )
            self.written, self.written_at = percent, now


def report_build(*, report_id: int) -> Report | None:
    """Build a requested report (see the module docstring). Returns the report when this call
    stored it, None when there was nothing to do."""
    report = _claim(report_id)
    if report is None:
        log.info("report %s: already built or being claimed; nothing to do", report_id)
        return None
    progress = _Progress(report)
    snapshot: dict = {
        "kind": report.kind,
        "year": report.year,
        "month": report.month,
        "quarter": report.quarter,
        "version": report.version,
    }
    if report.is_monthly:
        snapshot.update(selectors.snapshot_sections(year=report.year, month=report.month))
        progress.step(40)
        snapshot["narrative"] = build_narrative(snapshot)
        progress.step(50)
        workbook = build_workbook(snapshot)
    else:
        snapshot.update(
            selectors.period_sections(kind=report.kind, year=report.year, quarter=report.quarter)
        )
        progress.step(40)
        snapshot["narrative"] = build_period_narrative(snapshot)
        progress.step(50)
        workbook = build_period_workbook(snapshot)
    progress.step(90)
    return _store(report, snapshot, workbook)


def report_slug(report: Report) -> str:
    """'2021-11', 'quy-4-2021', 'nam-2021': the period in a file name."""
    if report.kind == ReportKind.QUARTER:
        return f"quy-{report.quarter}-{report.year}"
    if report.kind == ReportKind.YEAR:
        return f"nam-{report.year}"
    return f"{report.year}-{report.month:02d}"


def _store(report: Report, snapshot: dict, workbook: bytes) -> Report | None:
    name = f"bao-cao-{report_slug(report)}-v{report.version}.xlsx"
    report.workbook.save(name, ContentFile(workbook), save=False)
    finished = {
        "snapshot": snapshot,
        "status": ReportStatus.READY,
        "progress": 100,
        "error": "",
        "built_at": clock.now(),
    }
    stored = (
        Report.objects.filter(pk=report.pk)
        .exclude(status=ReportStatus.READY)
        .update(workbook=report.workbook.name, **finished)
    )
    if not stored:
        log.info("report %s: stored by another delivery first; dropping this build", report.pk)
        report.workbook.delete(save=False)
        return None
    for field, value in finished.items():
        setattr(report, field, value)
    # A finished report may move the month the dashboard opens on (``dashboard_default_month``).
    dashboard_cache.invalidate_on_commit()
    return report


def report_fail(*, report_id: int, error: str) -> None:
    """Record that a build gave up, with a message a person can act on."""
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.READY).update(
        status=ReportStatus.FAILED, error=error[:2000]
    )


def reports_mark_out_of_date(*, year: int, month: int, changed_at=None) -> int:
    """A month's figures changed: every report that used them is out of date — that month's,
    and the following months' whose 24-month trend includes it. Returns how many."""
    from .selectors import TREND_MONTHS

    first = year * 12 + month
    return (
        Report.objects.alias(period=F("year") * 12 + F("month"))
        .filter(period__gte=first, period__lt=first + TREND_MONTHS)
        .update(inputs_changed_at=changed_at or clock.now())
    )
