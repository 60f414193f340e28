"""One settings file, read from the environment (12-factor).

Every knob is an environment variable read here through the small typed helpers below; nothing else in
the code base reads the environment or settings at import time.

Modes: development (the default: DEBUG on, a generated secret key kept under ``./var/``) and production
(``GONGKAI_PRODUCTION=1``: DEBUG off, ``SECRET_KEY`` required, HTTPS-only cookies and HSTS, so that
``gongkai check --deploy`` is clean).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
# Runtime state (the SQLite file, the development secret key, uploads) lives under ./var of the
# directory gongkai is started from, unless GONGKAI_VAR_DIR says otherwise.
VAR_DIR = Path(envstr("GONGKAI_VAR_DIR", str(Path.cwd() / "var"))).resolve()

PRODUCTION = envbool("GONGKAI_PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: production mode (GONGKAI_PRODUCTION=1) refuses to start without one "
            "(generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    # Development: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: production mode needs the site's host names.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.applications",
    "gongkai.reviews",
    "gongkai.reports",
    "gongkai.oversight",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gongkai.middleware.RejectNulBytes",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.applications.context_processors.reminders",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    import dj_database_url

    url = envstr("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
    try:
        db = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 0))
    except Exception as exc:  # the library raises ValueError or its own UnknownSchemeError
        raise ImproperlyConfigured(
            f"DATABASE_URL is not usable ({exc}); use sqlite:///PATH or postgres://USER@HOST:PORT/NAME."
        ) from None
    engine = db.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so
        # that concurrent writers queue on busy_timeout instead of failing with "database is locked".
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine not in ("django.db.backends.postgresql",):
        raise ImproperlyConfigured(
            f"DATABASE_URL names a database gongkai does not support ({engine}); use SQLite or PostgreSQL."
        )
    test_name = envstr("GONGKAI_TEST_DATABASE")
    if test_name:
        db["TEST"] = {"NAME": test_name}
    return {"default": db}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = envstr("GONGKAI_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"GONGKAI_LANGUAGE must be zh-hans or en, not {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own stylesheet (the package itself is no app)
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Whether the day of receipt is itself the first day counted (DESIGN.md §5: practice differs).
WORKDAYS_COUNT_START_DAY = envbool("GONGKAI_COUNT_START_DAY", False)

# Uploads (catalog attachments): the largest file accepted, in bytes.
GONGKAI_MAX_ATTACHMENT_BYTES = envint("GONGKAI_MAX_ATTACHMENT_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("GONGKAI_MAX_FORM_BYTES", 5 * 1024 * 1024)

# Online intake: at most N submissions per submitter address in a window of S seconds.
GONGKAI_INTAKE_RATE_LIMIT = (
    envint("GONGKAI_INTAKE_RATE_LIMIT", 5),
    envint("GONGKAI_INTAKE_RATE_WINDOW", 600),
)

# The REST API's rate limits (per client address without a token, per token with one).
GONGKAI_API_ANON_RATE = envstr("GONGKAI_API_ANON_RATE", "120/m")
GONGKAI_API_AUTH_RATE = envstr("GONGKAI_API_AUTH_RATE", "600/m")

# A task a killed worker left running is queued again after this many seconds: longer than any task takes.
GONGKAI_WORKER_STALE_SECONDS = envint("GONGKAI_WORKER_STALE_SECONDS", 900)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Security headers everywhere; HTTPS-only settings in production (check --deploy is clean there).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("jieba", "weasyprint", "fontTools", "pdfminer")},
}
