"""The demo profile used by ``make run``: demo data, e-mail to the console, Celery
tasks in-process unless a broker is configured."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "local-demo-key-not-for-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
DEMO_MODE = True
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Static files as production serves them: hashed names cached for a year, compressed
# (``make run`` collects them first), so the demo on a slow network is what people will get.
# A file not collected yet is still found under its plain name.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MANIFEST_STRICT = False
# The demo accounts sign in with their password alone unless TWO_FACTOR_ENFORCED=true.
TWO_FACTOR_ENFORCED = env_bool("TWO_FACTOR_ENFORCED", False)
