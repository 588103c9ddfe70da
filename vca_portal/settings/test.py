"""The test profile: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), fast hashing,
e-mail kept in memory."""

import os
import re


def _own_redis_database(worker: str) -> None:
    """Each pytest-xdist worker (gw0, gw1 …) works on a Redis database of its own, the first
    worker on the one configured and the next ones after it: the tests empty the cache between
    tests and must not empty another worker's, nor take its Celery messages. The processes a
    test starts inherit the shifted URLs and the marker, and shift nothing again."""
    if os.environ.get("VCA_TEST_REDIS_WORKER") == worker:
        return
    offset = int(worker.removeprefix("gw") or 0)
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = os.environ.get(name)
        if url:
            match = re.fullmatch(r"(rediss?://[^/]*)(?:/(\d*))?", url)
            if match:
                database = (int(match.group(2) or 0) + offset) % 16
                os.environ[name] = f"{match.group(1)}/{database}"
    os.environ["VCA_TEST_REDIS_WORKER"] = worker


if os.environ.get("PYTEST_XDIST_WORKER"):
    _own_redis_database(os.environ["PYTEST_XDIST_WORKER"])

from .base import *  # noqa: E402, F403
from .base import DATABASES, REST_FRAMEWORK  # noqa: E402

SECRET_KEY = "test-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker the tests start writes its e-mail to files the test reads.
if os.environ.get("VCA_TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["VCA_TEST_EMAIL_DIR"]
# Each checkout may name its own test database so that several can test at once.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Each pytest-xdist worker keeps its uploads and reports apart from the other's.
if os.environ.get("PYTEST_XDIST_WORKER") and not os.environ.get("DJANGO_MEDIA_ROOT"):
    MEDIA_ROOT = MEDIA_ROOT / f"test-{os.environ['PYTEST_XDIST_WORKER']}"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttling has its own tests, which set low rates; elsewhere it must not get in the way.
_RATES = REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(_RATES, "100000/minute"),
}
# Most tests sign in with force_login; the two-factor tests switch enforcement on.
TWO_FACTOR_ENFORCED = False
# The whole run on another day, e.g. VCA_TEST_CLOCK=2031-03-15 make test: the test process and
# the Celery workers it starts (which import these settings) all see that day, the clock ticking
# on from its start. The date-sensitive tests also set their own days (tests/conftest.py).
if os.environ.get("VCA_TEST_CLOCK"):
    import datetime
    import zoneinfo

    import time_machine

    _START = datetime.datetime.fromisoformat(os.environ["VCA_TEST_CLOCK"])
    if _START.tzinfo is None:
        _START = _START.replace(hour=_START.hour or 10, tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))  # noqa: F405
    time_machine.travel(_START, tick=True).start()
