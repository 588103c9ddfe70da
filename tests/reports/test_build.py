"""Building a report in-process: versions, idempotence, retries, failure, out of date."""

import datetime
import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cooperatives.signals import submission_figures_changed
from inspections.choices import InspectionStatus
from inspections.models import Complaint
from reports import selectors, services
from reports.choices import ReportStatus
from reports.models import Report
from reports.tasks import build_report
from tasks.choices import TaskKind, TaskStatus
from tests.factories.inspections import make_complaint, make_inspection
from tests.factories.meetings import make_meeting
from tests.factories.tasks import make_task, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def eager_retries(monkeypatch):
    """``Task.apply`` runs a task's retries in-process, one after the other, when exceptions
    are not propagated to the caller."""
    from vca_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_request_creates_a_pending_version_and_enqueues_it_after_commit(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(build_report, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(year=2021, month=11, requested_by=staff)
    assert (report.version, report.status, report.progress) == (1, ReportStatus.PENDING, 0)
    assert sent == [report.pk]
    # Asking again while it waits gives the same build, not a second one.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(year=2021, month=11, requested_by=staff)
    assert again.pk == report.pk
    assert sent == [report.pk]


def test_a_future_month_or_a_bad_month_is_refused():
    today = datetime.date(2021, 12, 2)
    with pytest.raises(ValidationError, match="tương lai"):
        services.report_request(year=2022, month=1, today=today)
    with pytest.raises(ValidationError):
        services.report_request(year=2021, month=13, today=today)
    assert not Report.objects.exists()


def test_the_build_stores_the_figures_the_narrative_and_the_workbook(november_2021):
    report = services.report_request(year=2021, month=11)
    built = services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert built is not None
    assert (report.status, report.progress, report.attempts) == (ReportStatus.READY, 100, 1)
    statistics = report.snapshot["statistics"]
    assert statistics["established"] == {"agricultural": 148, "non_agricultural": 41, "total": 189}
    assert statistics["dissolved"] == {"agricultural": 21, "non_agricultural": 9, "total": 30}
    assert statistics["active_total"] == 26661
    assert statistics["plan"]["above_target_percent"] == 15.5
    assert report.narrative.startswith(
        "Trong tháng 11/2021, cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi "
        "nông nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và 9 HTX phi nông nghiệp), nâng tổng "
        "số HTX đang hoạt động trên cả nước lên 26.661 HTX (vượt 15,5% kế hoạch)."
    )
    trend = report.snapshot["trend"]["months"]
    assert len(trend) == 24
    keys = ("year", "month", "established", "dissolved", "active_total", "provisional")
    assert [{key: m[key] for key in keys} for m in trend[-2:]] == [
        # October has two provinces' figures only: provisional, as the chart and table show.
        {
            "year": 2021,
            "month": 10,
            "established": 0,
            "dissolved": 0,
            "active_total": 26502,
            "provisional": True,
        },
        {
            "year": 2021,
            "month": 11,
            "established": 189,
            "dissolved": 30,
            "active_total": 26661,
            "provisional": False,
        },
    ]
    assert (trend[-2]["provinces_approved"], trend[-2]["provinces_expected"]) == (2, 63)
    assert report.workbook.name.endswith("bao-cao-2021-11-v1.xlsx")


def test_the_november_2021_narrative_states_the_seed_figures(november_2021):
    """With the demo's November 2021 tasks (80 of 122 completed), meetings and inspections."""
    for app in ("tasks", "meetings", "inspections"):
        importlib.import_module(f"{app}.demo").load(io.StringIO())
    report = services.report_request(year=2021, month=11)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.narrative.startswith(
        "Trong tháng 11/2021, cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi "
        "nông nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và 9 HTX phi nông nghiệp), nâng tổng "
        "số HTX đang hoạt động trên cả nước lên 26.661 HTX (vượt 15,5% kế hoạch)."
    )
    assert "triển khai hoàn thành 80/122 đầu việc" in report.narrative
    assert report.snapshot["tasks"]["summary"]["completed"] == 80
    assert report.snapshot["meetings"]["upcoming"][0]["starts_at"].startswith("2021-12-02")


def test_two_deliveries_of_one_request_make_one_version(november_2021):
    report = services.report_request(year=2021, month=11)
    build_report.apply(args=[report.pk])
    first = Report.objects.get(pk=report.pk)
    assert build_report.apply(args=[report.pk]).get() == "nothing to do"
    again = Report.objects.get(pk=report.pk)
    assert Report.objects.count() == 1
    assert (again.built_at, again.workbook.name) == (first.built_at, first.workbook.name)


def test_building_again_adds_a_version_and_keeps_the_old_one(november_2021):
    first = services.report_request(year=2021, month=11)
    services.report_build(report_id=first.pk)
    second = services.report_request(year=2021, month=11)
    services.report_build(report_id=second.pk)
    versions = list(
        Report.objects.filter(year=2021, month=11)
        .values_list("version", "status")
        .order_by("version")
    )
    assert versions == [(1, ReportStatus.READY), (2, ReportStatus.READY)]


def test_a_lost_database_is_retried_and_the_build_then_succeeds(
    november_2021, monkeypatch, eager_retries
):
    real = selectors.snapshot_sections
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(selectors, "snapshot_sections", flaky)
    report = services.report_request(year=2021, month=11)
    build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.attempts == 2


def test_a_database_that_stays_lost_fails_visibly_after_the_last_retry(monkeypatch, eager_retries):
    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "snapshot_sections", down)
    report = services.report_request(year=2021, month=11)
    result = build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert result.failed()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == build_report.max_retries + 1
    assert "OperationalError: could not connect to server" in report.error
    assert "thất bại" in report.error  # the message a person reads is Vietnamese


def test_the_task_is_declared_for_late_acknowledgement_and_bounded_retries(settings):
    assert build_report.acks_late is True
    assert build_report.reject_on_worker_lost is True
    assert OperationalError in build_report.autoretry_for
    assert 0 < build_report.max_retries <= 10
    assert build_report.retry_backoff
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.CELERY_TASK_TIME_LIMIT


def test_an_approval_after_the_build_marks_the_reports_using_it_out_of_date(november_2021):
    november = services.report_request(year=2021, month=11)
    services.report_build(report_id=november.pk)
    october = services.report_request(year=2021, month=10)
    services.report_build(report_id=october.pk)
    november.refresh_from_db()
    assert not november.is_out_of_date
    submission_figures_changed.send(sender=None, year=2021, month=11, province_id=1)
    november.refresh_from_db()
    october.refresh_from_db()
    assert november.is_out_of_date
    assert not october.is_out_of_date  # October's figures did not change


def test_the_scheduled_build_requests_the_previous_month_and_the_periods_it_ends():
    december = services.report_request_previous_month(today=datetime.date(2022, 1, 6))
    assert [(r.kind, r.year, r.month, r.requested_by) for r in december] == [
        ("month", 2021, 12, None),
        ("quarter", 2021, 12, None),
        ("year", 2021, 12, None),
    ]
    assert december[1].quarter == 4
    june = services.report_request_previous_month(today=datetime.date(2022, 7, 6))
    assert [(r.kind, r.month) for r in june] == [("month", 6), ("quarter", 6)]
    may = services.report_request_previous_month(today=datetime.date(2022, 6, 6))
    assert [(r.kind, r.month) for r in may] == [("month", 5)]


def test_the_schedule_exists_on_the_configured_day(settings):
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("reports.migrations.0002_schedule_monthly_build")
    settings.REPORTS_BUILD_DAY = 7
    # The migration ran when the test database was made (a transactional test may have
    # flushed it since); running it again updates the one schedule.
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="reports.build_previous_month_report")
    assert task.enabled
    assert task.crontab.day_of_month == "7"
    assert str(task.crontab.timezone) == "Asia/Ho_Chi_Minh"


@override_settings(DEMO_MODE=True)
def test_the_demo_report_for_november_2021_states_the_seed_article(
    provinces, django_capture_on_commit_callbacks
):
    """Built from the portal's whole demo data, as ``make run`` does."""
    with django_capture_on_commit_callbacks(execute=False):
        call_command("load_demo", stdout=io.StringIO())
    report = Report.objects.get(year=2021, month=11)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.narrative.startswith(
        "Trong tháng 11/2021, cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi "
        "nông nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và 9 HTX phi nông nghiệp), nâng tổng "
        "số HTX đang hoạt động trên cả nước lên 26.661 HTX (vượt 15,5% kế hoạch)."
    )
    assert "hoàn thành 80/122 đầu việc" in report.narrative


def test_months_without_approved_figures_are_gaps_in_the_trend_not_zeros(november_2021):
    report = services.report_request(year=2021, month=11)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    september = report.snapshot["trend"]["months"][-3]
    assert september == {
        "year": 2021,
        "month": 9,
        "established": None,
        "dissolved": None,
        "active_total": None,
        "provisional": True,
        "provinces_approved": 0,
        "provinces_expected": 63,
        "provinces_carried": 0,
    }


def _month_of_work() -> None:
    """Tasks, inspections, complaints and meetings of November 2021, beside its figures."""
    unit = make_unit("Ban Kiểm tra thử")
    make_task(unit, status=TaskStatus.COMPLETED)
    make_task(unit, kind=TaskKind.SUBMISSION)
    late = {"assigned_on": datetime.date(2021, 10, 1), "due_on": datetime.date(2021, 10, 20)}
    make_task(make_unit("Văn phòng thử"), **late)  # overdue at the end of November
    make_inspection(status=InspectionStatus.IN_PROGRESS)
    make_complaint(received_on=datetime.date(2021, 10, 1))  # overdue at the month's end
    make_complaint(received_on=datetime.date(2021, 11, 3))
    make_meeting(starts_at=datetime.datetime(2021, 11, 12, 8, tzinfo=datetime.UTC))
    make_meeting()  # 2 December 2021: the meeting that follows the month


def test_the_snapshot_states_the_figures_the_api_serves(november_2021, leader, token_client):
    _month_of_work()
    report = services.report_request(year=2021, month=11)
    services.report_build(report_id=report.pk)
    snapshot = Report.objects.get(pk=report.pk).snapshot
    client = token_client(leader)

    statistics = client.get("/api/v1/statistics/monthly/?year=2021&month=11").json()
    for key in ("established", "dissolved", "active_total", "plan", "provinces_reported"):
        assert snapshot["statistics"][key] == statistics[key], key
    figures = ("code", "established", "dissolved", "active_total", "status", "is_late")
    assert [{k: p[k] for k in figures} for p in snapshot["statistics"]["provinces"]] == [
        {k: p[k] for k in figures} for p in statistics["provinces"]
    ]

    # Overdue counts differ by design: the report's are taken on the month's last day.
    tasks = client.get("/api/v1/tasks/summary/?due_year=2021&due_month=11").json()
    summary = snapshot["tasks"]["summary"]
    assert (
        (summary["total"], summary["completed"]) == (tasks["total"], tasks["completed"]) == (2, 1)
    )
    for key in ("by_unit", "by_kind"):
        assert [{**row, "overdue": None} for row in summary[key]] == [
            {**row, "overdue": None} for row in tasks[key]
        ], key
    assert (summary["overdue"], snapshot["tasks"]["overdue_count"]) == (0, 1)

    committee = client.get("/api/v1/complaints/summary/?year=2021&month=11").json()
    assert snapshot["inspections"]["inspections"] == committee["inspections"]
    assert snapshot["inspections"]["complaints"] == committee["complaints"]
    assert (snapshot["complaints"]["open_count"], snapshot["complaints"]["overdue_count"]) == (2, 1)
    assert [c["subject"] for c in snapshot["complaints"]["items"]] == [
        c.subject for c in Complaint.objects.order_by("due_on", "pk")
    ]
    assert snapshot["meetings"]["held_count"] == 1
    assert snapshot["meetings"]["upcoming"][0]["starts_at"].startswith("2021-12-02")


def test_the_build_reads_every_section_in_one_query(november_2021):
    _month_of_work()
    report = services.report_request(year=2021, month=11)
    sources = ("cooperatives_", "tasks_", "inspections_", "meetings_")
    with CaptureQueriesContext(connection) as queries:
        services.report_build(report_id=report.pk)
    reads = [q["sql"] for q in queries.captured_queries if any(s in q["sql"] for s in sources)]
    assert len(reads) == 1


def test_a_delivery_that_finishes_second_keeps_nothing_of_its_own(
    november_2021, monkeypatch, tmp_path
):
    """While this build writes its workbook, a redelivery of the same report builds and
    stores it from start to finish: this build's result and its file are dropped."""
    report = services.report_request(year=2021, month=11)
    real = services.build_workbook
    overtaken = []

    def overtaken_while_writing(snapshot):
        monkeypatch.setattr(services, "build_workbook", real)
        overtaken.append(services.report_build(report_id=report.pk))
        return real(snapshot)

    monkeypatch.setattr(services, "build_workbook", overtaken_while_writing)
    assert services.report_build(report_id=report.pk) is None
    winner = Report.objects.get(pk=report.pk)
    assert overtaken[0] is not None
    assert (winner.status, winner.attempts) == (ReportStatus.READY, 2)
    assert winner.workbook.name == overtaken[0].workbook.name
    files = [p.name for p in (tmp_path / "reports" / "2021").iterdir()]
    assert files == [winner.workbook.name.rsplit("/", 1)[-1]]


def test_a_report_started_too_often_fails_with_a_message_instead_of_building(
    november_2021, settings
):
    settings.REPORTS_BUILD_MAX_ATTEMPTS = 2
    report = services.report_request(year=2021, month=11)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, attempts=2)
    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert (report.status, report.attempts, bool(report.workbook)) == (
        ReportStatus.FAILED,
        2,
        False,
    )
    assert "2" in report.error


def test_a_build_slower_than_the_page_polls_shows_its_progress_moving(november_2021, settings):
    settings.REPORTS_BUILD_STEP_DELAY = services.PROGRESS_INTERVAL
    report = services.report_request(year=2021, month=11)
    with CaptureQueriesContext(connection) as queries:
        services.report_build(report_id=report.pk)
    written = [
        int(q["sql"].split('"progress" = ')[1].split(" ")[0])
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "reports_report" SET "progress"')
    ]
    # Every step of the build moves the bar, forward, before the report is ready.
    assert written == [40, 50, 90]
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.READY, 100)
