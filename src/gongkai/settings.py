"""One settings file, read from the environment (12-factor).

Every knob is an environment variable read here through the small typed helpers below; nothing else in
the code base reads the environment or settings at import time.

Modes: development (the default: DEBUG on, a generated secret key kept under ``./var/``) and production
(``GONGKAI_PRODUCTION=1``: DEBUG off, ``SECRET_KEY`` required, HTTPS-only cookies and HSTS, so that
``gongkai check --deploy`` is clean).
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path
from typing import Any

import django_include_bootstrap
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
# The deployment's shape (docs/deployment.md): "single" — one host, or a few app servers over one database;
# "province" — a load balancer, N app servers, a worker pool, PostgreSQL primary and replica, Redis and an
# object store. ``gongkai check --deploy`` warns about any part the topology needs and the settings lack.
GONGKAI_TOPOLOGY = envstr("GONGKAI_TOPOLOGY", "single")
if GONGKAI_TOPOLOGY not in ("single", "province"):
    raise ImproperlyConfigured(f"GONGKAI_TOPOLOGY must be single or province, not {GONGKAI_TOPOLOGY!r}.")
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


def _data_keys() -> list[str]:
    """Keys that encrypt applicants' personal data at rest (GONGKAI_DATA_KEYS: Fernet keys, comma-separated;
    the first encrypts). Production refuses to start without; development generates one under ./var."""
    keys = envlist("GONGKAI_DATA_KEYS", [])
    if keys:
        return keys
    if PRODUCTION:
        raise ImproperlyConfigured(
            "GONGKAI_DATA_KEYS is not set: production mode needs the key that encrypts applicants' personal "
            "data (generate one with: python3 -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')."
        )
    path = VAR_DIR / "data_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


GONGKAI_DATA_KEYS = _data_keys()
ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: production mode needs the site's host names.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "gongkai.errors.csrf_failure"  # a page of the site that leads back to the form

INSTALLED_APPS = [
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.applications",
    "gongkai.reviews",
    "gongkai.reports",
    "gongkai.oversight",
    "gongkai.inquiries",
    "gongkai.difficulties",
    "gongkai.rectifications",
    "gongkai.ratings",
    "gongkai.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # the widgets' own templates, which templates/django/forms/ overrides in part
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes for a lost phone
    "django_htmx",  # {% htmx_script %}: the vendored htmx, served by the site itself
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.ops.middleware.ClientAddressMiddleware",
    "gongkai.ops.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gongkai.middleware.RejectNulBytes",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: a view answers an htmx request with a fragment
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.errors.ErrorPages",  # bare error responses (require_POST's 405) become the site's pages
    "gongkai.lib.dbrouter.ReplicaReadsMiddleware",  # the open API's public reads on the replica
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
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
                "gongkai.ops.context_processors.site",
                "gongkai.agencies.context_processors.workspace",
            ],
        },
    },
]

# Django's form widgets rendered through templates/django/forms/ (Bootstrap markup: labels, .form-control,
# .is-invalid with .invalid-feedback, help and errors linked by aria-describedby).
FORM_RENDERER = "gongkai.lib.forms.BootstrapFormRenderer"

# What a Chinese government website must show in its footer (《政府网站发展指引》, 《互联网信息服务管理办法》):
# the sponsoring body (主办单位), the site identification code (网站标识码), the ICP record number (ICP备案号),
# the public security record number (公安机关备案号) and the Party and government site badge (党政机关网站标识,
# an image served by this site, and the link it leads to). Each is shown when set; ``gongkai check
# --deploy`` warns in production about the ones missing.
GONGKAI_SITE_SPONSOR = envstr("GONGKAI_SITE_SPONSOR")
GONGKAI_SITE_CODE = envstr("GONGKAI_SITE_CODE")
GONGKAI_ICP_RECORD = envstr("GONGKAI_ICP_RECORD")
GONGKAI_PUBLIC_SECURITY_RECORD = envstr("GONGKAI_PUBLIC_SECURITY_RECORD")
GONGKAI_GOV_BADGE_IMAGE = envstr("GONGKAI_GOV_BADGE_IMAGE")
GONGKAI_GOV_BADGE_URL = envstr("GONGKAI_GOV_BADGE_URL")


def _databases() -> dict[str, Any]:
    import dj_database_url

    url = envstr("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
    try:
        # Production keeps connections open between requests (checked before reuse); development opens one
        # per request, which is simpler to reason about with runserver's threads.
        db = dj_database_url.parse(
            url, conn_max_age=envint("CONN_MAX_AGE", 60 if PRODUCTION else 0), conn_health_checks=True
        )
    except Exception as exc:  # the library raises ValueError or its own UnknownSchemeError
        raise ImproperlyConfigured(
            f"DATABASE_URL is not usable ({exc}); use sqlite:///PATH or postgres://USER@HOST:PORT/NAME."
        ) from None
    engine = db.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so
        # that concurrent writers queue on busy_timeout instead of failing with "database is locked".
        # mmap reads pages straight from the OS page cache (no read() call and copy per page), and a 32 MiB
        # page cache (the default is 2 MiB) keeps more of the search index's pages: a common word's ranking
        # looks up every match's row (benchmarks/search.py at 200,000 documents: p95 −11%, CPU −12%).
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;",
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
    databases = {"default": db}
    replica_url = envstr("GONGKAI_REPLICA_DATABASE_URL")
    if replica_url:
        # A streaming replica of the primary: anonymous portal reads go there (gongkai.lib.dbrouter). The test
        # suite mirrors it onto the primary's test database instead of creating one.
        replica = dj_database_url.parse(
            replica_url, conn_max_age=envint("CONN_MAX_AGE", 60 if PRODUCTION else 0), conn_health_checks=True
        )
        if replica.get("ENGINE") != engine:
            raise ImproperlyConfigured(
                "GONGKAI_REPLICA_DATABASE_URL must name the same kind of database as DATABASE_URL."
            )
        replica["TEST"] = {"MIRROR": "default"}
        databases[REPLICA_DATABASE] = replica
    return databases


REPLICA_DATABASE = "replica"
DATABASES = _databases()
# Anonymous portal reads go to the replica when there is one; writes and staff pages to the primary.
DATABASE_ROUTERS = ["gongkai.lib.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: django-axes locks a username at one address after N failures for a cool-off period
# (docs/security.md); staff who enabled TOTP (django-otp) give its code at sign-in (gongkai.ops.auth).
AUTHENTICATION_BACKENDS = [
    "gongkai.ops.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("GONGKAI_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = envstr("GONGKAI_TOTP_ISSUER", "gongkai")
# The admin never shows a device's secret key or its QR code: whoever reads them can make the codes. Staff
# enrol their own device on their account page.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (nginx: 1); 0 ignores the header.
GONGKAI_TRUSTED_PROXIES = envint("GONGKAI_TRUSTED_PROXIES", 0)
SESSION_COOKIE_AGE = envint("GONGKAI_SESSION_SECONDS", 12 * 3600)
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
# The project's own theme (the package itself is no app) and Bootstrap's files from its wheel, under a prefix
# of their own (the wheel's app would also bring a base.html template, so it is not installed as an app).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", Path(django_include_bootstrap.__file__).parent / "static"),
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Where uploaded attachments, reply letters, stored report renderings and backups are kept: the local file
# system (the default, MEDIA_ROOT) or an S3-compatible object store shared by every app and worker host
# (GONGKAI_STORAGE=s3; docs/deployment.md, "Province topology"). Private files ("default") are handed out as
# signed links that expire; public ones ("public": published reports) carry no signature and may be cached.
GONGKAI_STORAGE = envstr("GONGKAI_STORAGE", "filesystem")
GONGKAI_S3_URL_SECONDS = envint("GONGKAI_S3_URL_SECONDS", 300)
GONGKAI_PUBLIC_FILE_MAX_AGE = envint("GONGKAI_PUBLIC_FILE_MAX_AGE", 86400)


def s3_storages(
    bucket: str,
    public_bucket: str,
    *,
    endpoint_url: str | None,
    region: str | None,
    access_key: str | None,
    secret_key: str | None,
    addressing_style: str = "path",
    url_seconds: int = 300,
    public_max_age: int = 86400,
    public_domain: str | None = None,
) -> dict[str, Any]:
    """The "default" (private) and "public" storages in an S3-compatible object store (django-storages)."""
    common = {
        "endpoint_url": endpoint_url,
        "region_name": region,
        "access_key": access_key,
        "secret_key": secret_key,
        # Government clouds' S3-compatible stores commonly want path-style addresses and v4 signatures.
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket's policy decides; objects are never made public one by one
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "bucket_name": bucket,
                "querystring_auth": True,
                "querystring_expire": url_seconds,
                "object_parameters": {"CacheControl": "private"},
            },
        },
        "public": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "bucket_name": public_bucket,
                "location": "public",
                "querystring_auth": False,
                "custom_domain": public_domain,
                "object_parameters": {"CacheControl": f"public, max-age={public_max_age}"},
            },
        },
    }


def _storages() -> dict[str, Any]:
    if GONGKAI_STORAGE == "filesystem":
        files: dict[str, Any] = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "public": {"BACKEND": "gongkai.lib.storage.PublicFileSystemStorage"},
            "backups": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {
                    "location": VAR_DIR / "backups",
                    "file_permissions_mode": 0o600,  # a backup holds applicants' personal data
                    "directory_permissions_mode": 0o700,
                },
            },
        }
    elif GONGKAI_STORAGE == "s3":
        bucket = envstr("GONGKAI_S3_BUCKET")
        if not bucket:
            raise ImproperlyConfigured("GONGKAI_STORAGE=s3 needs GONGKAI_S3_BUCKET, the bucket for files.")
        files = s3_storages(
            bucket,
            envstr("GONGKAI_S3_PUBLIC_BUCKET", bucket),
            endpoint_url=envstr("GONGKAI_S3_ENDPOINT_URL") or None,
            region=envstr("GONGKAI_S3_REGION") or None,
            access_key=envstr("GONGKAI_S3_ACCESS_KEY_ID") or None,
            secret_key=envstr("GONGKAI_S3_SECRET_ACCESS_KEY") or None,
            addressing_style=envstr("GONGKAI_S3_ADDRESSING_STYLE", "path"),
            url_seconds=GONGKAI_S3_URL_SECONDS,
            public_max_age=GONGKAI_PUBLIC_FILE_MAX_AGE,
            public_domain=envstr("GONGKAI_S3_PUBLIC_DOMAIN") or None,
        )
        backup_bucket = envstr("GONGKAI_S3_BACKUP_BUCKET")
        if backup_bucket:  # a bucket of its own, so that the backups never back up each other
            files["backups"] = {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": files["default"]["OPTIONS"] | {"bucket_name": backup_bucket},
            }
    else:
        raise ImproperlyConfigured(f"GONGKAI_STORAGE must be filesystem or s3, not {GONGKAI_STORAGE!r}.")
    return files | {
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


STORAGES = _storages()

# The cache: Redis shared by every app server when GONGKAI_CACHE_URL names one (redis://HOST:6379/N), else
# this process's memory. Anonymous portal pages are cached in it (gongkai.lib.pagecache) for this many seconds
# at most — only where there is a shared cache, since a per-process cache could not be invalidated on every
# app server when a document is published — and each is invalidated as soon as what it shows changes.
GONGKAI_CACHE_URL = envstr("GONGKAI_CACHE_URL")
GONGKAI_CACHE_PREFIX = envstr("GONGKAI_CACHE_PREFIX", "gongkai")
GONGKAI_PAGE_CACHE_SECONDS = envint("GONGKAI_PAGE_CACHE_SECONDS", 600 if GONGKAI_CACHE_URL else 0)
# The HTTP cache in front of the app servers (Varnish, deploy/varnish/gongkai.vcl; gongkai.lib.edge): the
# pages the page cache shares between anonymous readers are marked public for it, for this many seconds at
# most, and each of its URLs (http://varnish-host:6081/, one per Varnish) is sent a BAN when what they show
# changes. Empty: no HTTP cache, nothing marked public.
GONGKAI_HTTP_CACHE_URLS = envlist("GONGKAI_HTTP_CACHE_URLS", [])
GONGKAI_HTTP_CACHE_SECONDS = envint("GONGKAI_HTTP_CACHE_SECONDS", 300)
CACHES: dict[str, Any] = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": GONGKAI_CACHE_URL,
        "KEY_PREFIX": GONGKAI_CACHE_PREFIX,
    }
    if GONGKAI_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Sessions: in the database, read through the cache (cached_db). Only signed-in staff, citizens tracking an
# application and applicants part-way through the application's steps have sessions — anonymous readers get
# none — so they are few and the database bears them easily; kept in the database they survive a Redis restart or eviction, which would otherwise sign out
# every clerk mid-form, and the cache in front spares the database a read on every page a clerk opens.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if GONGKAI_CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# Whether the day of receipt is itself the first day counted (docs/design.md §5: practice differs).
WORKDAYS_COUNT_START_DAY = envbool("GONGKAI_COUNT_START_DAY", False)

# The day the annual-report actions and pages take as today (a ``datetime.date``); None: the local date.
# Not read from the environment: tests set it to show a given day (a report is published only once its
# year is over, so what the pages offer depends on the date).
GONGKAI_REPORTS_TODAY: datetime.date | None = None

# Uploads (catalog attachments): the largest file accepted, in bytes.
GONGKAI_MAX_ATTACHMENT_BYTES = envint("GONGKAI_MAX_ATTACHMENT_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("GONGKAI_MAX_FORM_BYTES", 5 * 1024 * 1024)
# Size limits on every request (nginx's client_max_body_size bounds the whole body before this):
# uploads larger than this go to a temporary file instead of memory; fields and files per request.
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("GONGKAI_FILE_UPLOAD_MEMORY_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("GONGKAI_MAX_FORM_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = envint("GONGKAI_MAX_FORM_FILES", 20)

# Online intake: at most N submissions per submitter address in a window of S seconds.
GONGKAI_INTAKE_RATE_LIMIT = (
    envint("GONGKAI_INTAKE_RATE_LIMIT", 5),
    envint("GONGKAI_INTAKE_RATE_WINDOW", 600),
)

# The public service forms (issue 19, gongkai.lib.abuse): a form sent back sooner than this many seconds
# after it was drawn is a robot's; at most N accepted submissions per form and client address in S seconds.
GONGKAI_FORM_MIN_SECONDS = envint("GONGKAI_FORM_MIN_SECONDS", 3)
GONGKAI_PUBLIC_FORM_RATE_LIMIT = (
    envint("GONGKAI_PUBLIC_FORM_RATE_LIMIT", 5),
    envint("GONGKAI_PUBLIC_FORM_RATE_WINDOW", 600),
)

# 政策咨询: the workdays an agency has to answer an inquiry (an agency may set its own: InquirySetting).
GONGKAI_INQUIRY_ANSWER_WORKDAYS = envint("GONGKAI_INQUIRY_ANSWER_WORKDAYS", 5)

# Tracking look-ups (code + the telephone's last four digits): at most N failures per client address in a
# window of S seconds; a successful look-up is kept in the session for M minutes since the last page opened.
GONGKAI_TRACKING_FAILURE_LIMIT = (
    envint("GONGKAI_TRACKING_FAILURE_LIMIT", 10),
    envint("GONGKAI_TRACKING_FAILURE_WINDOW", 3600),
)
GONGKAI_TRACKING_SESSION_MINUTES = envint("GONGKAI_TRACKING_SESSION_MINUTES", 60)
# How long the online form keeps the answers of an unfinished application in the session since the last step.
GONGKAI_APPLY_SESSION_MINUTES = envint("GONGKAI_APPLY_SESSION_MINUTES", 60)

# The REST API's rate limits (per client address without a token, per token with one).
GONGKAI_API_ANON_RATE = envstr("GONGKAI_API_ANON_RATE", "120/m")
GONGKAI_API_AUTH_RATE = envstr("GONGKAI_API_AUTH_RATE", "600/m")
# POST /api/audit reads a whole report (or fetches a website): its own, lower rate per client address; the
# largest file it reads (upload or download); seconds per web request; and whether an address may point at
# this machine or its private network (only for tests and closed networks: else a caller reads neighbours).
GONGKAI_AUDIT_RATE = envstr("GONGKAI_AUDIT_RATE", "10/m")
GONGKAI_AUDIT_MAX_BYTES = envint("GONGKAI_AUDIT_MAX_BYTES", 20 * 1024 * 1024)
GONGKAI_AUDIT_FETCH_TIMEOUT = envint("GONGKAI_AUDIT_FETCH_TIMEOUT", 20)
GONGKAI_AUDIT_FETCH_PRIVATE_ADDRESSES = envbool("GONGKAI_AUDIT_FETCH_PRIVATE_ADDRESSES", False)

# The tasks' queue (the Django tasks API either way): "db" (django-tasks-db: the database is the queue, nothing
# more to run; the default) or "rq" (django-tasks-rq: a Redis-backed worker pool that several worker hosts
# share, for a province deployment; docs/deployment.md §7).
GONGKAI_TASKS_BACKEND = envstr("GONGKAI_TASKS_BACKEND", "db")
if GONGKAI_TASKS_BACKEND not in ("db", "rq"):
    raise ImproperlyConfigured(f"GONGKAI_TASKS_BACKEND must be db or rq, not {GONGKAI_TASKS_BACKEND!r}.")
GONGKAI_TASKS_REDIS_URL = envstr("GONGKAI_TASKS_REDIS_URL")
# RQ: a running job's worker renews its heartbeat this often; a job whose heartbeat is this many seconds
# late (its worker was killed) goes back to the queue, at most GONGKAI_TASKS_RETRIES times (gongkai.ops.taskqueue).
GONGKAI_TASKS_HEARTBEAT_SECONDS = envint("GONGKAI_TASKS_HEARTBEAT_SECONDS", 10)
GONGKAI_TASKS_ABANDONED_SECONDS = envint("GONGKAI_TASKS_ABANDONED_SECONDS", 60)
GONGKAI_TASKS_MAINTENANCE_SECONDS = envint("GONGKAI_TASKS_MAINTENANCE_SECONDS", 30)
GONGKAI_TASKS_RETRIES = envint("GONGKAI_TASKS_RETRIES", 3)
# Longer than any task takes (a province's daily sweep, a batch audit of 5,000 reports); RQ's own is 3 min.
GONGKAI_TASKS_TIMEOUT_SECONDS = envint("GONGKAI_TASKS_TIMEOUT_SECONDS", 6 * 3600)
if GONGKAI_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    # No django-rq dashboard in the admin: its pages would bypass gongkai.agencies.access (use `rq info`).
    RQ_SHOW_ADMIN_LINK = False
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": GONGKAI_TASKS_REDIS_URL or "redis://127.0.0.1:6379/0",
            "DEFAULT_TIMEOUT": GONGKAI_TASKS_TIMEOUT_SECONDS,
            "QUEUE_CLASS": "gongkai.ops.taskqueue.RetryingQueue",
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task a killed worker left running is queued again after this many seconds (gongkai.ops.recovery):
# longer than the daily sweep ever takes.
GONGKAI_WORKER_STALE_SECONDS = envint("GONGKAI_WORKER_STALE_SECONDS", 900)
# The batch audit and reminders pages say that no worker is running when none has written its heartbeat
# (gongkai.ops.worker, every 10 s while it runs) for this many seconds.
GONGKAI_WORKER_MISSING_SECONDS = envint("GONGKAI_WORKER_MISSING_SECONDS", 120)

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# Messages to applicants (applications.notifications): the site's address for the tracking link in them,
# and the text-message backend, a dotted path — "" sends none; gongkai.applications.sms.ConsoleBackend
# prints, .FileBackend appends JSON lines to GONGKAI_SMS_FILE, .HttpBackend posts JSON to GONGKAI_SMS_URL
# (with GONGKAI_SMS_TOKEN as a bearer token when set).
GONGKAI_SITE_URL = envstr("GONGKAI_SITE_URL", "http://localhost:8000")
GONGKAI_SMS_BACKEND = envstr("GONGKAI_SMS_BACKEND")
GONGKAI_SMS_FILE = envstr("GONGKAI_SMS_FILE", str(VAR_DIR / "sms.jsonl"))
GONGKAI_SMS_URL = envstr("GONGKAI_SMS_URL")
GONGKAI_SMS_TOKEN = envstr("GONGKAI_SMS_TOKEN")
GONGKAI_SMS_TIMEOUT = envint("GONGKAI_SMS_TIMEOUT", 10)

# Security headers everywhere; HTTPS-only settings in production (check --deploy is clean there).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
# Sent by gongkai.ops.middleware.SecurityHeadersMiddleware. The site has no inline script; report pages
# embed their stylesheet in a <style> element, hence 'unsafe-inline' for styles only.
GONGKAI_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        *(["upgrade-insecure-requests"] if PRODUCTION else []),
    ]
)
# The API documentation page (django-ninja's Swagger UI) loads its script from a CDN and starts it inline;
# it alone gets this policy (serving Swagger UI locally would add 20 s of collectstatic to every start).
GONGKAI_API_DOCS_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "img-src 'self' data: https://django-ninja.dev",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
GONGKAI_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "browsing-topics",
    )
)
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
    # axes: every failed sign-in is logged at INFO; the lockouts, at WARNING, are what operators need.
    # django.template at DEBUG logs the error report's context — every frame's local variables, an
    # applicant's form data included — so it stays at INFO whatever LOG_LEVEL says.
    "loggers": {
        name: {"level": "WARNING"} for name in ("jieba", "weasyprint", "fontTools", "pdfminer", "axes")
    }
    | {"django.template": {"level": "INFO"}},
}
