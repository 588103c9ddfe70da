"""Failure drill with real workers: a build whose worker dies every time ends in a visible
failure after a bounded number of tries, never in a second version or an endless loop."""

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
