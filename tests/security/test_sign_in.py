"""Lockout after repeated failures, session lifetimes, and the security log."""

import logging
import time

import pytest
from django.test import Client

from accounts.choices import Role
from accounts.security import SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


def fail_sign_in(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        client.post("/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_username_from_that_address(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    fail_sign_in(client, user.username, 5)
    response = client.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429
    assert "15 phút" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_a_locked_pair_does_not_lock_the_office_or_the_user_elsewhere(user_factory):
    """Same office address, other colleague: fine. Same user, other address: fine."""
    victim = user_factory(Role.PROVINCIAL_OFFICER, province="79")
    colleague = user_factory(Role.PROVINCIAL_OFFICER, province="79")
    fail_sign_in(Client(), victim.username, 5, ip="10.0.0.7")
    other = Client()
    ok = other.post(
        "/accounts/login/",
        {"username": colleague.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert ok.status_code == 302
    elsewhere = Client().post(
        "/accounts/login/",
        {"username": victim.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.8",
    )
    assert elsewhere.status_code == 302


def test_four_failures_then_success_resets_the_count(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    fail_sign_in(client, user.username, 4)
    ok = client.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert ok.status_code == 302
    fail_sign_in(Client(), user.username, 4)
    again = Client().post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert again.status_code == 302


def test_the_api_token_endpoint_locks_too(user_factory, api_client):
    user = user_factory(Role.API_CLIENT)
    for _ in range(5):
        api_client.post(
            "/api/v1/auth/token/", {"username": user.username, "password": "x"}, format="json"
        )
    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "token" not in response.json()


def test_failed_sign_ins_are_logged_without_secrets_and_with_line_breaks_encoded(
    user_factory, caplog
):
    caplog.set_level(logging.INFO, logger="vca.security")
    Client().post(
        "/accounts/login/",
        {"username": "mallory\nfake entry outcome=success", "password": "s3cret-pass"},
        REMOTE_ADDR="10.0.0.9",
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "vca.security"]
    assert any("outcome=failed" in line and "ip=10.0.0.9" in line for line in lines)
    assert all("\n" not in line for line in lines)
    assert any("mallory\\nfake" in line for line in lines)
    assert all("s3cret-pass" not in line for line in lines)


def test_the_session_is_rotated_at_sign_in(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"
    assert client.get("/").status_code == 200


def test_idle_timeout_is_30_minutes_and_renewed_by_activity(user_factory):
    from accounts.security import SESSION_SEEN_KEY

    user = user_factory(Role.STAFF)
    client = Client()
    login = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert login.cookies["sessionid"]["max-age"] == 1800
    assert "sessionid" not in client.get("/").cookies  # seen a moment ago: nothing to write
    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - 10 * 60  # last active ten minutes ago
    session.save()
    renewed = client.get("/")
    assert renewed.status_code == 200
    assert renewed.cookies["sessionid"]["max-age"] == 1800
    assert client.session.get_expiry_age() == 1800


def test_a_session_ends_12_hours_after_sign_in_however_active(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sign_out_ends_the_session(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_disabling_a_user_ends_their_sessions(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    user.is_active = False
    user.save()
    assert client.get("/").status_code == 302


def test_changing_the_password_ends_the_other_sessions(user_factory):
    user = user_factory(Role.STAFF)
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    response = laptop.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-2026",
            "new_password2": "a-new-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_weak_passwords_are_refused_in_vietnamese(user_factory):
    user = user_factory(Role.STAFF)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "quá phổ biến" in response.content.decode() or "quá ngắn" in response.content.decode()


def test_asking_for_another_provinces_submission_is_refused_and_logged(
    user_factory, token_client, caplog
):
    from tests.factories.cooperatives import make_submission

    caplog.set_level(logging.WARNING, logger="vca.security")
    theirs = make_submission("79", 2021, 11)
    officer = token_client(user_factory(Role.PROVINCIAL_OFFICER, province="01"))
    response = officer.get(f"/api/v1/submissions/{theirs.pk}/")
    assert response.status_code == 404
    refused = [r.getMessage() for r in caplog.records if "out-of-scope" in r.getMessage()]
    assert len(refused) == 1
    assert f"cooperatives.MonthlySubmission:{theirs.pk}" in refused[0]
    assert "method=GET" in refused[0]
