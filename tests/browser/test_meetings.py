from urllib.parse import urlparse

import pytest

from accounts.choices import Role
from tasks.models import Task
from tests.factories.accounts import make_user
from tests.factories.meetings import make_meeting
from tests.factories.tasks import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_conclusion_and_turn_it_into_a_task(page, login, live_server, provinces):
    make_user(Role.STAFF, username="toai")
    unit = make_unit("Ban Chính sách – Pháp luật")
    meeting = make_meeting(title="Hội nghị đánh giá công tác tháng 11/2021")
    login(page, "toai")
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name="Hội nghị đánh giá công tác tháng 11/2021").click()
    page.get_by_label("Kết luận mới").fill("Tổ chức Hội nghị toàn quốc vào ngày 7/12/2021.")
    page.get_by_role("button", name="Thêm kết luận").click()
    page.wait_for_load_state("networkidle")
    assert "Đã thêm kết luận số 1." in page.get_by_role("alert").first.inner_text()

    conclusion = page.get_by_test_id("conclusion").first
    conclusion.locator("summary").click()
    conclusion.get_by_label("Đơn vị chủ trì").select_option(label="Ban Chính sách – Pháp luật")
    conclusion.get_by_label("Hạn hoàn thành").fill("2021-12-07")
    conclusion.get_by_label("Nhiệm vụ trọng tâm").check()
    conclusion.get_by_role("button", name="Tạo đầu việc").click()
    page.wait_for_load_state("networkidle")

    assert "Đã giao 1 đầu việc từ kết luận số 1." in page.content()
    task = Task.objects.get(conclusion__meeting=meeting)
    assert (task.lead_unit, task.is_key, str(task.due_on)) == (unit, True, "2021-12-07")
    page.get_by_role("link", name="Tổ chức Hội nghị toàn quốc vào ngày 7/12/2021.").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text().startswith("Chưa thực hiện")
    assert urlparse(page.url).path == f"/tasks/{task.pk}/"
    assert page.console_errors == []


def test_the_completion_chart_is_drawn_without_errors(page, login, live_server, provinces):
    from tests.factories.tasks import make_task

    make_user(Role.LEADERSHIP, username="bao")
    make_task(make_unit("Văn phòng thử"))
    login(page, "bao")
    page.goto(f"{live_server.url}/tasks/completion/?year=2021")
    page.wait_for_load_state("networkidle")
    assert page.locator("#completion-chart").is_visible()
    assert page.console_errors == []
    assert page.requested_hosts == {urlparse(live_server.url).netloc}


@pytest.mark.parametrize(
    "path",
    ["/meetings/", "/meetings/calendar/", "/meetings/documents/", "/tasks/", "/tasks/board/"],
)
def test_the_work_pages_fit_a_phone(browser, live_server, login, provinces, path):
    from tests.factories.meetings import make_document
    from tests.factories.tasks import make_task

    make_user(Role.STAFF, username="phone-staff")
    make_task(make_unit("Ban Tuyên truyền – Thi đua"), title="Tuyên truyền " * 10)
    make_document("784/TB-LMHTXVN")
    make_meeting(
        title="Hội nghị đánh giá công tác tháng 11/2021 và triển khai nhiệm vụ tháng 12/2021"
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, "phone-staff")
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_staff_correct_a_meeting_from_its_page_on_a_phone(browser, live_server, login, provinces):
    make_user(Role.STAFF, username="sua-hoi-nghi")
    meeting = make_meeting(title="Giao ban tháng 11")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, "sua-hoi-nghi")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Tiêu đề").fill("Giao ban tháng 11/2021")
    page.get_by_label("Kết thúc lúc").fill("2021-12-01T17:00")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert "Hội nghị không thể kết thúc trước khi bắt đầu." in page.content()
    page.get_by_label("Kết thúc lúc").fill("2021-12-02T11:30")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert "Đã cập nhật hội nghị." in page.get_by_role("alert").first.inner_text()
    assert "02/12/2021 08:00 – 02/12/2021 11:30" in page.content()
    meeting.refresh_from_db()
    assert meeting.title == "Giao ban tháng 11/2021"
    context.close()
