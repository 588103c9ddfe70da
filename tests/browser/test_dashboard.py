"""The leadership dashboard and the report page in Chromium."""

from urllib.parse import urlparse

import pytest

from accounts.choices import Role
from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from tests.factories.accounts import make_user
from tests.factories.reports import make_november_2021

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_shows_november_2021_and_draws_its_charts(
    page, login, live_server, provinces
):
    make_november_2021()
    make_user(Role.LEADERSHIP, username="leader-dashboard")
    login(page, "leader-dashboard")
    page.goto(f"{live_server.url}/reports/dashboard/?year=2021&month=11")
    page.wait_for_selector("#dashboard[data-loaded='true']")

    assert page.get_by_test_id("established-total").inner_text() == "189"
    assert page.get_by_test_id("dissolved-total").inner_text() == "30"
    assert page.get_by_test_id("active-total").inner_text() == "26.661"
    assert "vượt 15,5% so với kế hoạch 23.083" in page.get_by_test_id("plan").inner_text()
    assert page.get_by_test_id("completeness").inner_text() == "63/63"

    # Both trend charts are drawn from the API's figures...
    for chart in ("chart-active", "chart-flows"):
        assert page.locator(f"#{chart}").get_attribute("data-drawn") == "true"
    last_active = page.evaluate("Chart.getChart('chart-active').data.datasets[0].data.at(-1)")
    flows = page.evaluate("Chart.getChart('chart-flows').data.datasets.map(d => d.data.at(-1))")
    assert (last_active, flows) == (26661, [189, 30])
    # ... and have their table for those who would rather read.
    page.get_by_text("Xem số liệu dạng bảng").click()
    trend = page.get_by_test_id("trend-table")
    assert trend.is_visible()
    assert "26.661" in trend.locator("tbody tr").last.inner_text()

    # The province table sorts by any column: by active cooperatives, largest first.
    table = page.get_by_test_id("provinces-table")
    active_header = table.locator("[data-sort-column='4']")
    assert active_header.inner_text() == "Đang hoạt động"
    active_header.click()
    active_header.click()
    assert "Hà Nội" in table.locator("tbody tr").first.inner_text()
    assert "Hồ Chí Minh" in table.locator("tbody tr").nth(1).inner_text()
    table.locator("[data-sort-column='1']").click()
    names = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert names[0] == "Thành phố Cần Thơ"
    assert names[-1].startswith("Tỉnh ")
    assert page.get_by_test_id("province-tiles").locator(".province-tile").count() == 63

    server = urlparse(live_server.url).netloc
    assert page.requested_hosts == {server}
    assert page.console_errors == []


def test_the_report_page_follows_the_build_and_then_shows_the_report(
    page, login, live_server, provinces, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    make_november_2021()
    make_user(Role.STAFF, username="staff-report")
    report = services.report_request(year=2021, month=11)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    login(page, "staff-report")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    bar = page.locator("[data-progress-bar]")
    assert bar.inner_text() == "40%"
    Report.objects.filter(pk=report.pk).update(progress=70)
    page.wait_for_function(
        "() => document.querySelector('[data-progress-bar]').textContent === '70%'",
        timeout=10000,
    )
    # The worker finishes: the page reloads by itself and shows the report.
    services.report_build(report_id=report.pk)
    page.get_by_test_id("narrative").wait_for(timeout=10000)
    assert "26.661 HTX (vượt 15,5% kế hoạch)" in page.get_by_test_id("narrative").inner_text()
    assert page.get_by_test_id("xlsx-link").is_visible()
    assert page.console_errors == []


def test_a_provisional_month_is_drawn_apart_with_its_reason(page, login, live_server, provinces):
    """October 2021 has two provinces' figures of 63: its point is hollow and dashed, its bars
    hatched, and the tooltip and the table say it is provisional and why."""
    make_november_2021()
    make_user(Role.LEADERSHIP, username="leader-provisional")
    login(page, "leader-provisional")
    page.goto(f"{live_server.url}/reports/dashboard/?year=2021&month=11")
    page.wait_for_selector("#dashboard[data-loaded='true']")
    assert page.locator("#dashboard").get_attribute("data-provisional-months") == "23"
    styles = page.evaluate("Chart.getChart('chart-active').data.datasets[0].pointStyle.slice(-2)")
    assert styles == ["rectRot", "circle"]  # October provisional, November final
    dashed = page.evaluate(
        "[22, 23].map(i => Chart.getChart('chart-active').data.datasets[0].segment"
        ".borderDash({p1DataIndex: i}) || null)"
    )
    assert dashed == [[6, 4], None]  # the line into October dashed, into November solid
    hatched = page.evaluate(
        "Chart.getChart('chart-flows').data.datasets[0].backgroundColor.slice(-2)"
        ".map(c => typeof c === 'string' ? 'plain' : 'pattern')"
    )
    assert hatched == ["pattern", "plain"]
    reason = page.evaluate(
        "Chart.getChart('chart-active').options.plugins.tooltip.callbacks"
        ".afterLabel({dataIndex: 22})"
    )
    assert reason == "Tạm tính: 2/63 tỉnh, thành phố đã được duyệt"
    page.get_by_text("Xem số liệu dạng bảng").click()
    rows = page.get_by_test_id("trend-table").locator("tbody tr")
    assert "Tạm tính: 2/63" in rows.nth(22).inner_text()
    assert "Chính thức" in rows.last.inner_text()
    assert page.console_errors == []
