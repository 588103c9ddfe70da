"""The demo profile used by ``make run``: debug on, demo data, e-mail to the console, Celery
tasks in-process unless a broker is configured."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "local-demo-key-not-for-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
DEMO_MODE = True
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo accounts sign in with their password alone unless TWO_FACTOR_ENFORCED=true.
TWO_FACTOR_ENFORCED = env_bool("TWO_FACTOR_ENFORCED", False)
