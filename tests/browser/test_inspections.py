"""An inspector records a complaint and resolves it; a staff member then reads it without the
complainant's details."""

import datetime
from urllib.parse import urlparse

import pytest

from accounts.choices import Role
from cooperatives.models import Province
from inspections.models import Complaint
from tests.factories.accounts import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_records_a_complaint_and_resolves_it(page, login, live_server, provinces):
    make_user(Role.INSPECTOR, username="inspector")
    hanoi = Province.objects.get_by_code("01", on=datetime.date(2021, 11, 19))
    login(page, "inspector")
    page.get_by_role("link", name="Khiếu nại, tố cáo").first.click()
    page.get_by_role("link", name="Ghi nhận đơn").click()

    page.locator("#id_received_on").fill("2021-11-19")
    page.locator("#id_channel").select_option("post")
    page.locator("#id_kind").select_option("complaint")
    page.locator("#id_complainant_kind").select_option("cooperative")
    page.locator("#id_complainant_name").fill("HTX Phúc Thọ")
    page.locator("#id_complainant_province").select_option(str(hanoi.pk))
    page.locator("#id_contact_phone").fill("0243 111 222")
    page.locator("#id_subject").fill("Khiếu nại về việc thu hồi đất")
    page.locator("#id_summary").fill("HTX đề nghị xem xét lại quyết định thu hồi đất.")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("heading", level=1).inner_text() == "Khiếu nại về việc thu hồi đất"
    assert page.get_by_test_id("complaint-status").inner_text() == "Đã tiếp nhận"
    assert "hạn giải quyết 20/12/2021" in page.content()
    assert "0243 111 222" in page.content()

    page.locator("#id_status").select_option("accepted")
    page.locator("#id_on").fill("2021-11-22")
    page.get_by_role("button", name="Cập nhật trạng thái").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("complaint-status").inner_text() == "Đã thụ lý"
    # The resolution deadline now runs from the acceptance date (Luật Khiếu nại, art. 28).
    assert page.get_by_test_id("accepted-on").inner_text() == "22/11/2021"
    assert page.get_by_test_id("due-on").inner_text().startswith("22/12/2021")

    # Resolving without an outcome is refused with a Vietnamese explanation.
    page.locator("#id_status").select_option("resolved")
    page.locator("#id_on").fill("2021-12-10")
    page.get_by_role("button", name="Cập nhật trạng thái").click()
    assert "Hãy nhập kết quả giải quyết" in page.content()

    page.locator("#id_status").select_option("resolved")
    page.locator("#id_on").fill("2021-12-10")
    page.locator("#id_outcome").fill("Đã phối hợp với UBND huyện giải quyết dứt điểm.")
    page.get_by_role("button", name="Cập nhật trạng thái").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("complaint-status").inner_text() == "Đã giải quyết"
    assert "giải quyết dứt điểm" in page.get_by_test_id("complaint-outcome").inner_text()
    complaint = Complaint.objects.get()
    assert complaint.closed_on == datetime.date(2021, 12, 10)
    assert list(complaint.steps.values_list("status", flat=True)) == [
        "received",
        "accepted",
        "resolved",
    ]
    server = urlparse(live_server.url).netloc
    assert page.requested_hosts == {server}
    assert page.console_errors == []


def test_staff_read_the_case_without_the_complainants_details(page, login, live_server, provinces):
    from tests.factories.inspections import make_complaint

    complaint = make_complaint()
    make_user(Role.STAFF, username="staff")
    login(page, "staff")
    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    assert "HTX Hợp Tiến" in page.get_by_test_id("complainant").inner_text()
    assert "Chỉ Ủy ban Kiểm tra được xem." in page.content()
    assert "0912 345 678" not in page.content()
    assert page.locator("#id_status").count() == 0


def test_an_inspector_records_an_inspection_of_a_provincial_union(
    page, login, live_server, provinces
):
    make_user(Role.INSPECTOR, username="inspector")
    dak_nong = Province.objects.get_by_code("67", on=datetime.date(2021, 11, 1))
    login(page, "inspector")
    page.goto(f"{live_server.url}/inspections/new/")
    page.locator("#id_title").fill("Kiểm tra Liên minh HTX tỉnh Đắk Nông")
    page.locator("#id_kind").select_option("inspection")
    page.locator("#id_subject_kind").select_option("provincial_union")
    assert not page.locator("#id_subject_name").is_visible()
    page.locator("#id_subject_province").select_option(str(dak_nong.pk))
    page.locator("#id_start_date").fill("2021-11-15")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("inspection-status").inner_text() == "Đang thực hiện"
    assert "Liên minh HTX Tỉnh Đắk Nông" in page.content()
    assert page.console_errors == []


def test_an_inspection_from_its_plan_to_a_closed_recommendation(
    page, login, live_server, provinces
):
    """The plan, the inspection of a cooperative in the register, its recommendation followed
    up to closure, and the cooperative's page showing it closed."""
    from inspections.models import InspectionPlan, Recommendation
    from tests.factories.cooperatives import make_cooperative

    phuc_tho = make_cooperative("01", name="HTX Phúc Thọ", registration_code="0101234567")
    make_user(Role.INSPECTOR, username="inspector")
    login(page, "inspector")
    page.goto(f"{live_server.url}/inspections/plans/new/")
    page.locator("#id_year").fill("2021")
    page.locator("#id_title").fill("Kế hoạch kiểm tra HTX năm 2021")
    page.locator("#id_document_number").fill("801/KH-LMHTX")
    page.locator("#id_document_date").fill("2021-11-25")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    plan = InspectionPlan.objects.get()

    page.goto(f"{live_server.url}/inspections/new/")
    page.locator("#id_title").fill("Kiểm tra HTX Phúc Thọ")
    page.locator("#id_kind").select_option("inspection")
    page.locator("#id_plan").select_option(str(plan.pk))
    page.locator("#id_subject_kind").select_option("cooperative")
    page.locator("#id_cooperative").fill("0101234567")
    page.locator("#id_start_date").fill("2021-12-06")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("subject-link").inner_text() == "HTX Phúc Thọ"

    page.get_by_role("link", name="Thêm kiến nghị").click()
    page.locator("#id_text").fill("Hoàn thiện sổ sách kế toán năm 2021.")
    page.locator("#id_responsible_party").fill("HTX Phúc Thọ")
    page.locator("#id_deadline").fill("2022-03-31")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")

    page.get_by_role("link", name="Sửa").last.click()
    page.locator("#id_status").select_option("done")
    page.get_by_role("button", name="Lưu").click()
    assert "Hãy nhập ngày kiến nghị được thực hiện." in page.content()
    assert Recommendation.objects.get().status == "pending"
    page.locator("#id_completed_on").fill("2022-03-25")
    page.locator("#id_follow_up").fill("Đã gửi báo cáo tài chính năm 2021.")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")

    page.get_by_test_id("subject-link").click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_test_id("recommendation")
    assert "Đã thực hiện (25/03/2022)" in row.inner_text()
    assert "Đã gửi báo cáo tài chính năm 2021." in row.inner_text()
    assert Recommendation.objects.get().completed_on == datetime.date(2022, 3, 25)
    assert page.url.endswith(f"/cooperatives/register/{phuc_tho.pk}/")
    assert page.console_errors == []
