"""Settings shared by every profile. Everything that differs between machines comes from the
environment (see ``.env.example``)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Demo mode loads the November 2021 demo data and its accounts; only the local profile sets it.
DEMO_MODE = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "vca_portal",
    "accounts",
    "cooperatives",
    "tasks",
    "meetings",
    "inspections",
    "reports",
    "search",
    "drafting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers compressed (the provinces' lines are slow); Django pads each
    # compressed answer at random against BREACH. Static files come compressed already.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "vca_portal.request_limits.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every browser view needs a login unless it is marked @login_not_required.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "vca_portal.middleware.RequestIdMiddleware",
    # Each write request in one transaction; a DataError that escapes is a 400, rolled back.
    "vca_portal.request_limits.SafetyNetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vca_portal.urls"
WSGI_APPLICATION = "vca_portal.wsgi.application"
ASGI_APPLICATION = "vca_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL is the only engine. DATABASE_URL is e.g. postgres://user:pass@host:5432/vca
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vca"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# What the planner takes a random page read to cost against a sequential one. PostgreSQL's
# default, 4, is a spinning disk's; on SSD storage an index read costs little more, and with 4
# the planner reads the 10,000 documents whole for a misspelt search (170 ms) rather than
# through their trigram index (50 ms). Sent as a start-up option of each connection; empty to
# leave the server's own setting (e.g. behind a pooler that refuses start-up options).
DATABASE_RANDOM_PAGE_COST = env_float("DATABASE_RANDOM_PAGE_COST", 1.1)
if DATABASE_RANDOM_PAGE_COST is not None:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={DATABASE_RANDOM_PAGE_COST:g}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "accounts.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout: 5 failures of one username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Successful sign-ins go to the security log; an axes access log would open a session even for
# API token sign-ins.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor authentication (TOTP) for administrators, staff, leadership and inspectors.
TWO_FACTOR_ENFORCED = env_bool("TWO_FACTOR_ENFORCED", True)
OTP_TOTP_ISSUER = "VCA Portal"

# Sessions: 30 minutes idle (renewed by activity, see accounts.middleware), 12 hours at most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Headers on every response; no inline script anywhere (pages load their JS from static/).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Vietnamese first: numbers 26.661 and 15,5%, dates day first, Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Grouping is asked for where a figure is shown (the `figure` filter, intcomma, vn_int), never
# applied to every integer: a year, a code or an id in a URL is not a quantity ("năm 2026").
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["vca_portal.formats"]
LANGUAGE_COOKIE_NAME = "vca_language"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages name static files by their hashed names only, so collectstatic keeps (and compresses)
# those alone; source maps are read by a developer's tools, never by a page, and are not
# compressed. Together they cut collectstatic from about 75 s to about 15 s.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# What a request may carry (vca_portal.request_limits answers 400 or 413 with a message):
# - the whole body, by its Content-Length, refused unread: the largest document (10 MB) and
#   its form; the reverse proxy's client_max_body_size should be the same (README);
# - the form fields other than files, in all, and how many fields and files.
# Uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, not held in memory.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 12 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "vca_portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vca",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a broker URL runs tasks on workers; without one they run in-process (local profile).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only when it finishes and is handed back if its worker dies, so a
# killed worker never loses a report; the visibility timeout outlasts the longest build.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery stamps the sender's limits on each message, so the web, beat and worker processes
# must read the same values. The soft limit raises inside the task (which then fails visibly)
# a little before the hard limit kills its process; 0 turns the soft limit off.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = (
    env_int(
        "CELERY_TASK_SOFT_TIME_LIMIT",
        max(1, CELERY_TASK_TIME_LIMIT - min(60, CELERY_TASK_TIME_LIMIT // 5)),
    )
    or None
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * CELERY_TASK_TIME_LIMIT)
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] < 100:
    # kombu looks for unacknowledged messages only about every 100 s; a short timeout (the
    # worker tests) needs that sweep to run every second.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every endpoint states what it needs; this default refuses anything that forgets to.
    "DEFAULT_PERMISSION_CLASSES": ["accounts.access.CapabilityPermission"],
    # JSON bodies are bounded in size and depth (API_JSON_MAX_BYTES, API_JSON_MAX_DEPTH); form
    # and multipart bodies by Django's DATA_UPLOAD_* limits.
    "DEFAULT_PARSER_CLASSES": [
        "vca_portal.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "vca_portal.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "30/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        "login": env_str("API_THROTTLE_LOGIN", "10/minute"),
        "statistics": env_str("API_THROTTLE_STATISTICS", "600/minute"),
        "uploads": env_str("API_THROTTLE_UPLOADS", "30/minute"),
    },
    "EXCEPTION_HANDLER": "vca_portal.api.exceptions.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}

# A JSON request body larger than this is refused with 413, one nested deeper with 400.
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 1024 * 1024)
API_JSON_MAX_DEPTH = 20

REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "VCA Portal API",
    "DESCRIPTION": "Statistics, submissions, meetings, tasks, inspections and reports of the "
    "Vietnam Cooperative Alliance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several apps have a ``kind`` or ``status`` with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "tasks.choices.UnitKind",
        "TaskKindEnum": "tasks.choices.TaskKind",
        "TaskStatusEnum": "tasks.choices.TaskStatus",
        "MeetingKindEnum": "meetings.choices.MeetingKind",
        "MeetingFormatEnum": "meetings.choices.MeetingFormat",
        "AgreementKindEnum": "meetings.choices.AgreementKind",
        "DocumentTypeEnum": "meetings.choices.DocumentType",
        "ParticipantRoleEnum": "meetings.choices.ParticipantRole",
        "DraftKindEnum": "drafting.choices.DraftKind",
    },
}


EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "portal@vca.org.vn")

# Monthly submissions are due by this day of the following month.
SUBMISSION_DEADLINE_DAY = env_int("SUBMISSION_DEADLINE_DAY", 5)
# Provinces that have not reported are reminded this many days before the deadline, and the
# given numbers of days after it (a daily Celery beat task, 08:00 in Hà Nội).
SUBMISSION_REMINDER_DAYS_BEFORE = env_int("SUBMISSION_REMINDER_DAYS_BEFORE", 2)
SUBMISSION_REMINDER_DAYS_AFTER = env_int("SUBMISSION_REMINDER_DAYS_AFTER", 1)
SUBMISSION_REMINDER_DAYS_FINAL = env_int("SUBMISSION_REMINDER_DAYS_FINAL", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
