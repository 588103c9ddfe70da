"""Fixtures shared by the whole suite: provinces, users of every role, API clients, and a
Chromium browser driven by Playwright."""

import datetime
import os
import zoneinfo

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


VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# The days on which every date-sensitive test runs: an ordinary day, the last evening of a year,
# the first day of the 34 provinces, and a day years ahead of any seeded data.
DAYS = {
    "mid-month": datetime.datetime(2026, 11, 20, 10, 0, tzinfo=VIETNAM),
    "year-end": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=VIETNAM),
    "merger": datetime.datetime(2025, 7, 1, 8, 0, tzinfo=VIETNAM),
    "years-ahead": datetime.datetime(2031, 3, 15, 10, 0, tzinfo=VIETNAM),
}


@pytest.fixture
def clock(time_machine):
    """Sets the portal's clock: ``clock(datetime.date(2026, 12, 5))`` (10:00 in Hà Nội) or
    ``clock(an aware datetime)``; the clock then ticks on from there. Returns the local day."""

    def set_to(moment: datetime.date | datetime.datetime) -> datetime.date:
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, datetime.time(10), VIETNAM)
        time_machine.move_to(moment, tick=True)
        return moment.astimezone(VIETNAM).date()

    return set_to


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def any_day(request, clock):
    """Runs a test once on each of ``DAYS``, the clock set; the value is that day's date."""
    return clock(request.param)


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
