"""The browser pages: the dashboard, the report list, building and the printable report."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from reports import services
from reports.models import Report
from reports.tasks import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_dashboard_shows_the_month_against_plan(client, leader, november_2021):
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard"), {"year": 2021, "month": 11}).content.decode()
    assert "Bảng điều hành — tháng 11/2021" in page
    assert 'data-testid="established-total">189<' in page
    assert 'data-testid="dissolved-total">30<' in page
    assert 'data-testid="active-total">26.661<' in page
    assert "vượt 15,5% so với kế hoạch 23.083" in page
    assert 'data-testid="completeness">63/63<' in page  # every province approved: final
    assert 'data-testid="provisional"' not in page
    assert "Thành phố Hồ Chí Minh" in page  # the per-province table
    assert 'data-dashboard-api="/api/v1/dashboard/?year=2021&amp;month=11"' in page


def test_pages_refuse_roles_without_the_capability(client, user_factory):
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:report-list")).status_code == 403
    client.force_login(user_factory(Role.LEADERSHIP))
    assert (
        client.post(reverse("reports:report-build"), {"year": 2021, "month": 11}).status_code == 403
    )
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_staff_build_from_the_browser_and_see_the_progress(client, staff, monkeypatch):
    monkeypatch.setattr(build_report, "delay", lambda report_id: None)
    client.force_login(staff)
    response = client.post(reverse("reports:report-build"), {"year": 2021, "month": 11})
    report = Report.objects.get()
    assert response.url == reverse("reports:report-detail", args=[report.pk]) + "?requested=1"
    page = client.get(response.url).content.decode()
    assert f'data-report-status-url="/api/v1/reports/{report.pk}/"' in page
    assert "Báo cáo đang được tạo; trang này tự cập nhật." in page


def test_the_printable_report_states_the_narrative_and_the_tables(client, leader, november_2021):
    report = services.report_request(year=2021, month=11)
    services.report_build(report_id=report.pk)
    client.force_login(leader)
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "Báo cáo thống kê tháng 11/2021" in page
    assert "<td>11/2021</td>" in page  # the trend table
    assert "cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi nông nghiệp)" in page
    assert 'data-testid="active-total">26.661<' in page
    assert f"/api/v1/reports/{report.pk}/xlsx/" in page
    assert "@media print" not in page  # print styles live in the stylesheet
    for section in ("tasks-by-unit", "inspections-table", "complaints-count"):
        assert f'data-testid="{section}"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_list_page_runs_a_constant_number_of_queries(
    count, client, staff, django_assert_num_queries
):
    for number in range(count):
        Report.objects.create(year=2000 + number, month=1, version=1, requested_by=staff)
    client.force_login(staff)
    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get(reverse("reports:report-list"))
    assert response.content.decode().count('data-testid="report-status"') == min(count, 24)


def test_the_dashboard_opens_on_the_latest_month_with_a_finished_report(
    client, leader, november_2021
):
    report = services.report_request(year=2021, month=11)
    services.report_build(report_id=report.pk)
    services.report_request(year=2021, month=12)  # requested, not built yet
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Bảng điều hành — tháng 11/2021" in page
    assert 'data-testid="active-total">26.661<' in page


def test_the_demo_requests_the_seeds_reports_and_the_presents_once(
    november_2021, any_day, monkeypatch, django_capture_on_commit_callbacks
):
    """November 2021, its quarter and its year; last month, its quarter and its year."""
    import io

    from reports import demo
    from vca_portal import clock

    sent = []
    monkeypatch.setattr(build_report, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(io.StringIO())
        demo.load(io.StringIO())
    year, month = clock.last_closed_month()
    quarter_end = 3 * ((month - 1) // 3 + 1)
    assert set(Report.objects.values_list("kind", "year", "month", "version")) == {
        ("month", 2021, 11, 1),
        ("quarter", 2021, 12, 1),
        ("year", 2021, 12, 1),
        ("month", year, month, 1),
        ("quarter", year, quarter_end, 1),
        ("year", year, 12, 1),
    }
    assert len(sent) == 6
