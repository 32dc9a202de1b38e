"""Settings for planaccion, read from environment variables with safe defaults.

With no configuration at all the application runs on an SQLite file under ``var/`` with DEBUG
off, so a fresh checkout behaves like production apart from the database. See ``.env.example``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def development_secret_key() -> str:
    """A key generated once into var/ so sessions survive restarts without a committed secret."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or development_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "core",
    "audit",
    "organization",
    "accounts",
    "plans",
    "participation",
    "consultation",
    "dialogue",
    "surveys",
    "followup",
    "development",
    "improvement",
    "formats",
    "portal",
    "demo",
    "api",
    "backup",
    "django_tasks",
    "core.apps.TasksDatabaseConfig",  # django_tasks_db, named in Spanish
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The API's errors as JSON in its one shape; CORS for its public reads (api.middleware).
    "api.middleware.JsonErrors",
    "api.middleware.PublicReadsCors",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "planaccion.middleware.LoginRequiredExceptApiMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planaccion.urls"
WSGI_APPLICATION = "planaccion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organization.context_processors.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'planaccion.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one writer commits; IMMEDIATE takes the write lock at the start
    # of a transaction so concurrent writers wait (up to the timeout) instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)

if env_str("DATABASE_REPLICA_URL"):
    # A read replica for the public portal and API (core.routers, docs/deploy.md).
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.routers.ReadReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
        "core.routers.ReplicaReadsMiddleware",
    )
REPLICA_READ_PATHS = ("/entidades/", "/api/")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organization.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout (django-axes and accounts.lockout, docs/adr/0022). LOGIN_FAILURE_LIMIT failed log-ins
# for one user name from one address lock that pair for LOGIN_LOCKOUT_MINUTES: nobody elsewhere can
# lock the owner out, and one person's typos do not lock an alcaldía whose staff share one public
# IP. LOGIN_ACCOUNT_FAILURE_LIMIT failures for one user name from any address within
# LOGIN_ACCOUNT_LOCKOUT_HOURS lock it everywhere for as long. The reset mail unlocks both.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 50)
LOGIN_ACCOUNT_LOCKOUT_HOURS = env_int("LOGIN_ACCOUNT_LOCKOUT_HOURS", 24)
# The client address is REMOTE_ADDR. Behind proxies that each append the address they saw to
# X-Forwarded-For (nginx: $proxy_add_x_forwarded_for), set how many there are; the entries a client
# wrote itself are never believed (core.client.client_address).
LOGIN_TRUSTED_PROXIES = env_int("LOGIN_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Two-factor authentication (django-otp, TOTP): issuer shown in the authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "planaccion")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# No URL pattern serves MEDIA_ROOT: evidence goes out through views that check permissions.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several machines share their files in an S3-compatible object store (Ceph, MinIO, a cloud's;
# `make cluster` runs moto's server): evidence, import uploads and generated public files. The
# bucket is private: every file goes out through the views that check permissions, never by a
# link to the bucket.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("S3_REGION", "us-east-1"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Public pages are cached (ADR 21). One machine shares a file cache among its workers; several
# share Redis (REDIS_URL), which also keeps the sessions (cached_db: a restarted Redis costs a
# database read, not a log-in). CACHE_BACKEND and CACHE_LOCATION name any other Django cache.
# Culling is harmless: the cache holds pages, never what says whether they are current (the
# entity's public version).
# While Redis cannot be reached the cache acts as an empty one (core.cache): pages and sessions
# come from the database instead of failing; a connection gives up after a second.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": env_str(
            "CACHE_BACKEND",
            "core.cache.TolerantRedisCache"
            if REDIS_URL
            else "django.core.cache.backends.filebased.FileBasedCache",
        ),
        "LOCATION": env_str("CACHE_LOCATION") or REDIS_URL or str(VAR_DIR / "cache"),
    }
}
if CACHES["default"]["BACKEND"] == "core.cache.TolerantRedisCache":
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work through Django's task interface (django-tasks now, django.tasks from Django
# 6). By default a task runs at once, in the process that enqueues it, so `make run` needs no
# worker; TASKS_BACKEND=database queues it in the database for `manage.py task_worker`.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND: immediate or database, not {TASKS_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

# A session lasts one working day at most and ends when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Links to set a password (reset or invitation) work once and for a day.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): scripts, styles and fonts only from this site, no inline
# scripts or style attributes, no frames. Production adds HTTPS, HSTS and secure cookies
# (planaccion/settings_production.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Request bodies: the form fields of a request (not its files) may take this much; larger
# bodies of another kind (JSON to the API) are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
# Uploaded files: kept in memory up to this size, in a temporary file above it...
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
# ...and not kept at all past this one, counted over a request's files as they arrive
# (core.uploads): plans are imported up to 20 MB (formats.limits.MAX_FILE_BYTES),
# evidence files up to EVIDENCE_MAX_BYTES. The proxy stops bodies over 21 MB (docs/deploy.md).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The address of the site in links sent by mail (invitations), e.g. https://planes.cartago.gov.co
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "planaccion <no-responder@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Evidence files: size limit per file; type is checked from the content (followup.services).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
