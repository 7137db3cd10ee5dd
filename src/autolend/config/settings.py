"""Django settings for autolend, read from the environment, strictly (see README's table).

The defaults give the embedded demo: debug on, SQLite under $AUTOLEND_HOME/var/. Production sets
AUTOLEND_DEBUG=false, AUTOLEND_SECRET_KEY, AUTOLEND_ALLOWED_HOSTS and a postgres:// DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from autolend.config.database import database_from_url
from autolend.config.env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent

AUTOLEND_HOME = Path(os.environ.get("AUTOLEND_HOME") or Path.cwd()).resolve()
if not AUTOLEND_HOME.is_dir():
    raise ImproperlyConfigured(f"AUTOLEND_HOME is not a directory: {AUTOLEND_HOME}")

DEBUG = env_bool("AUTOLEND_DEBUG", True)
# Show the demo accounts (password autolend-demo) on the home and login pages.
AUTOLEND_DEMO = env_bool("AUTOLEND_DEMO", DEBUG)

SECRET_KEY = env_str("AUTOLEND_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("AUTOLEND_SECRET_KEY is required when AUTOLEND_DEBUG is false")
    SECRET_KEY = "django-insecure-autolend-development-key-do-not-use-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("AUTOLEND_SECRET_KEY must be at least 50 varied characters")

ALLOWED_HOSTS = env_list("AUTOLEND_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("AUTOLEND_ALLOWED_HOSTS is required when AUTOLEND_DEBUG is false")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("AUTOLEND_CSRF_TRUSTED_ORIGINS")
if any(not origin.startswith(("http://", "https://")) for origin in CSRF_TRUSTED_ORIGINS):
    raise ImproperlyConfigured("AUTOLEND_CSRF_TRUSTED_ORIGINS entries must start with http:// or https://")

_database_url = env_str("DATABASE_URL")
if not _database_url:
    (AUTOLEND_HOME / "var").mkdir(exist_ok=True)
    _database_url = f"sqlite:///{AUTOLEND_HOME / 'var' / 'autolend.sqlite3'}"
DATABASES = {
    "default": database_from_url(
        _database_url, conn_max_age=env_int("AUTOLEND_DB_CONN_MAX_AGE", 0),
        prepared=env_bool("AUTOLEND_DB_PREPARED", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "autolend.identity",
    "autolend.audit",
    "autolend.ledger",
    "autolend.parties",
    "autolend.products",
    "autolend.servicing",
    "autolend.origination",
    "autolend.decisioning",
    "autolend.collateral",
    "autolend.collections",
    "autolend.dealer_portal",
    "autolend.portal",
    "autolend.web",
    "autolend.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files, not from a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",  # staff TOTP devices (identity/two_factor.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "autolend.identity.middleware.StaffSessionMiddleware",  # 2FA step, staff session limits
    "autolend.identity.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "autolend.config.urls"
WSGI_APPLICATION = "autolend.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,  # each app keeps its own templates/<app>/
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "autolend.web.context_processors.autolend",
            ],
        },
    },
]

AUTH_USER_MODEL = "identity.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = AUTOLEND_HOME / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG  # without debug, `autolend run` runs collectstatic first
WHITENOISE_AUTOREFRESH = DEBUG

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Off by default in debug so the demo works over plain http://127.0.0.1.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("AUTOLEND_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_AGE = env_int("AUTOLEND_SESSION_HOURS", 24 * 14, minimum=1) * 3600  # customers
# HTTPS sites tell browsers to stay on HTTPS (a year by default without debug; 0 turns it off).
SECURE_HSTS_SECONDS = env_int("AUTOLEND_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_SSL_REDIRECT = env_bool("AUTOLEND_SSL_REDIRECT", False)  # usually the proxy's job
if env_bool("AUTOLEND_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sent with every response (identity/middleware.py): pages load only their own scripts and styles.
AUTOLEND_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Staff (every role but borrower and dealer) sign in with a password, then a TOTP code
# (identity/two_factor.py); their sessions end after AUTOLEND_STAFF_SESSION_HOURS, or after
# AUTOLEND_STAFF_IDLE_MINUTES without a request.
AUTOLEND_STAFF_2FA = env_bool("AUTOLEND_STAFF_2FA", True)
AUTOLEND_STAFF_SESSION_HOURS = env_int("AUTOLEND_STAFF_SESSION_HOURS", 8, minimum=1)
AUTOLEND_STAFF_IDLE_MINUTES = env_int("AUTOLEND_STAFF_IDLE_MINUTES", 30, minimum=1)
OTP_TOTP_ISSUER = "autolend"
OTP_TOTP_THROTTLE_FACTOR = 0  # failed codes count towards the lockout below instead
# Lockout (identity/lockout.py): this many failed passwords or codes for one username within
# AUTOLEND_LOCKOUT_MINUTES lock it for that long; an address is refused after ..._IP_FAILURES.
AUTOLEND_LOCKOUT_FAILURES = env_int("AUTOLEND_LOCKOUT_FAILURES", 5, minimum=1)
AUTOLEND_LOCKOUT_IP_FAILURES = env_int("AUTOLEND_LOCKOUT_IP_FAILURES", 20, minimum=1)
AUTOLEND_LOCKOUT_MINUTES = env_int("AUTOLEND_LOCKOUT_MINUTES", 15, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "AUTOLEND_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

# Celery (config/celery.py): real workers when a broker is configured (e.g.
# amqp://guest:guest@127.0.0.1:5672//), else every task runs in the calling process (eager).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or env_str("AUTOLEND_CELERY_BROKER")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never used while eager; never an accidental network call
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or "rpc://"  # results back to the sender
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # EOD units are idempotent: a unit lost with its worker runs again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Eager tasks would log one "succeeded" line each in the caller's output; workers keep them.
LOGGING["loggers"] = {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}}

# End of day (servicing/eod): partitions per business date and loan ids per chunk; the rule sets
# (buckets, provision rates, PD/LGD, basis) can be overridden with an AUTOLEND_EOD dict.
AUTOLEND_EOD_PARTITIONS = env_int("AUTOLEND_EOD_PARTITIONS", 4, minimum=1)
AUTOLEND_EOD_CHUNK = env_int("AUTOLEND_EOD_CHUNK", 20_000, minimum=1)
# Other apps' steps of a business date, run in order after the units and before the close
# (servicing/eod/day_steps.py): (EodRun step name, dotted path of a callable taking the date).
AUTOLEND_EOD_DAY_STEPS = [
    ("applications_expire", "autolend.origination.services.applications_expire"),
    ("collateral_secure", "autolend.origination.services.securing.collateral_after_disbursement_due"),
    ("collateral_daily", "autolend.collateral.services.collateral_daily"),
    ("collections_eod", "autolend.collections.eod.collections_eod_step"),
    ("reminders_send", "autolend.collections.eod.reminders_send_step"),
]

# Payment gateway webhooks (POST /api/v1/webhooks/payments) carry an HMAC-SHA256 signature made
# with this shared secret. Debug has a development default; without debug, unset refuses them all.
AUTOLEND_WEBHOOK_SECRET = env_str("AUTOLEND_WEBHOOK_SECRET") or ("autolend-dev-webhook-secret" if DEBUG else "")

# Product, policy and regulatory-cap versions in force, cached per process for this many seconds
# (autolend/refcache.py: a write in the same process clears it at once; 0 turns it off).
AUTOLEND_REFERENCE_CACHE_SECONDS = env_int("AUTOLEND_REFERENCE_CACHE_SECONDS", 5, minimum=0)
