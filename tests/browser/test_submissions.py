"""An officer fills and submits a month in Chromium, with the stock-flow check shown live; staff
then approve it, and the statuses shown change accordingly."""

import re

import pytest

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.models import MonthlySubmission
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_submission, province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_submits_a_month_and_staff_approve_it(page, login, live_server, provinces):
    officer = make_user(Role.PROVINCIAL_OFFICER, username="tinh-15", province="15")
    make_user(Role.STAFF, username="vca-staff")
    lao_cai = province("15", 2026, 9)
    make_submission(lao_cai, 2026, 9, status=SubmissionStatus.APPROVED, active_total=1200)

    login(page, officer.username)
    page.get_by_role("link", name="Báo cáo tháng", exact=True).first.click()
    october = page.locator('[data-testid="province-15"] td[data-month="10"]')
    assert october.locator("[data-status]").get_attribute("data-status") == "missing"
    october.get_by_role("link").click()

    # The live check: 1.200 + 5 − 2 = 1.203 expected.
    page.get_by_label("Thành lập mới, nông nghiệp").fill("4")
    page.get_by_label("Thành lập mới, phi nông nghiệp").fill("1")
    page.get_by_label("Giải thể, nông nghiệp").fill("2")
    page.get_by_label("Giải thể, phi nông nghiệp").fill("0")
    page.get_by_label("Đang hoạt động cuối tháng", exact=True).fill("1210")
    expected = page.get_by_test_id("expected-active")
    assert "1.203" in expected.inner_text()
    status = page.get_by_test_id("stock-flow-status")
    assert "viết giải trình" in status.inner_text()
    # Submitting the mismatch without an explanation is stopped in the page.
    page.get_by_role("button", name="Lưu và nộp").click()
    assert MonthlySubmission.objects.filter(month=10).count() == 0
    explanation = page.get_by_label("Giải trình")
    error = page.locator("#" + explanation.get_attribute("aria-describedby").split()[-1])
    assert error.inner_text().startswith("Số liệu không cân đối")
    assert explanation.get_attribute("aria-invalid") == "true"
    assert explanation.evaluate("e => e === document.activeElement")
    page.get_by_label("Đang hoạt động cuối tháng", exact=True).fill("1203")
    assert status.inner_text() == "Số liệu cân đối."
    page.get_by_role("button", name="Lưu và nộp").click()
    page.wait_for_load_state("networkidle")
    assert (
        page.get_by_test_id("submission-status")
        .locator("[data-status]")
        .get_attribute("data-status")
        == "submitted"
    )
    assert MonthlySubmission.objects.get(month=10).status == SubmissionStatus.SUBMITTED
    assert page.console_errors == []

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")
    login(page, "vca-staff")
    page.goto(f"{live_server.url}/cooperatives/completeness/?year=2026")
    cell = page.locator('tr[data-province="15"] td[data-month="10"]')
    assert cell.locator("[data-status]").get_attribute("data-status") == "submitted"
    cell.get_by_role("link").click()
    assert "1.203" in page.get_by_test_id("active-total").inner_text()
    page.get_by_role("button", name="Duyệt").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").first.inner_text() == "Đã duyệt số liệu."
    history = page.get_by_test_id("history").inner_text()
    assert re.search(r"vca-staff\s+Đã duyệt", history)
    assert re.search(r"tinh-15\s+Đã gửi", history)
    page.goto(f"{live_server.url}/cooperatives/completeness/?year=2026")
    cell = page.locator('tr[data-province="15"] td[data-month="10"]')
    assert cell.locator("[data-status]").get_attribute("data-status") == "approved"
    assert MonthlySubmission.objects.get(month=10).status == SubmissionStatus.APPROVED
    assert page.console_errors == []


def test_the_year_grid_fits_a_phone(browser, live_server, login, provinces):
    make_user(Role.PROVINCIAL_OFFICER, username="officer-phone", province="15")
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", is_mobile=True
    )
    phone = context.new_page()
    try:
        login(phone, "officer-phone")
        phone.goto(f"{live_server.url}/cooperatives/submissions/?year=2025")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, "the page scrolls sideways; tables must scroll inside their box"
        phone.goto(f"{live_server.url}/cooperatives/register/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
