"""The main pages' weight, measured as ``make bench`` measures it (``bench.pages``) on the demo
data: what a cold load carries over the network stays within 150 KB, and a warm load fetches
almost nothing again. (How long they take is the benchmark's, not a test's, to say.)"""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.choices import Role
from bench.pages import MAIN_PAGES, measure, session_cookie
from tests.factories.accounts import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def portal(settings, tmp_path):
    """The portal as ``make run`` serves it (settings.local: static files collected, hashed,
    compressed, cached), on the test database; its base URL."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{quote(database['USER'] or '')}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vca_portal.settings.local",
        "DATABASE_URL": url,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        # The sessions the test signs in are read by the server.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "TEST_DATABASE_NAME"):
        env.pop(name, None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError((tmp_path / "server.log").read_text()) from None
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(10)


def test_every_main_page_weighs_at_most_150_kb_cold(provinces, portal, browser):
    # The server runs on the real clock (its sessions must not look a fortnight old); nothing
    # here depends on the day.
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=io.StringIO())
    staff = make_user(Role.STAFF, username="weight-staff")
    loads = measure(portal, session_cookie(staff, portal), network=None, browser=browser)
    assert [load.path for load in loads] == MAIN_PAGES
    heavy = {load.path: load.cold_bytes for load in loads if load.cold_bytes > 150_000}
    assert not heavy, heavy
    for load in loads:
        assert load.landed == load.path, load  # the page itself, not a redirect to sign in
        assert load.warm_bytes < load.cold_bytes / 2, load
