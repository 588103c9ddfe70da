import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken

from accounts.choices import Role
from tests.accounts.endpoints import api_operations

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("method", "path"), api_operations())
def test_anonymous_requests_are_refused_on_every_operation(api_client, method, path):
    response = getattr(api_client, method)(path)
    assert response.status_code == 401, (method, path, response.status_code)


def test_token_login_returns_an_expiring_token_that_works(user_factory, api_client):
    user = user_factory(Role.API_CLIENT)
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "correct-horse-battery-9"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert timezone.now() + datetime.timedelta(days=29) < datetime.datetime.fromisoformat(
        body["expiry"]
    )
    # Stored hashed: the database never holds the token itself.
    stored = AuthToken.objects.get(user=user)
    assert body["token"] not in (stored.digest, stored.token_key)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = api_client.get("/api/v1/users/me/")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_wrong_password_gets_no_token(user_factory, api_client):
    user = user_factory(Role.API_CLIENT)
    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert not AuthToken.objects.filter(user=user).exists()


def test_an_expired_token_is_refused(user_factory, api_client):
    user = user_factory(Role.API_CLIENT)
    _, token = AuthToken.objects.create(user=user, expiry=datetime.timedelta(seconds=-1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/users/me/").status_code == 401


def test_an_expired_token_is_deleted_when_used_and_the_rest_at_the_next_sign_in(
    user_factory, api_client
):
    user = user_factory(Role.API_CLIENT)
    used, used_token = AuthToken.objects.create(user=user, expiry=datetime.timedelta(seconds=-1))
    AuthToken.objects.create(user=user, expiry=datetime.timedelta(seconds=-1))
    live, _ = AuthToken.objects.create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {used_token}")
    assert api_client.get("/api/v1/users/me/").status_code == 401
    assert not AuthToken.objects.filter(digest=used.digest).exists()
    assert AuthToken.objects.filter(user=user).count() == 2
    api_client.credentials()
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "correct-horse-battery-9"},
        format="json",
    )
    assert response.status_code == 200
    remaining = set(AuthToken.objects.filter(user=user).values_list("digest", flat=True))
    assert live.digest in remaining
    assert len(remaining) == 2  # the live token and the new one; no expired token is kept


def test_logout_ends_the_token(user_factory, token_client):
    client = token_client(user_factory(Role.STAFF))
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/users/me/").status_code == 401


def test_a_disabled_user_token_stops_working(user_factory, token_client):
    user = user_factory(Role.STAFF)
    client = token_client(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/users/me/").status_code == 401


def test_roles_without_the_capability_are_refused(user_factory, token_client):
    api = token_client(user_factory(Role.API_CLIENT))
    assert api.get("/api/v1/units/").status_code == 403
    assert api.get("/api/v1/users/").status_code == 403
    staff = token_client(user_factory(Role.STAFF))
    assert staff.get("/api/v1/units/").status_code == 200


def test_only_administrators_list_accounts(user_factory, token_client):
    user_factory(Role.STAFF)
    admin = token_client(user_factory(Role.ADMINISTRATOR))
    assert admin.get("/api/v1/users/").json()["count"] >= 2


def test_api_errors_speak_vietnamese_by_default(api_client):
    response = api_client.get("/api/v1/provinces/")
    assert response.status_code == 401
    assert "xác thực" in response.json()["detail"].lower()


def test_a_token_sign_in_opens_no_session(user_factory, api_client):
    from django.contrib.sessions.models import Session

    user = user_factory(Role.API_CLIENT)
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "correct-horse-battery-9"},
        format="json",
    )
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
