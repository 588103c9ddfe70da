"""axe-core (vendored, injected by the test, never served to a page) checks every main page each
role reaches from its navigation, on the demo data, for WCAG 2 A and AA: no serious or critical
violation."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.choices import Role
from tests.factories.accounts import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
ROLES = [Role.ADMINISTRATOR, Role.STAFF, Role.LEADERSHIP, Role.PROVINCIAL_OFFICER, Role.INSPECTOR]
# Pages reached from a list: its first entry's own page.
DETAILS = {
    "/cooperatives/register/": "/cooperatives/register/",
    "/meetings/": "/meetings/",
    "/tasks/": "/tasks/",
    "/inspections/": "/inspections/",
    "/reports/": "/reports/",
}


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3)
                    .map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return result


@pytest.fixture
def demo(provinces, clock):
    clock(datetime.date(2026, 11, 20))
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=io.StringIO())


def test_the_sign_in_page_has_no_serious_violation(browser, live_server, provinces):
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert _violations(page) == []
    context.close()


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_of_each_role_has_no_serious_violation(
    browser, live_server, login, demo, role
):
    user = make_user(
        role, username=f"axe-{role}", province="15" if role == "provincial_officer" else None
    )
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    login(page, user.username)
    paths = ["/"] + [
        href
        for href in page.locator("#main-nav .nav-link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        if not href.startswith("/admin/")
    ]
    found = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found[path] = _violations(page)
        if path in DETAILS:
            link = page.locator("main table tbody a[href]").first
            if link.count():
                target = link.get_attribute("href")
                page.goto(f"{live_server.url}{target}")
                page.wait_for_load_state("networkidle")
                found[target] = _violations(page)
    context.close()
    assert len(paths) > 2
    failing = {path: v for path, v in found.items() if v}
    assert not failing, "\n".join(f"{path}: {v}" for path, v in failing.items())
