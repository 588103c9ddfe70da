"""Every settings profile loads, and the production one passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "portal.vca.org.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
}


def run_manage(*args: str, settings: str, extra_env: dict | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": settings, **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("profile", ["local", "test", "production"])
def test_every_profile_loads(profile):
    result = run_manage(
        "diffsettings", settings=f"vca_portal.settings.{profile}", extra_env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "TIME_ZONE = 'Asia/Ho_Chi_Minh'" in result.stdout


def test_production_passes_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings="vca_portal.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", settings="vca_portal.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_is_a_clear_error():
    result = run_manage(
        "check", settings="vca_portal.settings.local", extra_env={"DJANGO_DEBUG": "maybe"}
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_cookies_and_transport_security():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.TWO_FACTOR_ENFORCED)",
        settings="vca_portal.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    hsts, subdomains, session_cookie, csrf_cookie, *flags = result.stdout.splitlines()[-1].split()
    assert int(hsts) >= 365 * 24 * 3600
    assert subdomains == "True"
    assert session_cookie.startswith("__Host-")
    assert csrf_cookie.startswith("__Host-")
    assert flags == ["True", "True", "True", "True"]


def test_production_sends_mail_through_the_configured_smtp_server():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)",
        settings="vca_portal.settings.production",
        extra_env={**PRODUCTION_ENV, "EMAIL_HOST": "smtp.vca.org.vn", "EMAIL_HOST_USER": "portal"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.vca.org.vn",
        "587",
        "portal",
        "True",
    ]


@pytest.mark.django_db
def test_connections_tell_the_planner_that_an_index_read_is_cheap():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.parametrize("value", ["fast", "0", "-2"])
def test_a_malformed_random_page_cost_is_refused_with_the_reason(value):
    result = run_manage(
        "check",
        settings="vca_portal.settings.local",
        extra_env={"DATABASE_RANDOM_PAGE_COST": value},
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a positive number such as 1.1" in result.stderr
