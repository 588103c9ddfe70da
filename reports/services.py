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
from .choices import ReportStatus
from .models import Report
from .narrative import build_narrative
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


def _lock_month(year: int, month: int) -> None:
    """Serialise requests for one month so that two of them never pick the same version."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REQUEST_LOCK, year * 100 + month])


@transaction.atomic
def report_request(*, year: int, month: int, requested_by=None, today=None) -> Report:
    """Ask for a new version of a month's report and enqueue its build after commit. While a
    build of that month is still waiting or running, that build is returned instead of
    starting a second one."""
    today = today or clock.today()
    _check_period(year, month, today)
    _lock_month(year, month)
    unfinished = report_unfinished(year=year, month=month)
    if unfinished is not None:
        return unfinished
    latest = Report.objects.filter(year=year, month=month).aggregate(v=Max("version"))["v"]
    report = Report.objects.create(
        year=year, month=month, version=(latest or 0) + 1, requested_by=requested_by
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import build_report

    build_report.delay(report_id)


def report_request_previous_month(*, today: datetime.date | None = None) -> Report:
    """The scheduled build: the month before ``today``."""
    today = today or clock.today()
    year, month = shift_month(today.year, today.month, -1)
    return report_request(year=year, month=month, today=today)


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
    snapshot: dict = {"year": report.year, "month": report.month, "version": report.version}
    snapshot.update(selectors.snapshot_sections(year=report.year, month=report.month))
    progress.step(40)
    snapshot["narrative"] = build_narrative(snapshot)
    progress.step(50)
    workbook = build_workbook(snapshot)
    progress.step(90)
    return _store(report, snapshot, workbook)


def _store(report: Report, snapshot: dict, workbook: bytes) -> Report | None:
    name = f"bao-cao-{report.year}-{report.month:02d}-v{report.version}.xlsx"
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
