"""Celery tasks of the reports app: thin, they take ids and call a service."""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import conf, services

log = logging.getLogger(__name__)


class ReportBuildTask(Task):
    """When a build gives up (a bug, or the database still unreachable after the last retry),
    the report says so instead of staying "building" for ever."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = _report_id(args, kwargs)
        if report_id is None:
            return
        if isinstance(exc, SoftTimeLimitExceeded):
            # The limits travel with the message (the sender's settings).
            limits = self.request.timelimit or (None, None)
            _record_time_limit(report_id, limits[1] or self.soft_time_limit)
            return
        with override("vi"):
            message = _("The build failed after %(tries)d attempts: %(error)s") % {
                "tries": self.request.retries + 1,
                "error": f"{type(exc).__name__}: {exc}",
            }
        _record_failure(report_id, message)


def _report_id(args, kwargs) -> int | None:
    """The report a ``build_report`` call was for."""
    return (kwargs or {}).get("report_id", args[0] if args else None)


def _record_failure(report_id: int, message: str) -> None:
    try:
        services.report_fail(report_id=report_id, error=message)
    except Exception:  # the database may still be down; the task's result keeps the error
        log.exception("report %s: could not record the failure", report_id)


def _record_time_limit(report_id: int, seconds) -> None:
    with override("vi"):
        message = _(
            "The build ran longer than its time limit of %(seconds)s seconds and was stopped; "
            "ask for the report again, and tell the administrator if this happens again."
        ) % {"seconds": seconds}
    _record_failure(report_id, message)


@shared_task(
    base=ReportBuildTask,
    bind=True,
    name="reports.build_report",
    # A lost database connection is worth retrying; anything else is a bug and fails at once.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=conf.build_max_retries(),
    acks_late=True,
    reject_on_worker_lost=True,
)
def build_report(self, report_id: int) -> str:
    report = services.report_build(report_id=report_id)
    return "built" if report is not None else "nothing to do"


@shared_task(name="reports.build_previous_month_report")
def build_previous_month_report() -> list[int]:
    """Run by Celery beat on the configured day: request last month's report (and the
    quarter's and the year's when last month ended them)."""
    return [report.pk for report in services.report_request_previous_month()]


@task_failure.connect
def _report_build_killed(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    """A build over its hard time limit is killed with its pool process, so its own
    ``on_failure`` never runs; the worker's main process reports it here instead. The message
    is acknowledged, not redelivered: the same build would only run out of time again."""
    if getattr(sender, "name", None) != build_report.name:
        return
    if not isinstance(exception, TimeLimitExceeded):
        return
    report_id = _report_id(args, kwargs)
    if report_id is not None:
        _record_time_limit(report_id, exception.args[0] if exception.args else sender.time_limit)
