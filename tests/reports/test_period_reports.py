"""Quarterly and annual reports, built by the monthly report's path from the portal's demo data:
for 2021 and for the year in progress, their totals are their approved months' flows summed and
the last month's stock, in the web page, the narrative, the workbook and the API alike."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.choices import Role
from cooperatives.models import MonthlySubmission
from cooperatives.selectors import monthly_statistics
from reports import services
from reports.formatting import vn_int
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(provinces, clock, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    clock(datetime.date(2026, 12, 6))
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=io.StringIO())


def _build(**period) -> Report:
    report = services.report_request(**period)
    built = services.report_build(report_id=report.pk)
    assert built is not None
    return built


def _sum(months: list[dict], flow: str, part: str = "total") -> int:
    return sum(m[flow][part] or 0 for m in months)


def test_the_fourth_quarter_of_2021_is_its_months(demo, client, user_factory):
    report = _build(kind="quarter", year=2021, quarter=4)
    statistics = report.snapshot["statistics"]
    months = [monthly_statistics(year=2021, month=m) for m in (10, 11, 12)]
    for flow in ("established", "dissolved"):
        for part in ("agricultural", "non_agricultural", "total"):
            assert statistics[flow][part] == _sum(months, flow, part)
    assert statistics["active_total"] == months[-1]["active_total"]
    assert statistics["provisional"] is False
    assert statistics["plan"]["percent_of_target"] is not None
    assert len(statistics["provinces"]) == 63
    assert len(statistics["provinces_current"]) == 34
    established = vn_int(statistics["established"]["total"])
    assert report.narrative.startswith(
        f"Trong quý IV/2021, cả nước thành lập mới {established} HTX"
    )
    assert "đến hết tháng 12/2021, tổng số HTX đang hoạt động trên cả nước là " in report.narrative
    assert "kế hoạch năm 2021" in report.narrative

    workbook = openpyxl.load_workbook(io.BytesIO(report.workbook.read()))
    assert workbook.sheetnames[:4] == [
        "Tổng hợp",
        "Theo tháng",
        "Theo tỉnh (thời kỳ)",
        "Theo 34 tỉnh, thành phố",
    ]
    summary = {
        row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(min_row=4, values_only=True)
    }
    assert summary["HTX thành lập mới"] == statistics["established"]["total"]
    assert summary["Tổng số HTX đang hoạt động (cuối kỳ)"] == statistics["active_total"]
    assert workbook["Theo 34 tỉnh, thành phố"].max_row == 3 + 34
    assert workbook["Theo tỉnh (thời kỳ)"].max_row == 3 + 63

    client.force_login(user_factory(Role.LEADERSHIP))
    page = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Báo cáo thống kê quý 4/2021" in page
    assert report.narrative in page
    assert f'data-testid="period-active">{vn_int(statistics["active_total"])}<' in page
    assert 'data-testid="period-provinces-current"' in page
    listing = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Quý 4/2021" in listing


def test_the_year_in_progress_runs_to_last_month_and_says_it_is_provisional(
    demo, client, user_factory
):
    report = _build(kind="year", year=2026)
    statistics = report.snapshot["statistics"]
    months = [monthly_statistics(year=2026, month=m) for m in range(1, 12)]
    assert statistics["through_month"] == 11
    assert statistics["established"]["total"] == _sum(months, "established")
    assert statistics["dissolved"]["total"] == _sum(months, "dissolved")
    assert statistics["active_total"] == months[-1]["active_total"]
    # Two provinces have not reported November: the year is provisional and claims no plan.
    assert statistics["provisional"] is True
    assert statistics["plan"]["percent_of_target"] is None
    assert report.narrative.startswith("Từ đầu năm 2026 đến hết tháng 11/2026 (số liệu tạm tính")
    assert "kế hoạch" not in report.narrative.split("tổng số HTX")[1]
    # Compared with the same eleven months of 2025.
    before = [monthly_statistics(year=2025, month=m) for m in range(1, 12)]
    assert statistics["change"]["established"] == statistics["established"]["total"] - _sum(
        before, "established"
    )

    on_time = report.snapshot["on_time"]
    assert len(on_time["provinces"]) == 34
    approved_on_time = (
        MonthlySubmission.objects.filter(year=2026, month__lte=11, status="approved", is_late=False)
        .exclude(history__action="returned")
        .count()
    )
    assert on_time["on_time"] == approved_on_time
    assert on_time["months_expected"] == 34 * 11
    workbook = openpyxl.load_workbook(io.BytesIO(report.workbook.read()))
    assert "Đúng hạn" in workbook.sheetnames
    client.force_login(user_factory(Role.LEADERSHIP))
    page = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Báo cáo thống kê năm 2026" in page
    assert "Kỳ báo cáo chưa kết thúc: số liệu tính đến hết tháng 11/2026." in page
    assert 'data-testid="period-provisional"' in page
    assert 'data-testid="on-time"' in page


def test_the_year_2021_counts_every_province_of_that_year(demo):
    report = _build(kind="year", year=2021)
    statistics = report.snapshot["statistics"]
    months = [monthly_statistics(year=2021, month=m) for m in range(1, 13)]
    assert statistics["established"]["total"] == _sum(months, "established")
    assert statistics["active_total"] == months[-1]["active_total"]
    assert statistics["active_total"] == sum(p["active_total"] for p in statistics["provinces"])
    assert len(report.snapshot["on_time"]["provinces"]) == 63
    assert report.narrative.startswith("Trong năm 2021, cả nước thành lập mới")


def test_a_period_report_is_asked_for_in_the_api_and_bad_ones_are_refused(
    demo, user_factory, token_client
):
    api = token_client(user_factory(Role.STAFF))
    before = Report.objects.count()
    response = api.post("/api/v1/reports/", {"period": "quarter", "year": 2021, "quarter": 3})
    assert response.status_code == 202, response.content
    report = Report.objects.get(pk=response.json()["id"])
    assert (report.kind, report.year, report.month, report.quarter) == ("quarter", 2021, 9, 3)
    listed = api.get("/api/v1/reports/?period=quarter").json()["results"]
    assert {r["label"] for r in listed} >= {"Quý 3/2021", "Quý 4/2021"}
    for body, field in [
        ({"period": "quarter", "year": 2021, "quarter": 5}, "quarter"),
        ({"period": "quarter", "year": 2021}, "quarter"),
        ({"period": "year", "year": 1800}, "year"),
        ({"period": "year", "year": 2027}, "year"),
        ({"period": "week", "year": 2021}, "period"),
    ]:
        response = api.post("/api/v1/reports/", body, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    assert Report.objects.count() == before + 1
    leader = token_client(user_factory(Role.LEADERSHIP))
    refused = leader.post("/api/v1/reports/", {"period": "year", "year": 2021})
    assert refused.status_code == 403


def test_the_build_form_takes_a_quarter_and_refuses_a_bad_one(demo, client, user_factory):
    client.force_login(user_factory(Role.STAFF))
    before = Report.objects.count()
    bad = client.post(
        "/reports/build/",
        {"kind": "quarter", "year": 2026, "quarter": 5},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert Report.objects.count() == before
    assert "Chọn một lựa chọn hợp lệ" in bad.content.decode() or "quý" in bad.content.decode()
    future = client.post("/reports/build/", {"kind": "year", "year": 2027}, follow=True)
    assert Report.objects.count() == before
    assert future.status_code == 200
    good = client.post("/reports/build/", {"kind": "year", "year": 2024})
    report = Report.objects.get(kind="year", year=2024)
    assert good.url == f"/reports/{report.pk}/?requested=1"


@pytest.mark.django_db(transaction=True)
def test_a_report_built_at_once_is_announced_as_ready_not_as_being_built(
    november_2021, client, user_factory, monkeypatch, settings, tmp_path
):
    """Without a broker the build runs in-process, when the request commits, before the page
    is shown."""
    from reports.tasks import build_report

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(build_report, "delay", lambda pk: services.report_build(report_id=pk))
    client.force_login(user_factory(Role.STAFF))
    response = client.post(
        "/reports/build/", {"kind": "quarter", "year": 2021, "quarter": 4}, follow=True
    )
    page = response.content.decode()
    assert "Báo cáo Quý 4/2021 đã sẵn sàng." in page
    assert "đang được tạo" not in page


def test_the_dashboard_sums_up_overdue_tasks_per_unit_with_links_to_the_lists(
    demo, client, user_factory
):
    import re

    from reports.selectors import dashboard_data

    leader = user_factory(Role.LEADERSHIP)
    client.force_login(leader)
    november = client.get("/reports/dashboard/?year=2026&month=11").content.decode()
    assert "Việc quá hạn tại ngày 30/11/2026" in november
    # The month in progress counts what is overdue today, as the lists do.
    page = client.get("/reports/dashboard/?year=2026&month=12").content.decode()
    tasks = dashboard_data(user=leader, year=2026, month=12)["tasks"]
    assert tasks["overdue_count"] > 0
    assert sum(u["count"] for u in tasks["overdue_by_unit"]) == tasks["overdue_count"]
    assert 'data-testid="overdue-by-unit"' in page
    assert 'data-testid="overdue-tasks"' not in page  # no longer every task, one per line
    first = tasks["overdue_by_unit"][0]
    link = f"/tasks/?overdue=true&amp;unit={first['unit_id']}"
    assert link in page
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    summary = re.search(r'data-testid="summary">([^<]*)<', listing)
    assert summary is not None
    # "12/40 hoàn thành (30,0%), 14 quá hạn": the unit's overdue count is the dashboard's.
    assert int(re.findall(r"[\d.]+", summary[1])[-1].replace(".", "")) == first["count"]


def test_a_quarters_narrative_and_workbook_split_the_stock_by_kind(provinces, clock):
    from cooperatives.choices import SubmissionStatus
    from reports.period_report import build_period_narrative, build_period_workbook
    from reports.selectors import period_sections
    from tests.factories.cooperatives import make_submission

    clock(datetime.date(2026, 12, 6))
    approved = {"status": SubmissionStatus.APPROVED}
    make_submission("01", 2023, 9, active_total=95, active_unions=3, **approved)
    for month, groups in ((7, None), (8, None), (9, 7)):
        make_submission(
            "01", 2024, month, active_total=100, active_unions=4, active_groups=groups, **approved
        )
    snapshot = {"year": 2024, **period_sections(kind="quarter", year=2024, quarter=3)}
    kinds = snapshot["statistics"]["active_by_kind"]
    assert (kinds["cooperative"], kinds["union_of_cooperatives"]) == (96, 4)
    narrative = build_period_narrative(snapshot)
    assert "Trong số đó có 96 HTX và 4 liên hiệp HTX; ngoài ra có 7 tổ hợp tác đang hoạt động." in (
        narrative
    )

    workbook = openpyxl.load_workbook(io.BytesIO(build_period_workbook(snapshot)))
    summary = {
        row[0]: row[1:4] for row in workbook["Tổng hợp"].iter_rows(min_row=4, values_only=True)
    }
    assert summary["  trong đó hợp tác xã"] == (96, 92, 4)  # this quarter, Q3/2023, change
    assert summary["  trong đó liên hiệp hợp tác xã"] == (4, 3, 1)
    assert summary["Tổ hợp tác đang hoạt động (từ 07/2024)"] == (7, None, None)
    months = list(workbook["Theo tháng"].iter_rows(min_row=3, values_only=True))
    assert months[0][4:6] == ("trong đó liên hiệp HTX", "Tổ hợp tác đang hoạt động")
    assert [row[4:6] for row in months[1:]] == [(4, None), (4, None), (4, 7)]
