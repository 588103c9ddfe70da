from urllib.parse import urlparse

import pytest

from accounts.choices import Role
from tests.factories.accounts import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_LABELS = {
    Role.ADMINISTRATOR: "Quản trị viên",
    Role.STAFF: "Cán bộ Liên minh",
    Role.LEADERSHIP: "Lãnh đạo",
    Role.PROVINCIAL_OFFICER: "Cán bộ Liên minh HTX tỉnh",
    Role.INSPECTOR: "Cán bộ kiểm tra",
    Role.API_CLIENT: "Hệ thống tích hợp (API)",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_vietnamese_home(page, login, live_server, provinces, role):
    user = make_user(role, username=f"user-{role}")
    login(page, user.username)
    if role == Role.LEADERSHIP:  # leadership's home page is the dashboard
        assert urlparse(page.url).path == "/reports/dashboard/"
        assert page.get_by_role("heading", level=1).inner_text().startswith("Bảng điều hành")
    else:
        assert urlparse(page.url).path == "/"
        assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
        assert f"vai trò: {ROLE_LABELS[role]}" in page.content()
    assert (
        page.get_by_role("button", name="Đăng xuất").is_visible()
        or page.locator(".navbar-toggler").is_visible()
    )
    server = urlparse(live_server.url).netloc
    assert page.requested_hosts == {server}, "the page loaded something from another server"
    assert page.console_errors == []


def test_wrong_password_is_told_in_vietnamese(page, login, provinces):
    make_user(Role.STAFF, username="someone")
    login(page, "someone", password="wrong-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").is_visible()
    assert "chính xác" in page.get_by_role("alert").inner_text()


def test_the_english_switch_and_sign_out(page, login, live_server, provinces):
    make_user(Role.INSPECTOR, username="inspector-x")
    login(page, "inspector-x")
    page.get_by_role("button", name="EN").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    page.get_by_role("button", name="VI").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url


def test_the_home_page_fits_a_phone(browser, live_server, login, provinces):
    make_user(Role.PROVINCIAL_OFFICER, username="officer-phone", province="79")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, "officer-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert page.locator(".navbar-toggler").is_visible()
    context.close()


def test_the_language_switch_works_before_signing_in(page, live_server, provinces):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/accounts/login/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign in").is_visible()
    page.get_by_test_id("language-switch").get_by_role("button", name="VI").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đăng nhập").is_visible()
