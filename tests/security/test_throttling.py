"""API throttling per user and per scope, answered with 429 and Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings

from accounts.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    rates = dict(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], user="3/minute", login="2/minute"
    )
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    api_settings.reload()
    from rest_framework import throttling

    original = throttling.SimpleRateThrottle.THROTTLE_RATES
    throttling.SimpleRateThrottle.THROTTLE_RATES = rates
    cache.clear()
    yield
    throttling.SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


def test_a_user_over_the_rate_gets_429_with_retry_after(low_rates, user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.API_CLIENT))
    statuses = [api_client.get("/api/v1/provinces/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api_client.get("/api/v1/provinces/")
    assert 0 < int(response["Retry-After"]) <= 60
    assert (
        "thử lại" in response.json()["detail"].lower()
        or "quá nhiều" in response.json()["detail"].lower()
    )


def test_one_user_throttled_leaves_another_alone(low_rates, user_factory, api_client):
    from rest_framework.test import APIClient

    api_client.force_authenticate(user_factory(Role.API_CLIENT))
    for _ in range(4):
        api_client.get("/api/v1/provinces/")
    other = APIClient()
    other.force_authenticate(user_factory(Role.API_CLIENT))
    assert other.get("/api/v1/provinces/").status_code == 200


def test_the_login_scope_has_its_own_rate(low_rates, api_client):
    statuses = [
        api_client.post(
            "/api/v1/auth/token/", {"username": f"u{i}", "password": "x"}, format="json"
        ).status_code
        for i in range(3)
    ]
    assert statuses[-1] == 429
