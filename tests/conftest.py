"""Fixtures shared by the whole suite: provinces, users of every role, API clients, and a
Chromium browser driven by Playwright."""

import os

import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database is rolled back after each test, and
    cached statistics or dashboards of an earlier test must not leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def provinces(db):
    """The 97 provinces. Migrations load them; a transactional test's flush removes them."""
    from cooperatives.models import Province
    from cooperatives.services.provinces import provinces_sync

    if Province.objects.count() != 97:
        provinces_sync()
    return Province.objects


@pytest.fixture
def user_factory(db, provinces):
    return make_user


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_client(db):
    """An API client authenticated with a real token obtained through the login endpoint."""

    def build(user, password="correct-horse-battery-9"):
        client = APIClient()
        response = client.post(
            "/api/v1/auth/token/", {"username": user.username, "password": password}, format="json"
        )
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        return client

    return build
