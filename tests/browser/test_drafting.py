from pathlib import Path

import pytest

from accounts.choices import Role
from drafting.models import Download
from tests.browser.test_accessibility import _violations
from tests.factories.accounts import make_user
from tests.factories.meetings import make_conclusion, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    """A page on which the test may inject axe-core (the portal's CSP forbids it otherwise)."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True, accept_downloads=True
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def test_a_clerk_drafts_issues_and_downloads_a_notice(
    page, login, live_server, provinces, settings, tmp_path, monkeypatch
):
    from vca_portal.celery import app

    # The files are rendered in the server's process as the request commits.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.MEDIA_ROOT = str(tmp_path)
    make_user(Role.STAFF, username="toai")
    meeting = make_meeting(title="Hội nghị giao ban tháng 11/2026")
    make_conclusion(meeting, text="Hoàn thành báo cáo tổng kết năm trước ngày 20/12.")
    login(page, "toai")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Soạn thông báo kết luận").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("document-status").inner_text() == "Dự thảo"
    assert "Hoàn thành báo cáo tổng kết năm" in page.get_by_test_id("preview").inner_text()

    assert _violations(page) == []  # the drafting page, its form and progress included
    page.get_by_label("Họ tên người ký").fill("Phạm Ngọc Toại")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Ban hành văn bản").click()
    page.wait_for_load_state("networkidle")
    assert "Đã ban hành với số 1/TB-LMHTXVN" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "1/TB-LMHTXVN"
    assert _violations(page) == []

    with page.expect_download() as download:
        page.get_by_test_id("pdf-link").click()
    assert download.value.suggested_filename == "1-tb-lmhtxvn.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert Download.objects.filter(user__username="toai", file_format="pdf").count() == 1
    assert page.console_errors == []
