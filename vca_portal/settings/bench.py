"""The benchmark profile (``make bench``): production behaviour (no debug pages, Redis cache,
gunicorn) on local http, with the API rate limits raised so that the load generator measures
the portal rather than its throttle. ``bench.urls`` adds the floors the figures are compared
with; nothing of it is mounted in any other profile."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "bench-only-key-" + "b" * 50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
TWO_FACTOR_ENFORCED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "user": "10000000/minute",
        "statistics": "10000000/minute",
        "uploads": "10000000/minute",
    },
}
