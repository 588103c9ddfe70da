"""The test profile: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), fast hashing,
e-mail kept in memory."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, REST_FRAMEWORK

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
