from urllib.parse import urlparse

import pytest

from accounts.choices import Role
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_cooperative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_header_search_is_one_key_away(page, login, live_server, provinces):
    make_user(Role.STAFF, username="tim")
    cooperative = make_cooperative("01", name="Hợp tác xã nông nghiệp Đồng Tâm")
    login(page, "tim")
    page.goto(f"{live_server.url}/tasks/")
    page.keyboard.press("/")
    page.keyboard.type("hop tac xa dong tam")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == "/search/"
    group = page.locator('section[data-kind="cooperative"]')
    assert group.locator("mark").first.inner_text() == "Hợp"
    group.get_by_role("link", name="Hợp tác xã nông nghiệp Đồng Tâm").click()
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == f"/cooperatives/register/{cooperative.pk}/"
    assert page.console_errors == []
    assert page.requested_hosts == {urlparse(live_server.url).netloc}


def test_the_header_search_works_on_a_phone(browser, live_server, login, provinces):
    make_user(Role.PROVINCIAL_OFFICER, username="tinh", province="01")
    make_cooperative("01", name="HTX Rau sạch Thanh Xuân")
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        login(page, "tinh")
        box = page.get_by_role("searchbox", name="Tìm kiếm trong cổng thông tin")
        assert box.is_visible()  # without opening the menu
        width = box.bounding_box()["width"]
        assert width > 200
        box.fill("rau sach")
        box.press("Enter")
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("link", name="HTX Rau sạch Thanh Xuân").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
