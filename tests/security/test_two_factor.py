"""TOTP two-factor authentication: required for administrators, staff, leadership and
inspectors, optional for the others, in the browser and at the token endpoint."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role

pytestmark = [pytest.mark.django_db]
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.TWO_FACTOR_ENFORCED = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.STAFF, Role.LEADERSHIP, Role.INSPECTOR])
def test_required_roles_must_enrol_before_anything_else(user_factory, role):
    client = sign_in(user_factory(role))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    assert client.get("/api/v1/provinces/").status_code == 403


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.API_CLIENT])
def test_other_roles_may_go_without(user_factory, role):
    client = sign_in(user_factory(role))
    assert client.get("/").status_code == 200


def test_enrolment_with_a_correct_code_opens_the_portal(user_factory):
    user = user_factory(Role.STAFF)
    client = sign_in(user)
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/accounts/two-factor/setup/",
        {"code": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert "không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failed code makes the next try wait a moment
    response = client.post(
        "/accounts/two-factor/setup/", {"code": current_code(device), "next": "/"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_an_enrolled_user_enters_a_code_at_each_sign_in(user_factory):
    user = user_factory(Role.INSPECTOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = sign_in(user)
    response = client.get("/")
    assert response["Location"].startswith("/accounts/two-factor/")
    letters = client.post("/accounts/two-factor/", {"code": "abc"})
    assert "6 chữ số" in letters.content.decode()
    assert client.get("/").status_code == 302
    client.post("/accounts/two-factor/", {"code": current_code(device)})
    assert client.get("/").status_code == 200


def test_the_next_parameter_cannot_leave_the_portal(user_factory):
    user = user_factory(Role.STAFF)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = sign_in(user)
    response = client.post(
        "/accounts/two-factor/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_token_endpoint_asks_required_roles_for_their_code(user_factory, api_client):
    user = user_factory(Role.STAFF)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    refused = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 400
    assert "otp" in refused.json()
    granted = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, "otp": current_code(device)},
        format="json",
    )
    assert granted.status_code == 200
    assert "token" in granted.json()


def test_an_api_client_gets_a_token_with_its_password(user_factory, api_client):
    user = user_factory(Role.API_CLIENT)
    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
