"""What people on a provincial line meet: each main page loaded in Chromium (Debian's, driven
by Playwright) under a slow network, 400 ms latency and 400 kbit/s each way, cold (an empty
cache) and warm (the same page again), signed in as staff. Measured: bytes transferred (what
the network carried, compressed, including what the page fetches after ``load``) and the time
to the page's ``load`` event; on a page that draws charts after ``load`` (the dashboard fetches
Chart.js and its figures then), also the time until they are drawn."""

import time
from dataclasses import dataclass

SLOW_NETWORK = {
    "offline": False,
    "latency": 400,  # ms
    "downloadThroughput": 400 * 1000 / 8,  # bytes per second
    "uploadThroughput": 400 * 1000 / 8,
}
MAIN_PAGES = [
    "/",
    "/reports/dashboard/",
    "/cooperatives/register/",
    "/cooperatives/completeness/",
    "/tasks/",
    "/meetings/",
    "/inspections/",
    "/reports/",
]
# A page matching the first selector draws after ``load``, and is done when the second matches.
DRAWN_AFTER_LOAD = ("[data-dashboard-api]", "[data-dashboard-api][data-loaded]")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


@dataclass
class PageLoad:
    path: str
    cold_bytes: int
    cold_seconds: float
    warm_bytes: int
    warm_seconds: float
    requests: int
    landed: str  # the path the browser ended on (a redirect to sign in would show here)
    cold_drawn_seconds: float | None = None  # until the charts are drawn, when drawn after load
    warm_drawn_seconds: float | None = None


def _load(page, session, url: str) -> tuple[int, float, int, float | None]:
    """Bytes carried, seconds to ``load``, requests made and, on a page drawing charts after
    ``load``, seconds until they are drawn, for one navigation."""
    carried = {"bytes": 0, "requests": 0}

    def finished(event):
        carried["bytes"] += int(event.get("encodedDataLength", 0))
        carried["requests"] += 1

    session.on("Network.loadingFinished", finished)
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    seconds = time.perf_counter() - started
    drawn = None
    if page.locator(DRAWN_AFTER_LOAD[0]).count():
        page.wait_for_selector(DRAWN_AFTER_LOAD[1], state="attached", timeout=60_000)
        drawn = time.perf_counter() - started
    page.wait_for_timeout(50)  # the last loadingFinished events
    session.remove_listener("Network.loadingFinished", finished)
    return carried["bytes"], seconds, carried["requests"], drawn


def measure(
    base_url: str,
    cookies: list[dict],
    paths: list[str] = MAIN_PAGES,
    *,
    network: dict | None = SLOW_NETWORK,
    executable: str = "/usr/bin/chromium",
    browser=None,
) -> list[PageLoad]:
    """Each path cold then warm, in a fresh browser context per path; in ``browser`` when one
    is given (a test's), else in a Chromium started here."""
    if browser is not None:
        return _measure(browser, base_url, cookies, paths, network)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            return _measure(browser, base_url, cookies, paths, network)
        finally:
            browser.close()


def _measure(browser, base_url, cookies, paths, network) -> list[PageLoad]:
    results = []
    for path in paths:
        context = browser.new_context(locale="vi-VN")
        context.add_cookies(cookies)
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        if network:
            session.send("Network.emulateNetworkConditions", network)
        cold_bytes, cold_seconds, requests, cold_drawn = _load(page, session, base_url + path)
        warm_bytes, warm_seconds, _, warm_drawn = _load(page, session, base_url + path)
        landed = page.url.removeprefix(base_url)
        results.append(
            PageLoad(
                path,
                cold_bytes,
                cold_seconds,
                warm_bytes,
                warm_seconds,
                requests,
                landed,
                cold_drawn,
                warm_drawn,
            )
        )
        context.close()
    return results


def session_cookie(user, base_url: str) -> list[dict]:
    """A signed-in session for ``user`` (made as a sign-in makes it), as the browser's cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]
