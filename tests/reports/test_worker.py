"""A real Celery worker process on Redis builds reports, and a worker killed half-way through
a build loses nothing: Redis hands the unacknowledged message to the next worker."""

import time

import pytest

from reports.choices import ReportStatus
from reports.models import Report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, timeout: float, what: str, workers=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    logs = "\n".join(workers.log(p) for p in workers.processes) if workers else ""
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def test_a_worker_builds_the_report_end_to_end(
    workers, november_2021, staff, token_client, settings
):
    workers.start()
    client = token_client(staff)
    response = client.post("/api/v1/reports/", {"year": 2021, "month": 11}, format="json")
    assert response.status_code == 202
    report_id = response.json()["id"]

    def ready():
        body = client.get(f"/api/v1/reports/{report_id}/").json()
        return body if body["status"] in ("ready", "failed") else None

    body = _wait_for(ready, 60, "the report to be built", workers)
    assert body["status"] == "ready", body["error"]
    assert body["summary"]["active_total"] == 26661
    assert body["narrative"].startswith("Trong tháng 11/2021, cả nước thành lập mới 189 HTX")
    workbook = client.get(body["xlsx_url"])
    assert workbook.status_code == 200
    assert b"".join(workbook.streaming_content)[:2] == b"PK"  # an xlsx is a zip archive


def test_a_worker_builds_a_quarterly_report_by_the_same_path(
    workers, november_2021, staff, token_client
):
    workers.start()
    client = token_client(staff)
    response = client.post(
        "/api/v1/reports/", {"period": "quarter", "year": 2021, "quarter": 4}, format="json"
    )
    assert response.status_code == 202, response.content
    report_id = response.json()["id"]

    def ready():
        body = client.get(f"/api/v1/reports/{report_id}/").json()
        return body if body["status"] in ("ready", "failed") else None

    body = _wait_for(ready, 60, "the quarterly report to be built", workers)
    assert body["status"] == "ready", body["error"]
    assert (body["period"], body["quarter"]) == ("quarter", 4)
    # Only November has figures: its flows are the quarter's, its stock the quarter's end.
    assert body["summary"]["active_total"] == 26661
    assert body["summary"]["established"]["total"] == 189
    assert body["narrative"].startswith("Trong quý IV/2021 (số liệu tạm tính")
    workbook = client.get(body["xlsx_url"])
    assert b"".join(workbook.streaming_content)[:2] == b"PK"


def test_a_worker_killed_mid_build_leaves_exactly_one_finished_version(
    workers, november_2021, staff, token_client
):
    visibility = 6
    slow = {"REPORTS_BUILD_STEP_DELAY": 1, "CELERY_VISIBILITY_TIMEOUT": visibility}
    first = workers.start(**slow)
    client = token_client(staff)
    report_id = client.post("/api/v1/reports/", {"year": 2021, "month": 11}).json()["id"]

    def half_way():
        report = Report.objects.get(pk=report_id)
        return report.status == ReportStatus.RUNNING and 0 < report.progress < 100

    _wait_for(half_way, 30, "the build to be under way", workers)
    workers.kill(first)
    killed = Report.objects.get(pk=report_id)
    assert killed.status == ReportStatus.RUNNING
    assert killed.progress < 100

    # Nothing acknowledged the message: after the visibility timeout Redis gives it to the
    # next worker, which builds the report from the start.
    workers.start(CELERY_VISIBILITY_TIMEOUT=visibility)

    def finished():
        report = Report.objects.get(pk=report_id)
        return report if report.is_finished else None

    report = _wait_for(finished, 90, "the redelivered build", workers)
    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == 2
    assert list(Report.objects.values_list("year", "month", "version", "status")) == [
        (2021, 11, 1, ReportStatus.READY)
    ]
    assert report.snapshot["statistics"]["active_total"] == 26661
    # And no later delivery adds anything.
    time.sleep(visibility + 2)
    assert Report.objects.count() == 1
    assert Report.objects.get().built_at == report.built_at
