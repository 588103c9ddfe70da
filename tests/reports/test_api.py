"""The reports API: request a build (202), follow it, read its figures and its workbook; the
dashboard's figures."""

import datetime
import io

import openpyxl
import pytest

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from reports.tasks import build_report
from tasks.choices import TaskStatus
from tests.factories.cooperatives import make_submission
from tests.factories.inspections import make_complaint
from tests.factories.meetings import make_meeting
from tests.factories.tasks import make_task, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _built(year=2021, month=11) -> Report:
    report = services.report_request(year=year, month=month)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_staff_request_a_build_and_get_202_with_the_report_id(
    staff, token_client, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(build_report, "delay", sent.append)
    client = token_client(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/reports/", {"year": 2021, "month": 11}, format="json")
    assert response.status_code == 202
    report = Report.objects.get()
    assert response.json()["id"] == report.pk
    assert response.json()["url"].endswith(f"/api/v1/reports/{report.pk}/")
    assert sent == [report.pk]
    body = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert (body["status"], body["progress"], body["summary"], body["xlsx_url"]) == (
        "pending",
        0,
        None,
        None,
    )


def test_bad_or_future_months_are_refused_in_vietnamese(staff, token_client):
    client = token_client(staff)
    assert client.post("/api/v1/reports/", {"year": 2021, "month": 13}).status_code == 400
    response = client.post("/api/v1/reports/", {"year": 2100, "month": 1})
    assert response.status_code == 400
    assert "tương lai" in response.json()["month"][0]
    assert not Report.objects.exists()


def test_who_may_build_and_who_may_read(user_factory, token_client, api_client):
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.post("/api/v1/reports/", {"year": 2021, "month": 11}).status_code == 403
    assert leader.get("/api/v1/reports/").status_code == 200
    officer = token_client(user_factory(Role.PROVINCIAL_OFFICER))
    assert officer.get("/api/v1/reports/").status_code == 403
    assert officer.get("/api/v1/dashboard/").status_code == 403
    inspector = token_client(user_factory(Role.INSPECTOR))
    assert inspector.get("/api/v1/dashboard/").status_code == 403
    assert api_client.get("/api/v1/reports/").status_code == 401
    assert api_client.get("/api/v1/dashboard/").status_code == 401
    assert not Report.objects.exists()


def test_a_ready_report_gives_its_figures_narrative_and_workbook(
    november_2021, leader, token_client
):
    report = _built()
    client = token_client(leader)
    body = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert body["status"] == "ready"
    assert body["progress"] == 100
    assert body["is_out_of_date"] is False
    summary = body["summary"]
    assert summary["established"] == {"agricultural": 148, "non_agricultural": 41, "total": 189}
    assert summary["dissolved"] == {"agricultural": 21, "non_agricultural": 9, "total": 30}
    assert summary["active_total"] == 26661
    assert summary["plan"]["above_target_percent"] == 15.5
    assert "26.661 HTX (vượt 15,5% kế hoạch)" in body["narrative"]
    assert body["xlsx_url"] == f"/api/v1/reports/{report.pk}/xlsx/"

    response = client.get(body["xlsx_url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "bao-cao-thong-ke-2021-11-v1.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    figures = {
        row[0].value.strip(): row[1].value
        for row in book["Tổng hợp"].iter_rows(min_row=4, max_col=2)
        if row[0].value and row[1].value is not None
    }
    assert figures["HTX thành lập mới"] == summary["established"]["total"]
    assert figures["HTX giải thể"] == summary["dissolved"]["total"]
    assert figures["Tổng số HTX đang hoạt động"] == summary["active_total"]
    assert figures["Kế hoạch năm (HTX đang hoạt động)"] == summary["plan"]["target"]
    assert (
        figures["Vượt (+) / thiếu (−) so với kế hoạch (%)"]
        == (summary["plan"]["above_target_percent"])
    )
    assert figures["Số tỉnh, thành phố đã báo cáo"] == summary["provinces_reported"]
    provinces = book["Theo tỉnh"]
    by_code = {row[0].value: row for row in provinces.iter_rows(min_row=4)}
    assert by_code["01"][4].value == 130  # 100 + 30 established in Hà Nội
    assert by_code["79"][8].value == 6661


def test_a_report_without_workbook_yet_has_no_xlsx(staff, token_client):
    report = services.report_request(year=2021, month=11)
    assert token_client(staff).get(f"/api/v1/reports/{report.pk}/xlsx/").status_code == 404


def test_a_failed_report_shows_its_error(staff, token_client):
    report = services.report_request(year=2021, month=11)
    services.report_fail(report_id=report.pk, error="Không kết nối được cơ sở dữ liệu")
    body = token_client(staff).get(f"/api/v1/reports/{report.pk}/").json()
    assert (body["status"], body["error"]) == ("failed", "Không kết nối được cơ sở dữ liệu")


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_list_runs_a_constant_number_of_queries(
    count, staff, token_client, django_assert_num_queries
):
    for number in range(count):
        Report.objects.create(
            year=2000 + number, month=1, version=1, status=ReportStatus.PENDING, requested_by=staff
        )
    client = token_client(staff)
    # session-less token auth (1), count, page
    with django_assert_num_queries(3):
        response = client.get("/api/v1/reports/?page_size=50")
    assert response.json()["count"] == count


def test_the_dashboard_api_gives_the_month_figures_and_the_trend(
    november_2021, leader, token_client
):
    body = token_client(leader).get("/api/v1/dashboard/?year=2021&month=11").json()
    statistics = body["statistics"]
    assert statistics["established"]["total"] == 189
    assert statistics["active_total"] == 26661
    assert statistics["plan"]["above_target_percent"] == 15.5
    assert len(body["trend"]["months"]) == 24
    assert body["trend"]["months"][-1]["active_total"] == 26661
    assert token_client(leader).get("/api/v1/dashboard/?month=13").status_code == 400


def test_the_dashboard_api_opens_on_a_newly_finished_report_at_once(
    provinces, leader, token_client
):
    client = token_client(leader)
    _built(2021, 10)
    opened = client.get("/api/v1/dashboard/").json()
    assert (opened["year"], opened["month"]) == (2021, 10)
    assert client.get("/api/v1/dashboard/").json() == opened  # from the cache
    _built(2021, 11)
    opened = client.get("/api/v1/dashboard/").json()
    assert (opened["year"], opened["month"]) == (2021, 11)


# Token authentication (1) and every section in one batch (1): the month's statistics, the
# 24-month series, the task summary, the overdue tasks, the open complaints and the meetings,
# the same whatever the number of provinces, tasks, complaints and meetings. Then, from the
# cache, token authentication alone.
DASHBOARD_QUERIES = 2
DASHBOARD_CACHED_QUERIES = 1


def _month_with(count: int) -> None:
    from cooperatives.models import Province, month_end

    for province in Province.objects.valid_on(month_end(2021, 11)).order_by("code")[:count]:
        make_submission(province, 2021, 11, status=SubmissionStatus.APPROVED, active_total=10)
    for number in range(count):
        make_task(
            lead_unit=make_unit(),
            status=TaskStatus.COMPLETED if number % 2 else TaskStatus.NOT_STARTED,
        )
        make_complaint(received_on=datetime.date(2021, 10, 1))
        make_meeting(starts_at=datetime.datetime(2021, 12, 2, 8, tzinfo=datetime.UTC))
        make_meeting(starts_at=datetime.datetime(2021, 11, 2, 8, tzinfo=datetime.UTC))


@pytest.mark.parametrize("count", [3, 30])
def test_the_dashboard_api_runs_a_constant_number_of_queries(
    count, provinces, leader, token_client, django_assert_num_queries
):
    _month_with(count)
    client = token_client(leader)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get("/api/v1/dashboard/?year=2021&month=11")
    body = response.json()
    assert body["statistics"]["active_total"] == 10 * count
    assert body["tasks"]["summary"]["total"] == count
    assert len(body["tasks"]["summary"]["by_unit"]) == count
    assert body["complaints"]["open_count"] == count
    assert body["meetings"]["held_count"] == count
    assert len(body["meetings"]["upcoming"]) == min(count, 10)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        cached = client.get("/api/v1/dashboard/?year=2021&month=11")
    assert cached.json() == body


def test_readers_of_the_same_scope_share_the_cached_dashboard(
    provinces, user_factory, token_client, django_assert_num_queries
):
    _month_with(3)
    first = token_client(user_factory(Role.LEADERSHIP)).get("/api/v1/dashboard/?year=2021&month=11")
    other_leader = token_client(user_factory(Role.LEADERSHIP))
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        shared = other_leader.get("/api/v1/dashboard/?year=2021&month=11")
    assert shared.json() == first.json()
    staff = token_client(user_factory(Role.STAFF))
    with django_assert_num_queries(DASHBOARD_QUERIES):  # another scope: its own entry
        staff.get("/api/v1/dashboard/?year=2021&month=11")
