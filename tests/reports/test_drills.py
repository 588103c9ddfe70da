"""Failure drills with real workers: a build whose worker dies every time, or that outlives its
time limit, ends in a visible failure after a bounded number of tries, never in a second
version or an endless loop."""

import time

import pytest

from reports.choices import ReportStatus
from reports.models import Report

pytestmark = [pytest.mark.worker]


def wait_for(predicate, seconds, what, workers):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.3)
    logs = "\n".join(workers.log(p)[-3000:] for p in workers.processes)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def test_a_build_that_kills_its_worker_every_time_gives_up(
    workers, november_2021, staff, token_client, settings
):
    visibility = 5
    slow = {
        "REPORTS_BUILD_STEP_DELAY": 1,
        "CELERY_VISIBILITY_TIMEOUT": visibility,
        "REPORTS_BUILD_MAX_ATTEMPTS": 3,
    }
    report_id = None
    for attempt in range(1, 4):
        worker = workers.start(**slow)
        if report_id is None:
            client = token_client(staff)
            report_id = client.post("/api/v1/reports/", {"year": 2021, "month": 11}).json()["id"]

        def running(attempt=attempt, report_id=report_id):
            report = Report.objects.get(pk=report_id)
            return report.status == ReportStatus.RUNNING and report.attempts == attempt

        wait_for(running, 60, f"delivery {attempt}", workers)
        workers.kill(worker)  # the build takes its worker down, every time

    workers.start(**slow)

    def given_up():
        report = Report.objects.get(pk=report_id)
        return report if report.status == ReportStatus.FAILED else None

    report = wait_for(given_up, 60, "the build to be given up", workers)
    assert report.attempts == 3
    assert "3" in report.error
    assert Report.objects.count() == 1
    time.sleep(visibility + 2)  # no later delivery starts it again
    assert Report.objects.get().attempts == 3


def _wait_for_failure(report_id, workers):
    def failed():
        report = Report.objects.get(pk=report_id)
        return report if report.status == ReportStatus.FAILED else None

    return wait_for(failed, 60, "the build to fail on its time limit", workers)


def _limit_sent_builds(monkeypatch, hard, soft):
    """The sender stamps its time limits on the message (as the web process does)."""
    from reports.tasks import build_report

    monkeypatch.setattr(build_report, "time_limit", hard, raising=False)
    monkeypatch.setattr(build_report, "soft_time_limit", soft, raising=False)
    monkeypatch.setattr(build_report, "_exec_options", None, raising=False)


@pytest.mark.parametrize(
    ("soft", "worker_environment"),
    [
        pytest.param(4, {}, id="soft-limit-raises-in-the-task"),
        pytest.param(None, {"CELERY_TASK_SOFT_TIME_LIMIT": 0}, id="hard-limit-kills-the-process"),
    ],
)
def test_a_build_over_its_time_limit_fails_visibly_once(
    workers, november_2021, staff, token_client, monkeypatch, soft, worker_environment
):
    # Three steps of two seconds each cannot finish within five seconds.
    _limit_sent_builds(monkeypatch, 5, soft)
    worker = workers.start(
        REPORTS_BUILD_STEP_DELAY=2, CELERY_VISIBILITY_TIMEOUT=5, **worker_environment
    )
    client = token_client(staff)
    report_id = client.post("/api/v1/reports/", {"year": 2021, "month": 11}).json()["id"]

    report = _wait_for_failure(report_id, workers)
    assert report.attempts == 1
    assert not report.workbook
    assert f"{soft or 5} giây" in report.error
    time.sleep(7)  # past the visibility timeout: no redelivery starts it again
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.FAILED, 1)
    assert Report.objects.count() == 1
    assert worker.poll() is None  # the worker lives on for the next task
    assert ("Hard time limit" in workers.log(worker)) is (soft is None)
