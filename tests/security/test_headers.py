"""Security headers on every response; no inline script in any page."""

import re

import pytest

from accounts.choices import Role

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz", "/api/v1/provinces/", "/nope/"])
def test_every_response_carries_the_policy(client, path):
    response = client.get(path)
    directives = csp_directives(response)
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_pages_have_no_inline_script(client, user_factory):
    client.force_login(user_factory(Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    for path in ["/", "/accounts/login/", "/api/docs/", "/accounts/password/"]:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_the_session_cookie_is_http_only(client, user_factory):
    user = user_factory(Role.STAFF)
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "correct-horse-battery-9"}
    )
    assert response.cookies["sessionid"]["httponly"]


def test_csrf_is_enforced_on_browser_forms(user_factory):
    from django.test import Client

    user = user_factory(Role.STAFF)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 403
